/**
 * Each test file gets its own PostgreSQL databases (one per subgraph, as in production),
 * created fresh and dropped afterwards, so test files run in parallel without sharing state.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
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

export async function createTestDatabases(names: readonly string[]): Promise<TestDatabases> {
  const run = `t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const databases = Object.fromEntries(names.map((name) => [name, `${run}_${name}`]));
  await admin(async (client) => {
    for (const database of Object.values(databases)) await client.query(`CREATE DATABASE "${database}"`);
  });
  return {
    urls: Object.fromEntries(Object.entries(databases).map(([name, database]) => [name, urlFor(database)])),
    async drop() {
      await admin(async (client) => {
        for (const database of Object.values(databases)) await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      });
    },
  };
}
