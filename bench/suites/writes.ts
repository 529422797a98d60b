/**
 * Benchmark 6: writes. This branch has no enrollment mutation yet, so the benchmark measures what
 * enrollment will rest on: inserting coverage periods into the membership database, in batches
 * of 1,000 (one transaction, one unnest statement) and as concurrent single-row transactions.
 * Every row written here is deleted afterwards.
 */
import { Pool } from 'pg';
import { performance } from 'node:perf_hooks';
import { bulkInsert } from '../../subgraphs/shared/bulk';
import { BenchConfig } from '../../subgraphs/shared/config';
import { openDatabase } from '../../subgraphs/shared/database';
import { definitions } from '../../subgraphs/definitions';
import { MONTHLY_PREMIUM, storyWorkers } from '../../subgraphs/shared/seed-story';
import { DataSet } from '../datasets';
import { fixed, median, table, Verdict, whole } from '../report';
import os from 'node:os';

const BENCH_ALLOCATION = 'bench-2022';
const PERIOD_COLUMNS = '(kpj, allocation_id, village_code, valid_from, valid_until, programs, monthly_premium, months)';

export async function writesSuite(city: DataSet, settings: BenchConfig): Promise<Verdict[]> {
  console.log('\n## 6. Writes (coverage periods into the membership database; no enrollment mutation on this branch yet)');
  const workers = storyWorkers();
  const database = await openDatabase({
    name: 'membership',
    url: city.urls.membership,
    dataDir: os.tmpdir(),
    poolSize: 2,
    entities: definitions.membership.entities,
    migrations: definitions.membership.migrations,
  });
  const batchMs: number[] = [];
  const batches = settings.quick ? 3 : 7;
  try {
    for (let batch = 0; batch < batches; batch++) {
      const rows = workers.slice(batch * 1000, (batch + 1) * 1000);
      const started = performance.now();
      await database.dataSource.transaction((tx) =>
        bulkInsert(
          tx,
          'coverage_period',
          [
            { name: 'kpj', type: 'text[]', value: (w: (typeof rows)[number]) => w.kpj },
            { name: 'allocation_id', type: 'text[]', value: () => BENCH_ALLOCATION },
            { name: 'village_code', type: 'text[]', value: (w) => w.villageCode },
            { name: 'valid_from', type: 'date[]', value: () => '2022-01-01' },
            { name: 'valid_until', type: 'date[]', value: () => '2022-12-31' },
            { name: 'programs', type: 'text[]', cast: 'text[]', value: () => '{JKK,JKM}' },
            { name: 'monthly_premium', type: 'bigint[]', value: () => MONTHLY_PREMIUM },
            { name: 'months', type: 'int[]', value: () => 12 },
          ],
          rows,
        ),
      );
      batchMs.push(performance.now() - started);
    }
  } finally {
    await database.dataSource.query('DELETE FROM coverage_period WHERE allocation_id = $1', [BENCH_ALLOCATION]);
    await database.close();
  }

  const clients = 16;
  const pool = new Pool({ connectionString: city.urls.membership, max: clients });
  let inserted = 0;
  const deadline = performance.now() + settings.seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        for (let i = client; performance.now() < deadline; i += clients) {
          const worker = workers[i % workers.length];
          await pool.query(
            `INSERT INTO coverage_period ${PERIOD_COLUMNS} VALUES ($1, $2, $3, '2022-01-01', '2022-12-31', '{JKK,JKM}', $4, 12)`,
            [worker.kpj, BENCH_ALLOCATION, worker.villageCode, MONTHLY_PREMIUM],
          );
          inserted++;
        }
      }),
    );
  } finally {
    await pool.query('DELETE FROM coverage_period WHERE allocation_id = $1', [BENCH_ALLOCATION]);
    await pool.end();
  }
  const perSecond = inserted / settings.seconds;
  console.log(
    table('Writes', ['measure', 'figure'], [
      ['batch of 1,000 coverage periods (one transaction): median ms', fixed(median(batchMs))],
      [`single-row transactions, ${clients} concurrent clients: rows/s`, whole(perSecond)],
    ]),
  );
  return [];
}
