import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payments settle the oldest unpaid month first, so the months paid are always the first months
 * of a period and a back payment never skips arrears. A card's arrears are therefore simply the
 * completed months of the period in force that no payment (known on the day asked) settled.
 */
export class OldestMonthFirst1765000000002 implements MigrationInterface {
  name = 'OldestMonthFirst1765000000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- Whether a card's month is paid, as known on as_of (a payment counts from the day it was made).
      CREATE FUNCTION month_paid(card char(11), allocation varchar, due date, as_of date) RETURNS boolean LANGUAGE sql STABLE AS $fn$
        SELECT EXISTS (SELECT 1 FROM premium_payment pp WHERE pp.kpj = card AND pp.month = due AND pp.paid_on <= as_of)
            OR due <= coalesce((SELECT paid_through FROM membership_card WHERE kpj = card), '-infinity'::date)
      $fn$;
      CREATE OR REPLACE FUNCTION unpaid_months(card char(11), as_of date) RETURNS int LANGUAGE sql STABLE AS $fn$
        SELECT count(*)::int
        FROM coverage_period p
        CROSS JOIN LATERAL generate_series(
          date_trunc('month', p.valid_from::timestamp),
          least(date_trunc('month', p.valid_until::timestamp), date_trunc('month', as_of::timestamp) - interval '1 month'),
          interval '1 month') AS due(month)
        WHERE p.kpj = card AND p.valid_from <= as_of AND p.valid_until >= as_of
          AND NOT month_paid(card, p.allocation_id, due.month::date, as_of)
      $fn$;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION unpaid_months(card char(11), as_of date) RETURNS int LANGUAGE sql STABLE AS $fn$
        SELECT count(DISTINCT due.month)::int
        FROM coverage_period p
        CROSS JOIN LATERAL generate_series(
          date_trunc('month', p.valid_from::timestamp),
          least(date_trunc('month', p.valid_until::timestamp), date_trunc('month', as_of::timestamp) - interval '1 month'),
          interval '1 month') AS due(month)
        WHERE p.kpj = card AND p.valid_from <= as_of
          AND due.month > coalesce(greatest(
            (SELECT paid_through FROM membership_card WHERE kpj = card),
            (SELECT max(month) FROM premium_payment WHERE kpj = card AND paid_on <= as_of)), '-infinity'::date)
      $fn$;
      DROP FUNCTION month_paid;
    `);
  }
}
