import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Realisation is cash within the fiscal year: an invoice paid after 31 December of its
 * allocation's year is the next year's payable, kept apart in paid_after_year_end. A month may
 * have supplementary invoices after its first (sequence 2, 3…). Issue and payment carry the
 * server's recording time; rows from before it are given their business date at 10:00 in Ambon
 * (01:00 UTC), the best that is known of them. Times the server records are written by the
 * application from its clock, so the columns lose their now() defaults.
 */
export class FiscalYears1767000000001 implements MigrationInterface {
  name = 'FiscalYears1767000000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE allocation ADD COLUMN paid_after_year_end bigint NOT NULL DEFAULT 0 CHECK (paid_after_year_end >= 0);
      UPDATE allocation a SET
        realised = (SELECT coalesce(sum(i.amount), 0) FROM invoice i WHERE i.allocation_id = a.id AND i.status = 'PAID' AND i.paid_on <= make_date(a.fiscal_year, 12, 31)),
        paid_after_year_end = (SELECT coalesce(sum(i.amount), 0) FROM invoice i WHERE i.allocation_id = a.id AND i.status = 'PAID' AND i.paid_on > make_date(a.fiscal_year, 12, 31));
      ALTER TABLE allocation
        DROP CONSTRAINT allocation_realised_within_committed,
        ADD CONSTRAINT allocation_paid_within_committed CHECK (realised + paid_after_year_end <= committed),
        ALTER COLUMN version_since DROP DEFAULT;
      ALTER TABLE allocation_revision ALTER COLUMN superseded_at DROP DEFAULT;
      ALTER TABLE reservation ALTER COLUMN created_at DROP DEFAULT;

      ALTER TABLE invoice
        DROP CONSTRAINT invoice_allocation_id_month_key,
        ADD COLUMN sequence int NOT NULL DEFAULT 1 CHECK (sequence >= 1),
        ADD COLUMN recorded_at timestamptz,
        ADD COLUMN payment_recorded_at timestamptz;
      UPDATE invoice SET recorded_at = (issued_on + time '01:00') AT TIME ZONE 'UTC',
                         payment_recorded_at = (paid_on + time '01:00') AT TIME ZONE 'UTC';
      ALTER TABLE invoice
        ALTER COLUMN sequence DROP DEFAULT,
        ALTER COLUMN recorded_at SET NOT NULL,
        ADD CONSTRAINT invoice_payment_recorded CHECK ((status = 'PAID') = (payment_recorded_at IS NOT NULL)),
        ADD CONSTRAINT invoice_allocation_month_sequence UNIQUE (allocation_id, month, sequence);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE invoice DROP CONSTRAINT invoice_allocation_month_sequence, DROP CONSTRAINT invoice_payment_recorded,
        DROP COLUMN payment_recorded_at, DROP COLUMN recorded_at, DROP COLUMN sequence, ADD CONSTRAINT invoice_allocation_id_month_key UNIQUE (allocation_id, month);
      ALTER TABLE reservation ALTER COLUMN created_at SET DEFAULT now();
      ALTER TABLE allocation_revision ALTER COLUMN superseded_at SET DEFAULT now();
      ALTER TABLE allocation ALTER COLUMN version_since SET DEFAULT now(), DROP CONSTRAINT allocation_paid_within_committed;
      UPDATE allocation a SET realised = realised + paid_after_year_end;
      ALTER TABLE allocation DROP COLUMN paid_after_year_end, ADD CONSTRAINT allocation_realised_within_committed CHECK (realised <= committed);
    `);
  }
}
