import { MigrationInterface, QueryRunner } from 'typeorm';

export class FundersAndAllocations1764000000001 implements MigrationInterface {
  name = 'FundersAndAllocations1764000000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE funder (
        id varchar PRIMARY KEY,
        name varchar NOT NULL,
        regency_code varchar(5)
      );
      CREATE TABLE allocation (
        id varchar PRIMARY KEY,
        fiscal_year int NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
        funder_id varchar NOT NULL REFERENCES funder(id),
        legal_basis varchar NOT NULL CHECK (length(trim(legal_basis)) > 0),
        ceiling bigint NOT NULL CHECK (ceiling > 0),
        premium_per_worker_month bigint NOT NULL CHECK (premium_per_worker_month > 0),
        programs text[] NOT NULL CHECK (cardinality(programs) > 0)
      );
      CREATE INDEX allocation_year_funder ON allocation(fiscal_year, funder_id, id);
      CREATE INDEX allocation_funder ON allocation(funder_id, id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE allocation; DROP TABLE funder;');
  }
}
