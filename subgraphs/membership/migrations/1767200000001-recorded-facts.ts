import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every fact gets the second of its two times: when it was recorded, by the server's clock
 * (`recorded_at`), beside when it is true (valid_from, paid_on, closed_on). Rules then ask "what
 * was known then?": a claim is judged on what was recorded by the end of its event day, so cover or
 * payments recorded after a death never make it payable.
 *
 * Invoices become the insurer's own record with lines: each bills the cards of the allocation
 * covered in the month and not yet billed for it, each card's month once; a card recorded later
 * goes on a supplementary invoice. The funder's payment pays one invoice, so it settles exactly
 * its lines.
 *
 * Rows recorded before this migration get the best time the data allows: a period the day before
 * its cover began (the seed's story, where cover was recorded ahead of each year), a payment its
 * paid_on, a closure its date of death.
 */
export class RecordedFacts1767200000001 implements MigrationInterface {
  name = 'RecordedFacts1767200000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- Midnight in Ambon (UTC+9) of a day, as an instant.
      CREATE FUNCTION ambon_midnight(day date) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $fn$
        SELECT (day::timestamp - interval '9 hours') AT TIME ZONE 'UTC'
      $fn$;

      ALTER TABLE coverage_period ADD COLUMN recorded_at timestamptz;
      UPDATE coverage_period SET recorded_at = ambon_midnight(valid_from - 1);
      ALTER TABLE coverage_period ALTER COLUMN recorded_at SET NOT NULL;

      ALTER TABLE premium_payment ADD COLUMN recorded_at timestamptz, ADD COLUMN recorded_by varchar(200);
      UPDATE premium_payment SET recorded_at = ambon_midnight(paid_on);
      ALTER TABLE premium_payment ALTER COLUMN recorded_at SET NOT NULL;

      ALTER TABLE membership_card ADD COLUMN closed_recorded_at timestamptz;
      UPDATE membership_card SET closed_recorded_at = ambon_midnight(closed_on) WHERE closed_on IS NOT NULL;

      CREATE TABLE premium_invoice (
        id varchar PRIMARY KEY,
        allocation_id varchar NOT NULL,
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        workers int NOT NULL CHECK (workers > 0),
        amount bigint NOT NULL CHECK (amount > 0),
        issued_on date NOT NULL,
        recorded_at timestamptz NOT NULL
      );
      CREATE INDEX premium_invoice_month ON premium_invoice (allocation_id, month);
      -- The cards an invoice bills, each at its premium for the month. A card's month is billed once:
      -- a card recorded after the month's invoice goes on a supplementary one.
      CREATE TABLE premium_invoice_line (
        invoice_id varchar NOT NULL REFERENCES premium_invoice(id),
        kpj char(11) NOT NULL REFERENCES membership_card(kpj),
        month date NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        PRIMARY KEY (kpj, month)
      );
      CREATE INDEX premium_invoice_line_invoice ON premium_invoice_line (invoice_id);
      INSERT INTO premium_invoice (id, allocation_id, month, workers, amount, issued_on, recorded_at)
        SELECT invoice_id, allocation_id, month, workers, amount, paid_on, ambon_midnight(paid_on) FROM funder_payment;
      -- Invoices paid before lines existed billed every card their allocation covered that month.
      INSERT INTO premium_invoice_line (invoice_id, kpj, month, amount)
        SELECT DISTINCT ON (p.kpj, f.month) f.invoice_id, p.kpj, f.month, p.monthly_premium
        FROM funder_payment f JOIN coverage_period p ON p.allocation_id = f.allocation_id
          AND f.month BETWEEN date_trunc('month', p.valid_from::timestamp)::date AND p.valid_until
        JOIN membership_card c ON c.kpj = p.kpj AND (c.closed_on IS NULL OR c.closed_on >= f.month)
        ORDER BY p.kpj, f.month;

      ALTER TABLE funder_payment ADD COLUMN recorded_at timestamptz;
      UPDATE funder_payment SET recorded_at = ambon_midnight(paid_on);
      ALTER TABLE funder_payment ALTER COLUMN recorded_at SET NOT NULL, DROP CONSTRAINT funder_payment_pkey,
        ADD PRIMARY KEY (invoice_id), ADD CONSTRAINT funder_payment_invoice FOREIGN KEY (invoice_id) REFERENCES premium_invoice(id);
      CREATE INDEX funder_payment_month ON funder_payment (allocation_id, month);

      -- A month is due on the 15th of the next month (the city pays each invoice by then).
      CREATE FUNCTION premium_due_on(month date) RETURNS date LANGUAGE sql IMMUTABLE AS $fn$
        SELECT (month + interval '1 month' + interval '14 days')::date
      $fn$;

      CREATE INDEX premium_payment_card_month ON premium_payment (kpj, month);

      -- Payments of a card's months, as known at known_at and true on as_of: the worker's own, and
      -- the funder's payment of an invoice that billed the card for the month. Both can exist for
      -- one month when the worker paid a month already invoiced: the first recorded pays it and
      -- the other is a credit on the card.
      CREATE FUNCTION card_payments(cards text[], as_of date, known_at timestamptz)
        RETURNS TABLE (kpj char(11), month date, payer varchar, paid_on date, recorded_at timestamptz, invoice_id varchar, allocation_id varchar)
        LANGUAGE sql STABLE AS $fn$
        SELECT pp.kpj, pp.month, 'WORKER'::varchar, pp.paid_on, pp.recorded_at, NULL::varchar, pp.allocation_id
        FROM premium_payment pp WHERE pp.kpj = ANY(cards::char(11)[]) AND pp.paid_on <= as_of AND pp.recorded_at <= known_at
        UNION ALL
        SELECT l.kpj, l.month, 'FUNDER'::varchar, f.paid_on, f.recorded_at, l.invoice_id, f.allocation_id
        FROM premium_invoice_line l JOIN funder_payment f ON f.invoice_id = l.invoice_id AND f.paid_on <= as_of AND f.recorded_at <= known_at
        WHERE l.kpj = ANY(cards::char(11)[])
      $fn$;

      /*
       * The status rule (README Rules 1 and 2), as known at known_at:
       * CLOSED from a death recorded by then; NOT_COVERED without a period in force that was
       * recorded by then; INACTIVE when three months are unpaid since the last month paid; else
       * ACTIVE. A month counts as unpaid only once its due date has passed and only if it was
       * invoiced to the funder (a month nobody invoiced is the payers' delay, flagged on the card as
       * uninvoiced, never the worker's arrears). A payment for a later month, made ahead or after
       * a lapse, resumes the cover from that month: a lapsed informal member continues with the
       * next month rather than settling the months that lapsed.
       */
      DROP FUNCTION card_status_on(char, date);
      DROP FUNCTION card_statuses_on(text[], date);
      -- A city's cards join a few hundred thousand month rows: in memory they hash, on disk they sort.
      CREATE FUNCTION card_statuses_on(cards text[], as_of date, known_at timestamptz DEFAULT 'infinity') RETURNS TABLE (kpj char(11), status varchar)
        LANGUAGE sql STABLE SET jit = off SET work_mem = '64MB' AS $fn$
        -- Only the months of the period in force matter: a month paid in an earlier period is
        -- older than all of them. Every step is a join or a window, never a subquery per card, so
        -- a city's 25,000 cards cost a few hash joins.
        WITH card AS (
          SELECT c.kpj, CASE WHEN c.closed_recorded_at <= known_at THEN c.closed_on END AS closed_on, coalesce(c.paid_through, '-infinity'::date) AS paid_through
          -- A join, not kpj = ANY(cards): a parameter array is searched linearly for every row.
          FROM unnest(cards::char(11)[]) AS asked(kpj) JOIN membership_card c ON c.kpj = asked.kpj
        ), in_force AS (
          SELECT cp.kpj, cp.valid_from, cp.valid_until, card.paid_through,
            -- The latest month of the period past its due date (the 15th of the next month) on as_of.
            least(date_trunc('month', cp.valid_until::timestamp),
                  date_trunc('month', as_of::timestamp) - CASE WHEN extract(day FROM as_of) > 15 THEN interval '1 month' ELSE interval '2 months' END)::date AS last_due
          FROM coverage_period cp JOIN card USING (kpj)
          WHERE cp.valid_from <= as_of AND cp.valid_until >= as_of AND cp.recorded_at <= known_at
        ), suspect AS (
          -- Only a card whose latest due month is unpaid can be in arrears: most cards are judged by one lookup.
          SELECT p.* FROM in_force p
          WHERE p.last_due >= date_trunc('month', p.valid_from::timestamp)::date AND p.last_due > p.paid_through
            AND NOT EXISTS (SELECT 1 FROM premium_payment pp WHERE pp.kpj = p.kpj AND pp.month = p.last_due AND pp.paid_on <= as_of AND pp.recorded_at <= known_at)
            AND NOT EXISTS (SELECT 1 FROM premium_invoice_line l JOIN funder_payment f ON f.invoice_id = l.invoice_id
                            WHERE l.kpj = p.kpj AND l.month = p.last_due AND f.paid_on <= as_of AND f.recorded_at <= known_at)
        ), month_of_card AS (
          SELECT p.kpj, d::date AS month,
            (i.id IS NOT NULL) AS invoiced,
            (f.invoice_id IS NOT NULL OR pp.kpj IS NOT NULL OR d::date <= p.paid_through) AS paid
          FROM suspect p
          CROSS JOIN LATERAL generate_series(date_trunc('month', p.valid_from::timestamp), date_trunc('month', p.valid_until::timestamp), interval '1 month') AS d
          LEFT JOIN premium_invoice_line l ON l.kpj = p.kpj AND l.month = d::date
          LEFT JOIN premium_invoice i ON i.id = l.invoice_id AND i.recorded_at <= known_at
          LEFT JOIN funder_payment f ON f.invoice_id = i.id AND f.paid_on <= as_of AND f.recorded_at <= known_at
          LEFT JOIN premium_payment pp ON pp.kpj = p.kpj AND pp.month = d::date AND pp.paid_on <= as_of AND pp.recorded_at <= known_at
        ), judged AS (
          SELECT m.*, max(m.month) FILTER (WHERE m.paid) OVER (PARTITION BY m.kpj) AS last_paid FROM month_of_card m
        ), unpaid AS (
          SELECT j.kpj, count(*) FILTER (
            WHERE premium_due_on(j.month) < as_of AND j.invoiced AND NOT j.paid AND j.month > coalesce(j.last_paid, '-infinity'::date))::int AS months
          FROM judged j GROUP BY j.kpj
        )
        SELECT card.kpj, (CASE
          WHEN card.closed_on IS NOT NULL AND card.closed_on <= as_of THEN 'CLOSED'
          WHEN covered.kpj IS NULL THEN 'NOT_COVERED'
          WHEN unpaid.months >= 3 THEN 'INACTIVE'
          ELSE 'ACTIVE' END)::varchar
        FROM card
        LEFT JOIN (SELECT DISTINCT in_force.kpj FROM in_force) covered ON covered.kpj = card.kpj
        LEFT JOIN unpaid ON unpaid.kpj = card.kpj
      $fn$;
      CREATE FUNCTION card_status_on(card char(11), as_of date, known_at timestamptz DEFAULT 'infinity') RETURNS varchar LANGUAGE sql STABLE AS $fn$
        SELECT status FROM card_statuses_on(ARRAY[card::text], as_of, known_at)
      $fn$;
      -- The per-month helpers of the old rule: card_statuses_on is the one rule now.
      DROP FUNCTION unpaid_months(char, date);
      DROP FUNCTION month_paid(char, varchar, date, date);
    `);
  }

  async down(): Promise<void> {
    throw new Error(
      'RecordedFacts1767200000001 cannot be undone: recorded times are facts, and dropping them would lose what was known when.',
    );
  }
}
