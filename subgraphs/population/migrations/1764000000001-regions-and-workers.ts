import { MigrationInterface, QueryRunner } from 'typeorm';

export class RegionsAndWorkers1764000000001 implements MigrationInterface {
  name = 'RegionsAndWorkers1764000000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE province (code varchar(2) PRIMARY KEY, name varchar NOT NULL);
      CREATE TABLE regency (
        code varchar(5) PRIMARY KEY,
        province_code varchar(2) NOT NULL REFERENCES province(code),
        name varchar NOT NULL
      );
      CREATE INDEX regency_province ON regency(province_code);
      CREATE TABLE district (
        code varchar(8) PRIMARY KEY,
        regency_code varchar(5) NOT NULL REFERENCES regency(code),
        name varchar NOT NULL
      );
      CREATE INDEX district_regency ON district(regency_code, code);
      CREATE TABLE village (
        code varchar(13) PRIMARY KEY,
        district_code varchar(8) NOT NULL REFERENCES district(code),
        name varchar NOT NULL
      );
      CREATE INDEX village_district ON village(district_code, code);
      CREATE TABLE worker (
        nik char(16) PRIMARY KEY CHECK (nik ~ '^[0-9]{16}$'),
        full_name varchar NOT NULL CHECK (length(trim(full_name)) > 0),
        birth_date date NOT NULL,
        sex varchar(6) NOT NULL CHECK (sex IN ('MALE', 'FEMALE')),
        occupation varchar NOT NULL,
        village_code varchar(13) NOT NULL REFERENCES village(code),
        registered_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- The roster of a village, paged by NIK.
      CREATE INDEX worker_village ON worker(village_code, nik);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      'DROP TABLE worker; DROP TABLE village; DROP TABLE district; DROP TABLE regency; DROP TABLE province;',
    );
  }
}
