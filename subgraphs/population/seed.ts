/**
 * Seeds the population office's records: every region of Indonesia from idn-area-data, then
 * the story's 25,000 Ambon workers. Idempotent: existing rows are left untouched.
 */
import { DataSource } from 'typeorm';
import { bulkInsert, progressLogger } from '../../platform/bulk';
import { readRegions } from '../../domain/region-data';
import { registeredOnOf, storyWorkers } from '../../domain/seed-story';
import { Seeder } from '../kit/subgraph';

export async function seedRegions(db: DataSource, log: (message: string) => void) {
  const started = Date.now();
  const regions = readRegions();
  await db.transaction(async (tx) => {
    await bulkInsert(
      tx,
      'province',
      [
        { name: 'code', type: 'text[]', value: (r) => r.code },
        { name: 'name', type: 'text[]', value: (r) => r.name },
      ],
      regions.provinces,
    );
    await bulkInsert(
      tx,
      'regency',
      [
        { name: 'code', type: 'text[]', value: (r) => r.code },
        { name: 'province_code', type: 'text[]', value: (r) => r.province_code },
        { name: 'name', type: 'text[]', value: (r) => r.name },
      ],
      regions.regencies,
    );
    await bulkInsert(
      tx,
      'district',
      [
        { name: 'code', type: 'text[]', value: (r) => r.code },
        { name: 'regency_code', type: 'text[]', value: (r) => r.regency_code },
        { name: 'name', type: 'text[]', value: (r) => r.name },
      ],
      regions.districts,
    );
    await bulkInsert(
      tx,
      'village',
      [
        { name: 'code', type: 'text[]', value: (r) => r.code },
        { name: 'district_code', type: 'text[]', value: (r) => r.district_code },
        { name: 'name', type: 'text[]', value: (r) => r.name },
      ],
      regions.villages,
      { chunkSize: 20_000, onProgress: progressLogger(log, 'villages') },
    );
  });
  log(
    `regions: ${regions.provinces.length} provinces, ${regions.regencies.length} regencies, ${regions.districts.length} districts, ` +
      `${regions.villages.length} villages in ${Date.now() - started} ms`,
  );
}

export const seedPopulation: Seeder = async (db, log) => {
  const [{ villages }] = await db.query('SELECT count(*)::int AS villages FROM village');
  const workers = storyWorkers();
  const [{ present }] = await db.query('SELECT count(*)::int AS present FROM worker WHERE nik = ANY($1)', [
    workers.map((w) => w.nik),
  ]);
  if (villages > 0 && present === workers.length) return log('seed already present, nothing to do');
  if (villages === 0) await seedRegions(db, log);
  const started = Date.now();
  await bulkInsert(
    db,
    'worker',
    [
      { name: 'nik', type: 'text[]', value: (w) => w.nik },
      { name: 'full_name', type: 'text[]', value: (w) => w.fullName },
      { name: 'birth_date', type: 'date[]', value: (w) => w.birthDate },
      { name: 'sex', type: 'text[]', value: (w) => w.sex },
      { name: 'occupation', type: 'text[]', value: (w) => w.occupation },
      { name: 'village_code', type: 'text[]', value: (w) => w.villageCode },
      // Registered in the story's past, so "registered on a day" counts answer for 2020 and 2021.
      { name: 'registered_at', type: 'timestamptz[]', value: (w) => `${registeredOnOf(w.index)}T09:00:00+09:00` },
    ],
    workers,
    { chunkSize: 5_000, onProgress: progressLogger(log, 'workers') },
  );
  log(`workers: ${workers.length} in ${Date.now() - started} ms`);
};
