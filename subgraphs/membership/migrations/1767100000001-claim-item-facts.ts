import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Four eyes on every rupiah of a claim: each item says who added it and when (the server's
 * clock), and is never changed in place, so the payer can be checked against everyone who put
 * money on the claim. An approval of an item above the plausibility cap is a fact of its own.
 * The facts an item's amount follows from (days of incapacity, percentage of disability, the
 * facility's bill) are kept, so a later item of the same accident is computed from the earlier ones.
 */
export class ClaimItemFacts1767100000001 implements MigrationInterface {
  name = 'ClaimItemFacts1767100000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE claim_item
        ADD COLUMN added_by varchar(200),
        ADD COLUMN recorded_at timestamptz,
        ADD COLUMN bill_reference varchar(100) CHECK (bill_reference IS NULL OR length(trim(bill_reference)) > 0),
        ADD COLUMN days int CHECK (days IS NULL OR days > 0),
        ADD COLUMN disability_percent int CHECK (disability_percent IS NULL OR disability_percent BETWEEN 1 AND 100),
        ADD COLUMN needs_approval boolean NOT NULL DEFAULT false;
      -- Items older than this record were added with their claim, by whoever filed it.
      UPDATE claim_item i SET added_by = coalesce(c.filed_by, 'not recorded'), recorded_at = c.filed_at FROM claim c WHERE c.id = i.claim_id;
      ALTER TABLE claim_item ALTER COLUMN added_by SET NOT NULL, ALTER COLUMN recorded_at SET NOT NULL;

      CREATE TABLE claim_item_approval (
        item_id uuid PRIMARY KEY REFERENCES claim_item(id),
        approved_by varchar(200) NOT NULL,
        approved_at timestamptz NOT NULL
      );

      CREATE FUNCTION claim_item_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '% is append-only: a change is a new fact with its actor', TG_TABLE_NAME; END $$;
      CREATE TRIGGER claim_item_append_only BEFORE UPDATE OR DELETE ON claim_item
        FOR EACH ROW EXECUTE FUNCTION claim_item_append_only();
      CREATE TRIGGER claim_item_approval_append_only BEFORE UPDATE OR DELETE ON claim_item_approval
        FOR EACH ROW EXECUTE FUNCTION claim_item_append_only();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE claim_item_approval;
      DROP TRIGGER claim_item_append_only ON claim_item;
      DROP FUNCTION claim_item_append_only();
      ALTER TABLE claim_item DROP COLUMN added_by, DROP COLUMN recorded_at, DROP COLUMN bill_reference, DROP COLUMN days, DROP COLUMN disability_percent, DROP COLUMN needs_approval;
    `);
  }
}
