import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The status rule, set-based: `card_statuses_on` derives the status of many cards in one pass
 * (due months anti-joined with the worker's and the funder's payments), so a roster of a thousand
 * cards costs one hash join instead of a thousand function calls; `card_status_on` is the same
 * rule for one card (the function turns JIT compilation off for itself only: it is never worth it
 * here). Arrears are the completed months of the period in force that no payment
 * known on the day settled.
 */
export class CardStatusesSetBased1765000000005 implements MigrationInterface {
  name = 'CardStatusesSetBased1765000000005';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- JIT compiling this small query cost a second per roster on PostgreSQL; it runs in milliseconds without.
      CREATE FUNCTION card_statuses_on(cards text[], as_of date) RETURNS TABLE (kpj char(11), status varchar) LANGUAGE sql STABLE SET jit = off AS $fn$
        WITH card AS (
          SELECT c.kpj, c.closed_on, coalesce(c.paid_through, '-infinity'::date) AS paid_through FROM membership_card c WHERE c.kpj = ANY(cards::char(11)[])
        ), in_force AS (
          SELECT cp.kpj, cp.allocation_id, cp.valid_from, cp.valid_until FROM coverage_period cp JOIN card USING (kpj)
          WHERE cp.valid_from <= as_of AND cp.valid_until >= as_of
        ), due AS (
          SELECT p.kpj, p.allocation_id, d::date AS month FROM in_force p
          CROSS JOIN LATERAL generate_series(date_trunc('month', p.valid_from::timestamp),
            least(date_trunc('month', p.valid_until::timestamp), date_trunc('month', as_of::timestamp) - interval '1 month'), interval '1 month') AS d
        ), unpaid AS (
          SELECT due.kpj, count(*)::int AS months FROM due JOIN card USING (kpj)
          WHERE due.month > card.paid_through
            AND NOT EXISTS (SELECT 1 FROM premium_payment pp WHERE pp.kpj = due.kpj AND pp.month = due.month AND pp.paid_on <= as_of)
            AND NOT EXISTS (SELECT 1 FROM funder_payment f WHERE f.allocation_id = due.allocation_id AND f.month = due.month AND f.paid_on <= as_of)
          GROUP BY due.kpj
        )
        SELECT card.kpj, (CASE
          WHEN card.closed_on IS NOT NULL AND card.closed_on <= as_of THEN 'CLOSED'
          WHEN covered.kpj IS NULL THEN 'NOT_COVERED'
          WHEN coalesce(unpaid.months, 0) >= 3 THEN 'INACTIVE'
          ELSE 'ACTIVE' END)::varchar
        FROM card
        LEFT JOIN (SELECT DISTINCT in_force.kpj FROM in_force) covered ON covered.kpj = card.kpj
        LEFT JOIN unpaid ON unpaid.kpj = card.kpj
      $fn$;
      CREATE OR REPLACE FUNCTION card_status_on(card char(11), as_of date) RETURNS varchar LANGUAGE sql STABLE AS $fn$
        SELECT status FROM card_statuses_on(ARRAY[card::text], as_of)
      $fn$;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION card_status_on(card char(11), as_of date) RETURNS varchar LANGUAGE sql STABLE AS $fn$
        SELECT CASE
          WHEN c.closed_on IS NOT NULL AND c.closed_on <= as_of THEN 'CLOSED'
          WHEN NOT EXISTS (SELECT 1 FROM coverage_period p WHERE p.kpj = card AND p.valid_from <= as_of AND p.valid_until >= as_of) THEN 'NOT_COVERED'
          WHEN unpaid_months(card, as_of) >= 3 THEN 'INACTIVE'
          ELSE 'ACTIVE' END
        FROM membership_card c WHERE c.kpj = card
      $fn$;
      DROP FUNCTION card_statuses_on;
    `);
  }
}
