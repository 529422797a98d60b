import { MigrationInterface, QueryRunner } from 'typeorm';

export class CardsAndCoverage1764000000001 implements MigrationInterface {
  name = 'CardsAndCoverage1764000000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE membership_card (
        kpj char(11) PRIMARY KEY CHECK (kpj ~ '^[0-9]{11}$'),
        nik char(16) NOT NULL CHECK (nik ~ '^[0-9]{16}$'),
        status varchar(8) NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE', 'CLOSED')),
        village_code varchar(13) NOT NULL,
        issued_on date NOT NULL
      );
      -- One membership per NIK that is not closed.
      CREATE UNIQUE INDEX membership_card_open_per_nik ON membership_card(nik) WHERE status <> 'CLOSED';
      CREATE INDEX membership_card_nik ON membership_card(nik, issued_on DESC);
      CREATE TABLE coverage_period (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kpj char(11) NOT NULL REFERENCES membership_card(kpj),
        allocation_id varchar NOT NULL,
        village_code varchar(13) NOT NULL,
        valid_from date NOT NULL,
        valid_until date NOT NULL,
        programs text[] NOT NULL CHECK (cardinality(programs) > 0),
        monthly_premium bigint NOT NULL CHECK (monthly_premium > 0),
        months int NOT NULL CHECK (months > 0),
        CHECK (valid_from <= valid_until)
      );
      CREATE INDEX coverage_period_card ON coverage_period(kpj, valid_from);
      CREATE INDEX coverage_period_allocation ON coverage_period(allocation_id);
      CREATE INDEX coverage_period_village ON coverage_period(village_code, valid_from, valid_until);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE coverage_period; DROP TABLE membership_card;');
  }
}
