import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Analysts' aggregates read one area's cards, or one range of claims, through an index: cards by
 * the village the insurer recorded (its district and regency prefixes), claims by when they were
 * paid or filed.
 */
export class AnalystAggregates1766000000001 implements MigrationInterface {
  name = 'AnalystAggregates1766000000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX membership_card_village ON membership_card (village_code, issued_on);
      CREATE INDEX membership_card_district ON membership_card (left(village_code, 8), issued_on);
      CREATE INDEX membership_card_regency ON membership_card (left(village_code, 5), issued_on);
      CREATE INDEX claim_paid_at ON claim (paid_at) WHERE paid_at IS NOT NULL;
      CREATE INDEX claim_filed_at ON claim (filed_at);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX claim_filed_at; DROP INDEX claim_paid_at;
      DROP INDEX membership_card_regency; DROP INDEX membership_card_district; DROP INDEX membership_card_village;
    `);
  }
}
