/**
 * The national-scale data set: workers spread over all 83,762 villages of Indonesia on top of the
 * story's Ambon, each with a membership card and a 2021 coverage period funded by its own
 * regency's APBD allocation. Generated deterministically in chunks and bulk-loaded with one
 * unnest statement per chunk and table, population and membership in parallel.
 */
import os from 'node:os';
import { DataSource } from 'typeorm';
import { definitions } from '../subgraphs/definitions';
import { bulkInsert } from '../platform/bulk';
import { SubgraphName } from '../contract/subgraph-names';
import { openDatabase } from '../platform/database';
import { composeNik, Sex } from '../domain/nik';
import { Program } from '../domain/program';
import { readRegions } from '../domain/region-data';
import {
  CITY_FUNDER,
  FAMILY_NAMES,
  FEMALE_NAMES,
  MALE_NAMES,
  MONTHLY_PREMIUM,
  OCCUPATIONS,
  randomGenerator,
  STORY_ALLOCATIONS,
  StoryWorker,
  STORY_WORKERS,
} from '../domain/seed-story';

const CHUNK = 50_000;
const NATIONAL_SEED = 62_2021;
/** Story NIKs use small serials; national ones start here, so the two never collide. */
const FIRST_SERIAL = 5000;

/** A story worker's record, somewhere in Indonesia, funded by its own regency's allocation. */
type NationalWorker = Omit<StoryWorker, 'index'> & { allocationId: string };

const allocationOf = (regencyCode: string) =>
  regencyCode === CITY_FUNDER.regencyCode ? STORY_ALLOCATIONS[1].id : `${regencyCode}-2021-01`;

async function open(name: SubgraphName, url: string): Promise<DataSource> {
  const definition = definitions[name];
  const database = await openDatabase({
    name,
    url,
    dataDir: os.tmpdir(),
    poolSize: 2,
    entities: definition.entities,
    migrations: definition.migrations,
  });
  return database.dataSource;
}

export async function loadNationalWorkers(
  urls: Record<SubgraphName, string>,
  total: number,
  log: (message: string) => void,
) {
  const regions = readRegions();
  const villages = regions.villages;
  const random = randomGenerator(NATIONAL_SEED);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const serials = new Map<string, number>();
  const perRegency = new Map<string, number>();
  const [population, membership, budget] = await Promise.all([
    open('population', urls.population),
    open('membership', urls.membership),
    open('budget', urls.budget),
  ]);
  try {
    for (let start = STORY_WORKERS; start < total; start += CHUNK) {
      const chunk: NationalWorker[] = [];
      for (let index = start; index < Math.min(start + CHUNK, total); index++) {
        const village = villages[Math.floor(random() * villages.length)];
        const sex: Sex = random() < 0.5 ? 'MALE' : 'FEMALE';
        const birthDate = new Date(Date.UTC(1961, 0, 1) + Math.floor(random() * 42 * 365.25) * 86_400_000)
          .toISOString()
          .slice(0, 10);
        const serialKey = `${village.district_code}|${birthDate}|${sex}`;
        const serial = (serials.get(serialKey) ?? FIRST_SERIAL) + 1;
        serials.set(serialKey, serial);
        const regencyCode = village.district_code.slice(0, 5);
        perRegency.set(regencyCode, (perRegency.get(regencyCode) ?? 0) + 1);
        chunk.push({
          nik: composeNik(village.district_code, birthDate, sex, serial),
          fullName: `${pick(sex === 'MALE' ? MALE_NAMES : FEMALE_NAMES)} ${pick(FAMILY_NAMES)}`,
          birthDate,
          sex,
          occupation: pick(OCCUPATIONS),
          villageCode: village.code,
          kpj: `3${String(index).padStart(10, '0')}`,
          allocationId: allocationOf(regencyCode),
        });
      }
      await Promise.all([
        bulkInsert(
          population,
          'worker',
          [
            { name: 'nik', type: 'text[]', value: (w: NationalWorker) => w.nik },
            { name: 'full_name', type: 'text[]', value: (w) => w.fullName },
            { name: 'birth_date', type: 'date[]', value: (w) => w.birthDate },
            { name: 'sex', type: 'text[]', value: (w) => w.sex },
            { name: 'occupation', type: 'text[]', value: (w) => w.occupation },
            { name: 'village_code', type: 'text[]', value: (w) => w.villageCode },
            // Registered before their 2021 cover, like the story's second cohort.
            { name: 'registered_at', type: 'timestamptz[]', value: () => '2020-12-01T09:00:00+09:00' },
          ],
          chunk,
          { chunkSize: CHUNK },
        ),
        membership.transaction(async (tx) => {
          await bulkInsert(
            tx,
            'membership_card',
            [
              { name: 'kpj', type: 'text[]', value: (w: NationalWorker) => w.kpj },
              { name: 'nik', type: 'text[]', value: (w) => w.nik },
              { name: 'status', type: 'text[]', value: () => 'OPEN' },
              { name: 'village_code', type: 'text[]', value: (w) => w.villageCode },
              { name: 'issued_on', type: 'date[]', value: () => '2021-01-01' },
            ],
            chunk,
            { chunkSize: CHUNK },
          );
          await bulkInsert(
            tx,
            'coverage_period',
            [
              { name: 'kpj', type: 'text[]', value: (w: NationalWorker) => w.kpj },
              { name: 'allocation_id', type: 'text[]', value: (w) => w.allocationId },
              { name: 'village_code', type: 'text[]', value: (w) => w.villageCode },
              { name: 'valid_from', type: 'date[]', value: () => '2021-01-01' },
              { name: 'valid_until', type: 'date[]', value: () => '2021-12-31' },
              { name: 'programs', type: 'text[]', cast: 'text[]', value: () => `{${Program.JKK},${Program.JKM}}` },
              { name: 'monthly_premium', type: 'bigint[]', value: () => MONTHLY_PREMIUM },
              { name: 'months', type: 'int[]', value: () => 12 },
              // Members since January 2021: PP 49/2020's relief (from the third month) does not reach them.
              { name: 'member_since', type: 'date[]', value: () => '2021-01-01' },
              { name: 'premium_total', type: 'bigint[]', value: () => MONTHLY_PREMIUM * 12 },
            ],
            chunk,
            { chunkSize: CHUNK },
          );
        }),
      ]);
      log(`national workers: ${Math.min(start + CHUNK, total).toLocaleString('en')}/${total.toLocaleString('en')}`);
    }
    // Every other regency funds its own workers from its own APBD 2021.
    const regencies = regions.regencies.filter((r) => r.code !== CITY_FUNDER.regencyCode && perRegency.has(r.code));
    await budget.transaction(async (tx) => {
      await bulkInsert(
        tx,
        'funder',
        [
          { name: 'id', type: 'text[]', value: (r: (typeof regencies)[number]) => r.code },
          { name: 'name', type: 'text[]', value: (r) => `Pemerintah ${r.name}` },
          { name: 'regency_code', type: 'text[]', value: (r) => r.code },
        ],
        regencies,
      );
      await bulkInsert(
        tx,
        'allocation',
        [
          { name: 'id', type: 'text[]', value: (r: (typeof regencies)[number]) => allocationOf(r.code) },
          { name: 'fiscal_year', type: 'int[]', value: () => 2021 },
          { name: 'funder_id', type: 'text[]', value: (r) => r.code },
          {
            name: 'legal_basis',
            type: 'text[]',
            value: (r) => `Peraturan Kepala Daerah ${r.name} tentang Jaminan Sosial Ketenagakerjaan 2021`,
          },
          { name: 'ceiling', type: 'bigint[]', value: (r) => perRegency.get(r.code)! * MONTHLY_PREMIUM * 12 },
          { name: 'premium_per_worker_month', type: 'bigint[]', value: () => MONTHLY_PREMIUM },
          { name: 'programs', type: 'text[]', cast: 'text[]', value: () => `{${Program.JKK},${Program.JKM}}` },
          { name: 'version_since', type: 'timestamptz[]', value: () => '2021-01-01T01:00:00Z' },
        ],
        regencies,
      );
    });
    log('national data set: analyzing');
    await Promise.all([population.query('ANALYZE'), membership.query('ANALYZE'), budget.query('ANALYZE')]);
  } finally {
    await Promise.all([population.destroy(), membership.destroy(), budget.destroy()]);
  }
}
