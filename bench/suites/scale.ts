/**
 * Benchmark 4: the same reads over the city data set (25,000 workers) and the national one
 * (workers over all of Indonesia), side by side through identically tuned gateways, plus the
 * query plans PostgreSQL chooses at national scale (indexes, no scans).
 */
import { Client } from 'pg';
import { BenchConfig } from '../settings';
import { SUBGRAPH_NAMES } from '../../contract/subgraph-names';
import { storyWorkers } from '../../domain/seed-story';
import { interleavedLatency, interleavedLoad, warmUp } from '../compare';
import { DataSet } from '../datasets';
import { BenchFederation } from '../federation';
import { LoadGenerator } from '../load';
import { DISTRICT_COVERAGE, requestBody, VILLAGE_ROSTER } from '../queries';
import { fixed, table, times, Verdict, whole } from '../report';
import { expectData, timedPost } from '../timing';
import { seededNikBodies } from './headline';
import { largestVillage } from './roster';
import { explainChecks } from './explain';

/** PostgreSQL's block reads for some databases: served from its shared buffers (hit) or not (read). */
async function blockReads(data: DataSet): Promise<{ hit: number; read: number }> {
  const client = new Client({ connectionString: data.urls.population });
  await client.connect();
  try {
    const names = SUBGRAPH_NAMES.map((name) => new URL(data.urls[name]).pathname.slice(1));
    const { rows } = await client.query(
      'SELECT sum(blks_hit)::float8 AS hit, sum(blks_read)::float8 AS read FROM pg_stat_database WHERE datname = ANY($1)',
      [names],
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

const hitShare = (before: { hit: number; read: number }, after: { hit: number; read: number }) => {
  const hit = after.hit - before.hit;
  const read = after.read - before.read;
  return `${fixed((100 * hit) / Math.max(1, hit + read), 2)} %`;
};

async function sampleNiks(populationUrl: string, count: number): Promise<string[]> {
  const client = new Client({ connectionString: populationUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT nik FROM worker ORDER BY md5(nik) LIMIT $1', [count]);
    return rows.map((r: { nik: string }) => r.nik);
  } finally {
    await client.end();
  }
}

export async function scaleSuite(
  city: BenchFederation,
  cityData: DataSet,
  national: BenchFederation,
  nationalData: DataSet,
  load: LoadGenerator,
  settings: BenchConfig,
  loadSeconds: number,
): Promise<Verdict[]> {
  const size = settings.nationalWorkers.toLocaleString('en');
  console.log(`\n## 4. Scale: 25,000 workers (Ambon) vs ${size} workers (all of Indonesia)`);
  console.log(`national data set bulk-loaded in ${fixed(loadSeconds, 0)} s`);
  const cityUrl = city.gateways.tuned!.url;
  const nationalUrl = national.gateways.tuned!.url;
  const cityBodies = seededNikBodies(storyWorkers().map((w) => w.nik));
  const nationalBodies = seededNikBodies(await sampleNiks(nationalData.urls.population, 5000));
  const probe = expectData('national lookup', await timedPost(nationalUrl, nationalBodies[0]));
  if (!probe.worker?.membership?.coverage?.fundedBy?.funder)
    throw new Error(`national worker without coverage: ${JSON.stringify(probe)}`);

  // The national federation has just started; the city's is warm from benchmark 1.
  await warmUp(
    load,
    [
      { label: 'city', url: cityUrl, bodies: cityBodies },
      { label: 'national', url: nationalUrl, bodies: nationalBodies },
    ],
    settings.warmupSeconds,
  );
  const lookups = await interleavedLatency(
    [
      { label: 'city', url: cityUrl, bodies: cityBodies },
      { label: 'national', url: nationalUrl, bodies: nationalBodies },
    ],
    { rounds: settings.rounds, perRound: settings.quick ? 100 : 300 },
  );
  const blocksBefore = await Promise.all([blockReads(cityData), blockReads(nationalData)]);
  const throughput = await interleavedLoad(
    load,
    [
      { label: 'city', url: cityUrl, bodies: cityBodies },
      { label: 'national', url: nationalUrl, bodies: nationalBodies },
    ],
    16,
    settings,
  );
  // Statistics reach pg_stat_database within about a second of each transaction.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const blocksAfter = await Promise.all([blockReads(cityData), blockReads(nationalData)]);
  const village = largestVillage();
  const roster = requestBody(VILLAGE_ROSTER, { code: village.code, first: Math.min(1000, village.workers) });
  const aggregate = requestBody(DISTRICT_COVERAGE, { regency: '81.71' });
  const nationalAggregateAnswer = expectData('aggregate', await timedPost(nationalUrl, aggregate));
  const reads = await interleavedLatency(
    [
      { label: 'city roster', url: cityUrl, bodies: [roster] },
      { label: 'national roster', url: nationalUrl, bodies: [roster] },
      { label: 'city aggregate', url: cityUrl, bodies: [aggregate] },
      { label: 'national aggregate', url: nationalUrl, bodies: [aggregate] },
    ],
    { rounds: settings.rounds, perRound: settings.quick ? 3 : 10 },
  );
  const growth = (a: number, b: number) => times(b / a);
  const rows = [
    [
      'WorkerCoverage lookup, 1 client: median ms',
      fixed(lookups.get('city')!.median, 2),
      fixed(lookups.get('national')!.median, 2),
      growth(lookups.get('city')!.median, lookups.get('national')!.median),
    ],
    [
      'WorkerCoverage lookup, 1 client: p90 ms',
      fixed(lookups.get('city')!.p90, 2),
      fixed(lookups.get('national')!.p90, 2),
      growth(lookups.get('city')!.p90, lookups.get('national')!.p90),
    ],
    [
      'WorkerCoverage, 16 clients: req/s',
      whole(throughput.get('city')!.requestsPerSecond),
      whole(throughput.get('national')!.requestsPerSecond),
      growth(throughput.get('city')!.requestsPerSecond, throughput.get('national')!.requestsPerSecond),
    ],
    [
      'WorkerCoverage, 16 clients: p50 ms',
      fixed(throughput.get('city')!.p50),
      fixed(throughput.get('national')!.p50),
      growth(throughput.get('city')!.p50, throughput.get('national')!.p50),
    ],
    [
      'WorkerCoverage, 16 clients: block reads served by shared buffers',
      hitShare(blocksBefore[0], blocksAfter[0]),
      hitShare(blocksBefore[1], blocksAfter[1]),
      '',
    ],
    [
      `roster of ${village.code}, ${Math.min(1000, village.workers)} workers: median ms`,
      fixed(reads.get('city roster')!.median),
      fixed(reads.get('national roster')!.median),
      growth(reads.get('city roster')!.median, reads.get('national roster')!.median),
    ],
    [
      'Kota Ambon + its 5 districts coverage aggregate: median ms',
      fixed(reads.get('city aggregate')!.median),
      fixed(reads.get('national aggregate')!.median),
      growth(reads.get('city aggregate')!.median, reads.get('national aggregate')!.median),
    ],
  ];
  const errors =
    [...lookups.values(), ...reads.values()].reduce((sum, f) => sum + f.errors, 0) +
    [...throughput.values()].reduce((sum, f) => sum + f.errors, 0);
  console.log(table('Scale (same tuned gateway, interleaved)', ['measure', '25,000', size, 'growth'], rows));
  console.log(`requests answered with errors during the scale comparison: ${errors}`);
  console.log(
    `national aggregate answer: ${JSON.stringify(nationalAggregateAnswer.regency.coverage)} for ${nationalAggregateAnswer.regency.districts.length} districts`,
  );

  console.log(await explainChecks(nationalData));
  const lookupGrowth = lookups.get('national')!.median / lookups.get('city')!.median;
  const aggregateMs = reads.get('national aggregate')!.median;
  return [
    {
      target: `single-worker lookup at ${size} within 1.2x of 25,000`,
      figure: `${times(lookupGrowth)} (${fixed(lookups.get('national')!.median, 2)} vs ${fixed(lookups.get('city')!.median, 2)} ms median)`,
      met: lookupGrowth <= 1.2,
    },
    {
      target: `district coverage aggregate over ${size} workers < 1 s`,
      figure: `${fixed(aggregateMs)} ms median`,
      met: aggregateMs < 1000,
    },
    {
      target: `national data set seeded in minutes`,
      figure: `${fixed(loadSeconds / 60, 1)} min for ${size} workers`,
      met: loadSeconds < 15 * 60,
    },
  ];
}
