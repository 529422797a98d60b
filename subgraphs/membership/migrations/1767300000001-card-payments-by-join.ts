import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * card_payments joins the cards asked for instead of testing `kpj = ANY(cards)`: a parameter array
 * is searched linearly for every payment and invoice line, so a village roster's months (a few
 * hundred cards, once per statement) took longer than a subgraph's timeout. Joined, each card is an
 * index lookup on (kpj, month), as card_statuses_on already does.
 */
export class CardPaymentsByJoin1767300000001 implements MigrationInterface {
  name = 'CardPaymentsByJoin1767300000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE OR REPLACE FUNCTION card_payments(cards text[], as_of date, known_at timestamptz)
        RETURNS TABLE (kpj char(11), month date, payer varchar, paid_on date, recorded_at timestamptz, invoice_id varchar, allocation_id varchar)
        LANGUAGE sql STABLE AS $fn$
        WITH asked AS (SELECT DISTINCT unnest(cards::char(11)[]) AS kpj)
        SELECT pp.kpj, pp.month, 'WORKER'::varchar, pp.paid_on, pp.recorded_at, NULL::varchar, pp.allocation_id
        FROM asked JOIN premium_payment pp ON pp.kpj = asked.kpj
        WHERE pp.paid_on <= as_of AND pp.recorded_at <= known_at
        UNION ALL
        SELECT l.kpj, l.month, 'FUNDER'::varchar, f.paid_on, f.recorded_at, l.invoice_id, f.allocation_id
        FROM asked JOIN premium_invoice_line l ON l.kpj = asked.kpj
        JOIN funder_payment f ON f.invoice_id = l.invoice_id AND f.paid_on <= as_of AND f.recorded_at <= known_at
      $fn$;
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE OR REPLACE FUNCTION card_payments(cards text[], as_of date, known_at timestamptz)
        RETURNS TABLE (kpj char(11), month date, payer varchar, paid_on date, recorded_at timestamptz, invoice_id varchar, allocation_id varchar)
        LANGUAGE sql STABLE AS $fn$
        SELECT pp.kpj, pp.month, 'WORKER'::varchar, pp.paid_on, pp.recorded_at, NULL::varchar, pp.allocation_id
        FROM premium_payment pp WHERE pp.kpj = ANY(cards::char(11)[]) AND pp.paid_on <= as_of AND pp.recorded_at <= known_at
        UNION ALL
        SELECT l.kpj, l.month, 'FUNDER'::varchar, f.paid_on, f.recorded_at, l.invoice_id, f.allocation_id
        FROM premium_invoice_line l JOIN funder_payment f ON f.invoice_id = l.invoice_id AND f.paid_on <= as_of AND f.recorded_at <= known_at
        WHERE l.kpj = ANY(cards::char(11)[])
      $fn$;
    `);
  }
}
