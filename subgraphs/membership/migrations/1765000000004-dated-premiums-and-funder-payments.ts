import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Premiums follow the dated rate schedule: a period keeps the month its member joined (PP 49/2020
 * relief starts in the third month of membership) and its premium at the rates in force month by
 * month. The funder's monthly payment of an invoice is recorded here too, apart from a worker's own
 * payments, and both make a card's month paid.
 */
export class DatedPremiumsAndFunderPayments1765000000004 implements MigrationInterface {
  name = 'DatedPremiumsAndFunderPayments1765000000004';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE coverage_period ADD COLUMN member_since date, ADD COLUMN premium_total bigint;
      UPDATE coverage_period p SET member_since = f.since
        FROM (SELECT kpj, date_trunc('month', min(valid_from))::date AS since FROM coverage_period GROUP BY kpj) f WHERE f.kpj = p.kpj;
      UPDATE coverage_period SET premium_total = monthly_premium * months;
      ALTER TABLE coverage_period ALTER COLUMN member_since SET NOT NULL, ALTER COLUMN premium_total SET NOT NULL,
        ADD CONSTRAINT coverage_period_premium_total CHECK (premium_total > 0);

      CREATE TABLE funder_payment (
        allocation_id varchar NOT NULL,
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        invoice_id varchar NOT NULL,
        workers int NOT NULL CHECK (workers > 0),
        amount bigint NOT NULL CHECK (amount > 0),
        paid_on date NOT NULL,
        PRIMARY KEY (allocation_id, month)
      );

      CREATE OR REPLACE FUNCTION month_paid(card char(11), allocation varchar, due date, as_of date) RETURNS boolean LANGUAGE sql STABLE AS $fn$
        SELECT EXISTS (SELECT 1 FROM premium_payment pp WHERE pp.kpj = card AND pp.month = due AND pp.paid_on <= as_of)
            OR EXISTS (SELECT 1 FROM funder_payment f WHERE f.allocation_id = allocation AND f.month = due AND f.paid_on <= as_of)
            OR due <= coalesce((SELECT paid_through FROM membership_card WHERE kpj = card), '-infinity'::date)
      $fn$;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION month_paid(card char(11), allocation varchar, due date, as_of date) RETURNS boolean LANGUAGE sql STABLE AS $fn$
        SELECT EXISTS (SELECT 1 FROM premium_payment pp WHERE pp.kpj = card AND pp.month = due AND pp.paid_on <= as_of)
            OR due <= coalesce((SELECT paid_through FROM membership_card WHERE kpj = card), '-infinity'::date)
      $fn$;
      DROP TABLE funder_payment;
      ALTER TABLE coverage_period DROP CONSTRAINT coverage_period_premium_total, DROP COLUMN member_since, DROP COLUMN premium_total;
    `);
  }
}
