import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read audit also keeps what other subgraphs serve about a person: a partner's field marked
 * personal data is recorded by the gateway, under the subgraph that served it and the fields read.
 * One row per request, person and serving subgraph, so the population office's own read of a
 * person and a partner's read in the same request are both kept.
 */
export class ReadAuditOfTaggedFields1767000000001 implements MigrationInterface {
  name = 'ReadAuditOfTaggedFields1767000000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE person_read_audit ADD COLUMN subgraph varchar NOT NULL DEFAULT 'population', ADD COLUMN fields text[];
      ALTER TABLE person_read_audit DROP CONSTRAINT person_read_audit_request_id_nik_key;
      ALTER TABLE person_read_audit ADD CONSTRAINT person_read_audit_one_per_source UNIQUE (request_id, nik, subgraph);
      CREATE INDEX person_read_audit_subgraph ON person_read_audit(subgraph, id DESC);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX person_read_audit_subgraph;
      ALTER TABLE person_read_audit DROP CONSTRAINT person_read_audit_one_per_source;
      ALTER TABLE person_read_audit ADD CONSTRAINT person_read_audit_request_id_nik_key UNIQUE (request_id, nik);
      ALTER TABLE person_read_audit DROP COLUMN fields, DROP COLUMN subgraph;
    `);
  }
}
