import { MigrationInterface, QueryRunner } from 'typeorm';

/** A programme target is data the city sets: who owns it, on what legal basis, how many, by when, where. */
export class ProgrammeTargets1765000000002 implements MigrationInterface {
  name = 'ProgrammeTargets1765000000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE programme_target (
        id varchar PRIMARY KEY,
        name varchar NOT NULL,
        owner varchar NOT NULL CHECK (length(trim(owner)) > 0),
        legal_basis varchar NOT NULL CHECK (length(trim(legal_basis)) > 0),
        area_code varchar(13) NOT NULL,
        target_count int NOT NULL CHECK (target_count > 0),
        target_date date NOT NULL
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE programme_target;');
  }
}
