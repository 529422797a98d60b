/**
 * `npm run bench:prepared`: what named prepared statements buy on real PostgreSQL, measured side
 * by side. The hot read of every headline request (a worker with village and district by NIK) is
 * sent as a named statement (planned once per connection, as `preparedQuery` does on PostgreSQL)
 * and unnamed (parsed and planned on every call, as on the embedded database), interleaved round
 * by round on the same seeded database and pool. Prints lookups per second and the ratio.
 * Set TEST_DATABASE_URL to point at another PostgreSQL server.
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { population } from '../subgraphs/population/definition';
import { resolveBenchSettings } from './settings';
import { openDatabase } from '../platform/database';
import { storyWorkers } from '../domain/seed-story';
import { createTestDatabases } from '../test/support/databases';

const CONCURRENCY = 10;
const TEXT = `SELECT w.nik, w.full_name, w.birth_date, w.sex, w.occupation, w.village_code,
                v.name AS village_name, v.district_code, d.name AS district_name, d.regency_code
         FROM worker w JOIN village v ON v.code = w.village_code JOIN district d ON d.code = v.district_code
         WHERE w.nik = ANY($1::char(16)[])`;

async function lookupsPerSecond(pool: Pool, named: boolean, seconds: number): Promise<number> {
  const niks = storyWorkers().map((w) => w.nik);
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, client) => {
      for (let i = client; performance.now() < deadline; i += CONCURRENCY) {
        const values = [[niks[i % niks.length]]];
        await pool.query(
          named ? { name: 'bench_worker_with_place_by_nik', text: TEXT, values } : { text: TEXT, values },
        );
        done++;
      }
    }),
  );
  return done / seconds;
}

async function main() {
  const settings = resolveBenchSettings(process.env);
  const databases = await createTestDatabases(['population']);
  const db = await openDatabase({
    name: 'population',
    url: databases.urls.population,
    dataDir: '',
    poolSize: CONCURRENCY,
    entities: population.entities,
    migrations: population.migrations,
    quiet: true,
  });
  try {
    await population.seed!(db.dataSource, () => undefined);
    const pool = (db.dataSource.driver as PostgresDriver).master as Pool;
    await lookupsPerSecond(pool, true, settings.warmupSeconds / 2);
    await lookupsPerSecond(pool, false, settings.warmupSeconds / 2);
    const ratios: number[] = [];
    console.log(
      `Worker lookups by NIK, ${CONCURRENCY} at once, ${settings.seconds} s each, ${settings.rounds} interleaved round(s):`,
    );
    for (let round = 1; round <= settings.rounds; round++) {
      const named = await lookupsPerSecond(pool, true, settings.seconds);
      const unnamed = await lookupsPerSecond(pool, false, settings.seconds);
      ratios.push(named / unnamed);
      console.log(
        `  round ${round}: named ${named.toFixed(0)}/s, unnamed ${unnamed.toFixed(0)}/s, named/unnamed ${(named / unnamed).toFixed(2)}x`,
      );
    }
    ratios.sort((a, b) => a - b);
    console.log(
      `median named/unnamed: ${ratios[Math.floor(ratios.length / 2)].toFixed(2)}x (spread ${ratios[0].toFixed(2)}x-${ratios[ratios.length - 1].toFixed(2)}x)`,
    );
  } finally {
    await db.close();
    await databases.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
