import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Money leaves only with two people's consent: who added an heir never verifies them, who filed a
 * claim never pays it. The rule needs to know who did each step, on the record itself (the audit
 * log says it too, but a rule should not depend on reading a log back).
 */
export class DutyActors1765100000001 implements MigrationInterface {
  name = 'DutyActors1765100000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE heir ADD COLUMN added_by varchar(200), ADD COLUMN verified_by varchar(200);
      ALTER TABLE claim ADD COLUMN filed_by varchar(200), ADD COLUMN paid_by varchar(200);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      'ALTER TABLE claim DROP COLUMN paid_by, DROP COLUMN filed_by; ALTER TABLE heir DROP COLUMN verified_by, DROP COLUMN added_by;',
    );
  }
}
