import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Heirs get a relationship the law recognises (the legal order of ahli waris), claims get items
 * with their recipients and the cause of death, and coverage periods the income the worker
 * declared (JKK benefits are computed from it).
 */
export class HeirsAndBenefits1765000000003 implements MigrationInterface {
  name = 'HeirsAndBenefits1765000000003';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE heir ADD COLUMN relationship_as_written varchar;
      UPDATE heir SET relationship_as_written = relationship;
      UPDATE heir SET relationship = CASE lower(trim(relationship))
        WHEN 'spouse' THEN 'SPOUSE' WHEN 'wife' THEN 'SPOUSE' WHEN 'husband' THEN 'SPOUSE' WHEN 'widow' THEN 'SPOUSE' WHEN 'widower' THEN 'SPOUSE'
        WHEN 'istri' THEN 'SPOUSE' WHEN 'suami' THEN 'SPOUSE' WHEN 'janda' THEN 'SPOUSE' WHEN 'duda' THEN 'SPOUSE'
        WHEN 'child' THEN 'CHILD' WHEN 'son' THEN 'CHILD' WHEN 'daughter' THEN 'CHILD' WHEN 'anak' THEN 'CHILD'
        WHEN 'parent' THEN 'PARENT' WHEN 'father' THEN 'PARENT' WHEN 'mother' THEN 'PARENT' WHEN 'orang tua' THEN 'PARENT' WHEN 'ayah' THEN 'PARENT' WHEN 'ibu' THEN 'PARENT'
        WHEN 'grandchild' THEN 'GRANDCHILD' WHEN 'cucu' THEN 'GRANDCHILD'
        WHEN 'grandparent' THEN 'GRANDPARENT' WHEN 'kakek' THEN 'GRANDPARENT' WHEN 'nenek' THEN 'GRANDPARENT'
        WHEN 'sibling' THEN 'SIBLING' WHEN 'brother' THEN 'SIBLING' WHEN 'sister' THEN 'SIBLING' WHEN 'saudara kandung' THEN 'SIBLING' WHEN 'saudara' THEN 'SIBLING'
        WHEN 'parent-in-law' THEN 'PARENT_IN_LAW' WHEN 'mertua' THEN 'PARENT_IN_LAW'
        ELSE 'NOT_AN_HEIR' END;
      -- Someone the law does not recognise as an heir was never entitled to be verified.
      UPDATE heir SET verified = false WHERE relationship = 'NOT_AN_HEIR';
      ALTER TABLE heir ADD CONSTRAINT heir_relationship CHECK (relationship IN
        ('SPOUSE', 'CHILD', 'PARENT', 'GRANDCHILD', 'GRANDPARENT', 'SIBLING', 'PARENT_IN_LAW', 'WILL_BENEFICIARY', 'FUNERAL_ARRANGER', 'NOT_AN_HEIR'));

      ALTER TABLE coverage_period ADD COLUMN declared_income bigint NOT NULL DEFAULT 1000000 CHECK (declared_income > 0);

      ALTER TABLE claim ADD COLUMN cause_of_death varchar(20)
        CHECK (cause_of_death IS NULL OR cause_of_death IN ('ILLNESS', 'ACCIDENT_NOT_AT_WORK', 'WORK_ACCIDENT', 'OTHER'));
      ALTER TABLE claim ADD COLUMN contribution_months int;
      -- One accident event, one JKK claim: further benefits of the same accident attach to it.
      CREATE UNIQUE INDEX claim_one_per_accident ON claim(kpj, event_date) WHERE program = 'JKK';

      CREATE TABLE claim_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        claim_id uuid NOT NULL REFERENCES claim(id),
        kind varchar(24) NOT NULL CHECK (kind IN ('LUMP_SUM', 'PERIODIC', 'FUNERAL', 'MEDICAL_CARE', 'TEMPORARY_INCAPACITY', 'PERMANENT_DISABILITY', 'WORK_ACCIDENT_DEATH')),
        amount bigint NOT NULL CHECK (amount > 0),
        recipient varchar(24) NOT NULL CHECK (recipient IN ('HEIR', 'FUNERAL_ARRANGER', 'SOCIAL_SECURITY_FUND', 'MEMBER', 'HEALTH_FACILITY')),
        heir_id uuid REFERENCES heir(id),
        basis varchar NOT NULL,
        CHECK ((recipient IN ('HEIR', 'FUNERAL_ARRANGER')) = (heir_id IS NOT NULL))
      );
      CREATE INDEX claim_item_claim ON claim_item(claim_id);
      -- Claims filed before items existed keep their amount as one item.
      INSERT INTO claim_item (claim_id, kind, amount, recipient, heir_id, basis)
      SELECT id, CASE program WHEN 'JKM' THEN 'LUMP_SUM' ELSE 'MEDICAL_CARE' END, amount,
             CASE WHEN heir_id IS NULL THEN 'MEMBER' ELSE 'HEIR' END, heir_id, 'filed before benefits were itemised'
      FROM claim;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE claim_item;
      DROP INDEX claim_one_per_accident;
      ALTER TABLE claim DROP COLUMN cause_of_death, DROP COLUMN contribution_months;
      ALTER TABLE coverage_period DROP COLUMN declared_income;
      ALTER TABLE heir DROP CONSTRAINT heir_relationship;
      UPDATE heir SET relationship = coalesce(relationship_as_written, relationship);
      ALTER TABLE heir DROP COLUMN relationship_as_written;
    `);
  }
}
