import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registered workers of an area on a day: one index-range count per area and day on the village
 * code's district and regency prefixes, with the registration time beside them.
 */
export class RegisteredByArea1766000000001 implements MigrationInterface {
  name = 'RegisteredByArea1766000000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX worker_district_registered ON worker (left(village_code, 8), registered_at);
      CREATE INDEX worker_regency_registered ON worker (left(village_code, 5), registered_at);
      CREATE INDEX worker_village_registered ON worker (village_code, registered_at);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      'DROP INDEX worker_village_registered; DROP INDEX worker_regency_registered; DROP INDEX worker_district_registered;',
    );
  }
}
