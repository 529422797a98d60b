import { MigrationInterface, QueryRunner } from 'typeorm';

export class Commitments1764100000002 implements MigrationInterface {
  name = 'Commitments1764100000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- Running totals kept in the allocation row, so the ceiling check is one locked row and
      -- the database itself refuses any state where holds exceed the ceiling.
      ALTER TABLE allocation
        ADD COLUMN committed bigint NOT NULL DEFAULT 0 CHECK (committed >= 0),
        ADD COLUMN reserved bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0),
        ADD COLUMN realised bigint NOT NULL DEFAULT 0 CHECK (realised >= 0),
        ADD COLUMN version int NOT NULL DEFAULT 1,
        ADD COLUMN version_since timestamptz NOT NULL DEFAULT now(),
        ADD CONSTRAINT allocation_holds_within_ceiling CHECK (committed + reserved <= ceiling),
        ADD CONSTRAINT allocation_realised_within_committed CHECK (realised <= committed);
      -- Earlier versions of an allocation (APBD-Perubahan revises the ceiling mid-year).
      CREATE TABLE allocation_revision (
        allocation_id varchar NOT NULL REFERENCES allocation(id),
        version int NOT NULL,
        ceiling bigint NOT NULL,
        legal_basis varchar NOT NULL,
        valid_since timestamptz NOT NULL,
        superseded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (allocation_id, version)
      );
      CREATE TABLE reservation (
        key varchar(200) PRIMARY KEY,
        allocation_id varchar NOT NULL REFERENCES allocation(id),
        -- 0 only for a release that arrived before its reservation (kept so the late reservation is refused).
        amount bigint NOT NULL CHECK (amount >= 0),
        status varchar(9) NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'RELEASED')),
        purpose varchar NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        settled_at timestamptz
      );
      CREATE INDEX reservation_allocation ON reservation(allocation_id, status);
      CREATE TABLE realisation (
        key varchar(200) PRIMARY KEY,
        allocation_id varchar NOT NULL REFERENCES allocation(id),
        amount bigint NOT NULL CHECK (amount > 0),
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX realisation_allocation ON realisation(allocation_id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE realisation; DROP TABLE reservation; DROP TABLE allocation_revision;
      ALTER TABLE allocation DROP COLUMN committed, DROP COLUMN reserved, DROP COLUMN realised, DROP COLUMN version, DROP COLUMN version_since;
    `);
  }
}
