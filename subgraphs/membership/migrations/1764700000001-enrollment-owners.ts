import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each running membership process proves it is alive with a heartbeat, and each enrollment intent
 * names the process that opened it: an intent whose process stopped beating is dead at once, so
 * the premium it holds in budget is released within seconds rather than after the grace period.
 */
export class EnrollmentOwners1764700000001 implements MigrationInterface {
  name = 'EnrollmentOwners1764700000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE service_instance (
        id uuid PRIMARY KEY,
        started_at timestamptz NOT NULL DEFAULT now(),
        seen_at timestamptz NOT NULL DEFAULT now()
      );
      ALTER TABLE enrollment_intent ADD COLUMN owner_instance uuid;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE enrollment_intent DROP COLUMN owner_instance; DROP TABLE service_instance;');
  }
}
