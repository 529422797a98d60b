/**
 * Each test file gets its own PostgreSQL databases (one per subgraph, as in production),
 * created fresh and dropped afterwards, so test files run in parallel without sharing state.
 * A seeded one is a copy of the run's seeded template when there is one (postgres-template.ts).
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabases {
  /** Each subgraph's PostgreSQL URL; empty when the subgraphs run on embedded databases. */
  urls: Record<string, string>;
  /** Where embedded databases keep their files. */
  dataDir?: string;
  drop(): Promise<void>;
}

/** Where the `e2e postgres` project's globalSetup leaves the names of its seeded templates, by subgraph. */
export const TEMPLATES_VARIABLE = 'POSTGRES_TEMPLATE_DATABASES';

/** Database names, one per subgraph, that no other run or file on the same server picks: a prefix, then time and chance. */
export function databaseNames(prefix: string, names: readonly string[]): Record<string, string> {
  const run = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  return Object.fromEntries(names.map((name) => [name, `${run}_${name}`]));
}

function seededTemplates(): Record<string, string> {
  const names = process.env[TEMPLATES_VARIABLE];
  return names ? (JSON.parse(names) as Record<string, string>) : {};
}

/**
 * `seeded`: the databases will be seeded, so each starts as a copy of its subgraph's seeded
 * template when the run made one; the subgraph's seeder then finds its rows present. Without a
 * template (a single file run outside jest's projects, the benchmarks) they start empty.
 */
export async function createTestDatabases(
  names: readonly string[],
  options: { seeded?: boolean } = {},
): Promise<TestDatabases> {
  const databases = databaseNames('t', names);
  const templates = options.seeded ? seededTemplates() : {};
  await admin(async (client) => {
    for (const [name, database] of Object.entries(databases)) {
      // PostgreSQL 15's default strategy (WAL_LOG) copied the 72 MB membership template in 0.7 s on a
      // busy machine, FILE_COPY in 2.3 s: its checkpoints wait on every other file's writes.
      await client.query(
        templates[name]
          ? `CREATE DATABASE "${database}" TEMPLATE "${templates[name]}"`
          : `CREATE DATABASE "${database}"`,
      );
    }
  });
  return {
    urls: Object.fromEntries(Object.entries(databases).map(([name, database]) => [name, urlFor(database)])),
    async drop() {
      await admin(async (client) => {
        for (const database of Object.values(databases))
          await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      });
    },
  };
}
