import { MigrationInterface, QueryRunner } from 'typeorm';

export class JknMembership1764000000001 implements MigrationInterface {
  name = 'JknMembership1764000000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE jkn_membership (
        card_number char(13) PRIMARY KEY CHECK (card_number ~ '^[0-9]{13}$'),
        -- One JKN membership per person.
        nik char(16) NOT NULL UNIQUE CHECK (nik ~ '^[0-9]{16}$'),
        status varchar(8) NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE')),
        segment varchar(8) NOT NULL CHECK (segment IN ('PBI_APBN', 'PBI_APBD', 'PBPU', 'PPU', 'BP')),
        care_class smallint NOT NULL CHECK (care_class BETWEEN 1 AND 3),
        village_code varchar(13) NOT NULL,
        registered_on date NOT NULL
      );
      CREATE INDEX jkn_membership_village ON jkn_membership(village_code);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE jkn_membership;');
  }
}
