/**
 * The benchmark's data: each data set is a fresh set of PostgreSQL databases (one per subgraph,
 * as in production) seeded by the subgraphs' own seeders, plus for the city a single database
 * holding the same rows for the monolith baseline. Everything is dropped at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { definitions } from '../subgraphs/definitions';
import { SUBGRAPH_NAMES, SubgraphName } from '../contract/subgraph-names';
import { openDatabase } from '../platform/database';
import { SubgraphDefinition } from '../subgraphs/kit/subgraph';
import { createTestDatabases, TestDatabases } from '../test/support/databases';
import { loadNationalWorkers } from './national';

export interface DataSet {
  label: string;
  urls: Record<SubgraphName, string>;
  /** `npm start`'s embedded databases (PGlite) under this directory, seeded by each subgraph as it starts; no URLs then. */
  embeddedDir?: string;
  /** One database with every subgraph's tables, for the monolith (city only). */
  monolithUrl?: string;
  databases: TestDatabases;
}

// Seeders report progress per chunk; the benchmark prints only their summaries.
const log = (message: string) => {
  if (!/: [\d,]+\/[\d,]+$/.test(message)) console.log(`  ${message}`);
};

async function seedInto(
  url: string,
  parts: SubgraphDefinition<any>[],
  extra?: (db: import('typeorm').DataSource) => Promise<void>,
) {
  const database = await openDatabase({
    name: parts.map((p) => p.name).join('+'),
    url,
    dataDir: os.tmpdir(),
    poolSize: 2,
    // Subgraphs share some migrations (the write log): each runs once in a shared database.
    entities: [...new Set(parts.flatMap((p) => p.entities))],
    migrations: [...new Set(parts.flatMap((p) => p.migrations))],
  });
  try {
    for (const part of parts) await part.seed?.(database.dataSource, (m) => log(`[${part.name}] ${m}`));
    await extra?.(database.dataSource);
    await database.dataSource.query('ANALYZE');
  } finally {
    await database.close();
  }
}

/** The owners whose rows the monolith's one join reads. */
const MONOLITH_PARTS: SubgraphName[] = ['population', 'budget', 'membership'];

/** Ambon as the seed story tells it: 25,000 workers in 50 villages, with the monolith's copy. */
export async function cityDataSet(): Promise<DataSet> {
  const databases = await createTestDatabases([...SUBGRAPH_NAMES, 'monolith']);
  const urls = databases.urls as Record<SubgraphName | 'monolith', string>;
  await Promise.all([
    ...SUBGRAPH_NAMES.map((name) => seedInto(urls[name], [definitions[name]])),
    seedInto(
      urls.monolith,
      MONOLITH_PARTS.map((name) => definitions[name]),
    ),
  ]);
  return { label: 'city', urls, monolithUrl: urls.monolith, databases };
}

/** What `npm start` gives with no setting: every subgraph on its own embedded database, seeded on first start. */
export function embeddedDataSet(): DataSet {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-embedded-'));
  return {
    label: 'embedded',
    urls: {} as Record<SubgraphName, string>,
    embeddedDir: dir,
    databases: { urls: {}, dataDir: dir, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) },
  };
}

/** The story's Ambon plus workers spread over every village of Indonesia, up to `workers` in all. */
export async function nationalDataSet(workers: number): Promise<DataSet> {
  const databases = await createTestDatabases(SUBGRAPH_NAMES);
  const urls = databases.urls as Record<SubgraphName, string>;
  const started = Date.now();
  await Promise.all(SUBGRAPH_NAMES.map((name) => seedInto(urls[name], [definitions[name]])));
  await loadNationalWorkers(urls, workers, log);
  log(
    `national data set: ${workers.toLocaleString('en')} workers loaded in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  return { label: 'national', urls, databases };
}
