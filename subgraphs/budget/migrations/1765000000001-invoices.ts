import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The insurer invoices the city monthly, one invoice per allocation for the workers covered that
 * month; realised spending (realisasi) is the sum of the invoices the city paid, kept in the
 * allocation row by the same transaction that marks an invoice paid.
 */
export class Invoices1765000000001 implements MigrationInterface {
  name = 'Invoices1765000000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE invoice (
        id varchar PRIMARY KEY,
        allocation_id varchar NOT NULL REFERENCES allocation(id),
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        workers int NOT NULL CHECK (workers > 0),
        amount bigint NOT NULL CHECK (amount > 0),
        issued_on date NOT NULL,
        status varchar(6) NOT NULL CHECK (status IN ('ISSUED', 'PAID')),
        paid_on date,
        CHECK ((status = 'PAID') = (paid_on IS NOT NULL)),
        UNIQUE (allocation_id, month)
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE invoice;');
  }
}
