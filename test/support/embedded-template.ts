/**
 * jest globalSetup of the `e2e embedded` project: migrates and seeds one embedded database per
 * subgraph once per test run, so each federation copies the seeded files instead of loading every
 * region of Indonesia into PGlite again (tens of seconds per subgraph on a busy machine).
 * The directory is handed to test workers in EMBEDDED_TEMPLATE_DIR and removed by globalTeardown.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { definitions } from '../../subgraphs/definitions';
import { SUBGRAPH_NAMES } from '../../contract/subgraph-names';
import { openDatabase } from '../../platform/database';

export default async function seedEmbeddedTemplate(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'federation-template-'));
  // One after another: PGlite runs on this process's one thread, where four seeds at once would
  // starve each other's connections.
  for (const name of SUBGRAPH_NAMES) {
    const definition = definitions[name];
    const database = await openDatabase({
      name,
      dataDir,
      poolSize: 1,
      entities: definition.entities,
      migrations: definition.migrations,
      quiet: true,
    });
    try {
      await definition.seed?.(database.dataSource, () => undefined);
    } finally {
      await database.close();
    }
  }
  process.env.EMBEDDED_TEMPLATE_DIR = dataDir;
}
