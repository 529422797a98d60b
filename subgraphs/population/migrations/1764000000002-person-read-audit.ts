import { MigrationInterface, QueryRunner } from 'typeorm';

/** UU 27/2022: every read of a person's record, kept append-only. */
export class PersonReadAudit1764000000002 implements MigrationInterface {
  name = 'PersonReadAudit1764000000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE person_read_audit (
        id bigserial PRIMARY KEY,
        nik char(16) NOT NULL,
        reader varchar NOT NULL,
        agency varchar NOT NULL,
        roles text[] NOT NULL,
        operation_name varchar,
        request_id varchar NOT NULL,
        read_at timestamptz NOT NULL DEFAULT now(),
        -- A client operation that reaches the same person twice (a list and an entity call) is one read.
        UNIQUE (request_id, nik)
      );
      CREATE INDEX person_read_audit_nik ON person_read_audit(nik, id DESC);
      CREATE INDEX person_read_audit_reader ON person_read_audit(reader, id DESC);
      CREATE FUNCTION person_read_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'person_read_audit is append-only'; END $$;
      CREATE TRIGGER person_read_audit_append_only BEFORE UPDATE OR DELETE ON person_read_audit
        FOR EACH ROW EXECUTE FUNCTION person_read_audit_append_only();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE person_read_audit; DROP FUNCTION person_read_audit_append_only();');
  }
}
