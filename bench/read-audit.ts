/**
 * `npm run bench:audit`: what the read audit costs a read. Two federations over the same
 * PostgreSQL, identical but for the audit (the second's population subgraph records the reads of
 * each request but never hands them to the writer),
 * asked the same queries in interleaved rounds, alternating which goes first; medians reported.
 *
 *   npm run bench:audit -- [--rounds 6] [--requests 150] [--control]
 *   --requests: sequential requests per round, side and workload
 *   --control: both sides without the audit (an A/A run), to see the noise floor
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { personReadWriter } from '../subgraphs/population/audit/person-read-writer';
import { population } from '../subgraphs/population/definition';
import { storyWorkers } from '../domain/seed-story';
import { Federation, postGraphQL, startFederation } from '../test/support/federation';

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const ROUNDS = argument('--rounds', 6);
const REQUESTS = argument('--requests', 150);
const CONTROL = process.argv.includes('--control');

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

interface Workload {
  name: string;
  query: string;
  variables: (i: number) => Record<string, unknown>;
  persons: number;
}

const workers = storyWorkers();
const villages = [...new Set(workers.map((w) => w.villageCode))];
const WORKLOADS: Workload[] = [
  {
    name: 'one worker by NIK (1 person)',
    query:
      'query WorkerCoverage($nik: String!) { worker(nik: $nik) { nik fullName birthDate village { name } membership { status } } }',
    variables: (i) => ({ nik: workers[(i * 7919) % workers.length].nik }),
    persons: 1,
  },
  {
    name: 'a village roster page (100 persons)',
    query:
      'query Roster($code: ID!) { village(code: $code) { workers(first: 100) { nodes { nik fullName birthDate } } } }',
    variables: (i) => ({ code: villages[i % villages.length] }),
    persons: 100,
  },
];

async function timeRequests(
  federation: Federation,
  headers: Record<string, string>,
  workload: Workload,
  offset: number,
): Promise<number[]> {
  const timings: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const response = await postGraphQL(federation.gateway.url, workload.query, workload.variables(offset + i), headers);
    timings.push(performance.now() - started);
    if (response.errors) throw new Error(`${workload.name}: ${JSON.stringify(response.errors)}`);
  }
  return timings;
}

async function main() {
  console.log('starting two federations (audit on, audit off), seeding 25,000 workers each...');
  const [audited, unaudited] = await Promise.all([
    CONTROL
      ? startFederation({ definitions: { population: { ...population, beforeResponse: undefined } } })
      : startFederation(),
    startFederation({ definitions: { population: { ...population, beforeResponse: undefined } } }),
  ]);
  try {
    const headersOf = async (federation: Federation) => federation.as('insurer-officer', { subject: 'bench' });
    const sides = [
      { name: CONTROL ? 'side A (no audit)' : 'audit on', federation: audited, headers: await headersOf(audited) },
      { name: CONTROL ? 'side B (no audit)' : 'audit off', federation: unaudited, headers: await headersOf(unaudited) },
    ];
    console.log(`${ROUNDS} interleaved rounds x ${REQUESTS} sequential requests per side and workload\n`);
    for (const workload of WORKLOADS) {
      // Warm-up: JIT, connection pools, PostgreSQL caches.
      for (const side of sides) await timeRequests(side.federation, side.headers, workload, 10_000);
      const timings = new Map<string, number[]>(sides.map((s) => [s.name, []]));
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 ? [...sides].reverse() : sides;
        for (const side of order)
          timings
            .get(side.name)!
            .push(...(await timeRequests(side.federation, side.headers, workload, round * REQUESTS)));
      }
      const [on, off] = sides.map((side) => median(timings.get(side.name)!));
      console.log(`${workload.name}`);
      for (const [side, value] of [
        [sides[0].name, on],
        [sides[1].name, off],
      ] as const)
        console.log(`  ${`median latency, ${side}:`.padEnd(36)} ${value.toFixed(2)} ms`);
      console.log(
        `  ${`${CONTROL ? 'difference (noise)' : 'read-audit overhead'}:`.padEnd(36)} ${(on - off).toFixed(2)} ms (${(((on - off) / off) * 100).toFixed(1)}%)\n`,
      );
    }
    const writer = personReadWriter(audited.subgraphs.population.database.dataSource);
    await writer.drain();
    const [{ rows }] = await audited.subgraphs.population.database.dataSource.query(
      'SELECT count(*)::int AS rows FROM person_read_audit',
    );
    console.log(`audit rows written by the audited side: ${rows}, in ${writer.writes} INSERT statements`);
  } finally {
    await Promise.all([audited.stop(), unaudited.stop()]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
