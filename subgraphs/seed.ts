/**
 * `npm run seed`: runs every subgraph's migrations and seed against its configured database
 * (embedded or real), without serving. Safe to repeat: a second run changes nothing.
 */
import 'reflect-metadata';
import { definitions } from './definitions';
import { resolveSubgraphSettings } from './kit/settings';
import { SUBGRAPH_NAMES } from '../contract/subgraph-names';
import { openDatabase } from '../platform/database';

async function main() {
  for (const name of SUBGRAPH_NAMES) {
    const definition = definitions[name];
    const settings = resolveSubgraphSettings(process.env, name);
    const started = Date.now();
    const database = await openDatabase({
      name,
      url: settings.databaseUrl,
      dataDir: settings.dataDir,
      poolSize: 2,
      entities: definition.entities,
      migrations: definition.migrations,
    });
    try {
      await definition.seed?.(database.dataSource, (message) => console.log(`[${name}] ${message}`));
    } finally {
      await database.close();
    }
    console.log(`[${name}] seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
