import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A card's status is derived on read, never stored: the column keeps only the card's life cycle
 * (OPEN, or CLOSED at death), which changes only in the transaction that records the death.
 * Whether an open card is ACTIVE, INACTIVE or NOT_COVERED depends on the day asked, the coverage
 * periods and the payments, so `card_status_on` computes it for every reader.
 */
export class TruthfulCardStatus1765000000001 implements MigrationInterface {
  name = 'TruthfulCardStatus1765000000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE membership_card DROP CONSTRAINT membership_card_status_check;
      UPDATE membership_card SET status = 'OPEN' WHERE status <> 'CLOSED';
      ALTER TABLE membership_card ADD CONSTRAINT membership_card_lifecycle CHECK (status IN ('OPEN', 'CLOSED'));
      COMMENT ON COLUMN membership_card.status IS 'Life cycle only: OPEN, or CLOSED at death. ACTIVE, INACTIVE and NOT_COVERED are derived by card_status_on.';

      -- Covered only while a coverage period is in force; INACTIVE after 3 unpaid months of it;
      -- CLOSED from the date of death; NOT_COVERED before, between and after periods.
      CREATE OR REPLACE FUNCTION card_status_on(card char(11), as_of date) RETURNS varchar LANGUAGE sql STABLE AS $fn$
        SELECT CASE
          WHEN c.closed_on IS NOT NULL AND c.closed_on <= as_of THEN 'CLOSED'
          WHEN NOT EXISTS (SELECT 1 FROM coverage_period p WHERE p.kpj = card AND p.valid_from <= as_of AND p.valid_until >= as_of) THEN 'NOT_COVERED'
          WHEN unpaid_months(card, as_of) >= 3 THEN 'INACTIVE'
          ELSE 'ACTIVE' END
        FROM membership_card c WHERE c.kpj = card
      $fn$;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE membership_card DROP CONSTRAINT membership_card_lifecycle;
      UPDATE membership_card SET status = card_status_on(kpj, current_date) WHERE status = 'OPEN';
      UPDATE membership_card SET status = 'INACTIVE' WHERE status = 'NOT_COVERED';
      ALTER TABLE membership_card ADD CONSTRAINT membership_card_status_check CHECK (status IN ('ACTIVE', 'INACTIVE', 'CLOSED'));
    `);
  }
}
