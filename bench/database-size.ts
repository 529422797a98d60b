/**
 * `npm run bench:size`: what each subgraph's database weighs at national scale. Loads the
 * national data set (BENCH_NATIONAL_WORKERS, default 1,000,000 workers over every village of
 * Indonesia) and prints, per database and table, rows, heap and index bytes; docs/operations.md
 * sizes 40,000,000 members from these figures.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { resolveBenchSettings } from './settings';
import { SUBGRAPH_NAMES } from '../contract/subgraph-names';
import { nationalDataSet } from './datasets';

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function main() {
  const { nationalWorkers } = resolveBenchSettings(process.env);
  const data = await nationalDataSet(nationalWorkers);
  try {
    console.log(`\n| database | table | rows | heap MiB | indexes MiB | total MiB |\n|---|---|---|---|---|---|`);
    for (const name of SUBGRAPH_NAMES) {
      const client = new Client({ connectionString: data.urls[name] });
      await client.connect();
      try {
        await client.query('VACUUM ANALYZE');
        const { rows } = await client.query(`
          SELECT c.relname AS table, c.reltuples::bigint AS rows, pg_relation_size(c.oid) AS heap,
                 pg_indexes_size(c.oid) AS indexes, pg_total_relation_size(c.oid) AS total
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY pg_total_relation_size(c.oid) DESC`);
        for (const row of rows.filter((r) => Number(r.total) > 64 * 1024)) {
          console.log(
            `| ${name} | ${row.table} | ${Number(row.rows).toLocaleString('en')} | ${mib(Number(row.heap))} | ${mib(Number(row.indexes))} | ${mib(Number(row.total))} |`,
          );
        }
        const [{ size }] = (await client.query('SELECT pg_database_size(current_database()) AS size')).rows;
        console.log(`| ${name} | (whole database) | | | | ${mib(Number(size))} |`);
      } finally {
        await client.end();
      }
    }
  } finally {
    await data.databases.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
