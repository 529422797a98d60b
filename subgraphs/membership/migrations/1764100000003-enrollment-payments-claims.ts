import { MigrationInterface, QueryRunner } from 'typeorm';

export class EnrollmentPaymentsClaims1764100000003 implements MigrationInterface {
  name = 'EnrollmentPaymentsClaims1764100000003';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- KPJ numbers issued here start above the seed's 20xxxxxxxxx range.
      CREATE SEQUENCE kpj_number START 30000000001 MAXVALUE 99999999999;
      ALTER TABLE membership_card
        ADD COLUMN paid_through date,
        ADD COLUMN closed_on date,
        ADD COLUMN closed_reason varchar,
        ADD CONSTRAINT membership_card_closed CHECK ((status = 'CLOSED') = (closed_on IS NOT NULL));
      ALTER TABLE coverage_period ADD COLUMN enrollment_id uuid;
      CREATE UNIQUE INDEX coverage_period_enrollment ON coverage_period(enrollment_id) WHERE enrollment_id IS NOT NULL;

      -- An enrollment is written here before money is reserved in budget, so a recovery step can
      -- always tell whether a reservation belongs to a coverage period (confirm) or not (release).
      CREATE TABLE enrollment_intent (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        idempotency_key varchar(200) NOT NULL,
        nik char(16) NOT NULL,
        allocation_id varchar NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        status varchar(9) NOT NULL CHECK (status IN ('RESERVING', 'COVERED', 'CONFIRMED', 'RELEASING', 'RELEASED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- One live attempt per idempotency key; an abandoned attempt's key may be tried again.
      CREATE UNIQUE INDEX enrollment_intent_live_key ON enrollment_intent(idempotency_key) WHERE status IN ('RESERVING', 'COVERED', 'CONFIRMED');
      CREATE INDEX enrollment_intent_unsettled ON enrollment_intent(status, created_at) WHERE status IN ('RESERVING', 'COVERED', 'RELEASING');

      CREATE TABLE premium_payment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kpj char(11) NOT NULL REFERENCES membership_card(kpj),
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        amount bigint NOT NULL CHECK (amount > 0),
        allocation_id varchar NOT NULL,
        paid_on date NOT NULL,
        -- False until budget has recorded the payment as realised spending.
        realised boolean NOT NULL DEFAULT false,
        UNIQUE (kpj, month)
      );
      CREATE INDEX premium_payment_unrealised ON premium_payment(id) WHERE NOT realised;

      CREATE TABLE heir (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kpj char(11) NOT NULL REFERENCES membership_card(kpj),
        full_name varchar NOT NULL CHECK (length(trim(full_name)) > 0),
        relationship varchar NOT NULL,
        verified boolean NOT NULL DEFAULT false
      );
      CREATE INDEX heir_card ON heir(kpj);

      CREATE TABLE claim (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kpj char(11) NOT NULL REFERENCES membership_card(kpj),
        program varchar(3) NOT NULL CHECK (program IN ('JKM', 'JKK')),
        event_date date NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        heir_id uuid REFERENCES heir(id),
        status varchar(5) NOT NULL CHECK (status IN ('FILED', 'PAID')),
        filed_at timestamptz NOT NULL DEFAULT now(),
        paid_at timestamptz
      );
      -- One death benefit per member.
      CREATE UNIQUE INDEX claim_one_death_benefit ON claim(kpj) WHERE program = 'JKM';

      -- Completed months of coverage since the last month paid (as known on as_of): the rule
      -- behind a card's status, kept in one place for every reader and writer.
      CREATE FUNCTION unpaid_months(card char(11), as_of date) RETURNS int LANGUAGE sql STABLE AS $fn$
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
      CREATE FUNCTION card_status_on(card char(11), as_of date) RETURNS varchar LANGUAGE sql STABLE AS $fn$
        SELECT CASE
          WHEN c.closed_on IS NOT NULL AND c.closed_on <= as_of THEN 'CLOSED'
          WHEN unpaid_months(card, as_of) >= 3 THEN 'INACTIVE'
          ELSE 'ACTIVE' END
        FROM membership_card c WHERE c.kpj = card
      $fn$;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP FUNCTION card_status_on; DROP FUNCTION unpaid_months;
      DROP TABLE claim; DROP TABLE heir; DROP TABLE premium_payment; DROP TABLE enrollment_intent;
      DROP INDEX coverage_period_enrollment; ALTER TABLE coverage_period DROP COLUMN enrollment_id;
      ALTER TABLE membership_card DROP CONSTRAINT membership_card_closed, DROP COLUMN paid_through, DROP COLUMN closed_on, DROP COLUMN closed_reason;
      DROP SEQUENCE kpj_number;
    `);
  }
}
