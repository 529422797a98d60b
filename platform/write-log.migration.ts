import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables every subgraph keeps beside its own: the audit trail of writes and the answers
 * stored under idempotency keys. Each subgraph lists this migration, so each database has its own.
 */
export class WriteLog1764100000000 implements MigrationInterface {
  name = 'WriteLog1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor varchar NOT NULL,
        operation varchar NOT NULL,
        entity varchar NOT NULL,
        entity_id varchar NOT NULL,
        old_value jsonb,
        new_value jsonb,
        idempotency_key varchar
      );
      CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, id);
      CREATE INDEX audit_log_key ON audit_log(idempotency_key) WHERE idempotency_key IS NOT NULL;
      CREATE TABLE idempotency_key (
        key varchar(200) PRIMARY KEY CHECK (length(key) > 0),
        operation varchar NOT NULL,
        fingerprint char(64) NOT NULL,
        -- NULL only while the first request holding the key is still inside its transaction.
        response jsonb,
        actor varchar NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE idempotency_key; DROP TABLE audit_log;');
  }
}
