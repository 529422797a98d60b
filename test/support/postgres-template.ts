/**
 * jest globalSetup of the `e2e postgres` project: migrates and seeds one PostgreSQL database per
 * subgraph once per test run, so each seeded federation starts from `CREATE DATABASE ... TEMPLATE`
 * (PostgreSQL copies the files) instead of loading every region of Indonesia and the story's
 * 25,000 workers again. The seed is the one a federation's own start runs, so a copy holds exactly
 * what per-file seeding made. The names reach test workers in POSTGRES_TEMPLATE_DATABASES;
 * globalTeardown (postgres-template-teardown.ts) drops them.
 */
import 'reflect-metadata';
import { definitions } from '../../subgraphs/definitions';
import { SUBGRAPH_NAMES } from '../../contract/subgraph-names';
import { openDatabase } from '../../platform/database';
import { admin, databaseNames, TEMPLATES_VARIABLE, urlFor } from './databases';
import dropPostgresTemplate from './postgres-template-teardown';

export default async function seedPostgresTemplate(): Promise<void> {
  // Its own name per run, so two runs on one server never copy or drop each other's templates.
  const templates = databaseNames('tpl', SUBGRAPH_NAMES);
  await admin(async (client) => {
    for (const database of Object.values(templates)) await client.query(`CREATE DATABASE "${database}"`);
  });
  process.env[TEMPLATES_VARIABLE] = JSON.stringify(templates);
  try {
    await Promise.all(
      SUBGRAPH_NAMES.map(async (name) => {
        const definition = definitions[name];
        const database = await openDatabase({
          name,
          url: urlFor(templates[name]),
          dataDir: '',
          poolSize: 2,
          entities: definition.entities,
          migrations: definition.migrations,
          quiet: true,
        });
        try {
          await definition.seed?.(database.dataSource, () => undefined);
        } finally {
          await database.close();
        }
      }),
    );
  } catch (error) {
    // jest runs no teardown after a failed setup: drop them here, or they outlive the run.
    await dropPostgresTemplate();
    throw error;
  }
  // PostgreSQL copies a database only while nobody is connected to it; refusing connections keeps
  // it so, and keeps a test that changes data from ever changing the template all files copy.
  await admin(async (client) => {
    for (const database of Object.values(templates))
      await client.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS false`);
  });
}
