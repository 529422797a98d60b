import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * District and regency totals group coverage periods by the prefix of their village code
 * (81.71.02.1001 lies in district 81.71.02 and regency 81.71); these indexes let them read only
 * the area's periods, whatever the collation, instead of scanning the whole country.
 */
export class CoverageByArea1764500000001 implements MigrationInterface {
  name = 'CoverageByArea1764500000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX coverage_period_district ON coverage_period (left(village_code, 8), valid_from, valid_until);
      CREATE INDEX coverage_period_regency ON coverage_period (left(village_code, 5), valid_from, valid_until);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX coverage_period_regency; DROP INDEX coverage_period_district;');
  }
}
