/**
 * Benchmark 2: the roster of Ambon's largest village with each worker's membership, coverage
 * and funding: latency, bytes, and SQL statements per subgraph, which must not grow with the
 * roster (one per entity type per subgraph fetch).
 */
import { BenchConfig } from '../settings';
import { SUBGRAPH_NAMES, SubgraphName } from '../../contract/subgraph-names';
import { storyWorkers } from '../../domain/seed-story';
import { interleavedLatency } from '../compare';
import { BenchFederation } from '../federation';
import { requestBody, VILLAGE_ROSTER } from '../queries';
import { fixed, table, Verdict, whole } from '../report';
import { expectData, timedPost } from '../timing';

export function largestVillage(): { code: string; workers: number } {
  const counts = new Map<string, number>();
  for (const w of storyWorkers()) counts.set(w.villageCode, (counts.get(w.villageCode) ?? 0) + 1);
  const [code, workers] = [...counts].sort((a, b) => b[1] - a[1])[0];
  return { code, workers };
}

/** Waits until requests still in flight from an earlier load have finished their SQL. */
async function settled(federation: BenchFederation) {
  let last = JSON.stringify(await federation.statements());
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = JSON.stringify(await federation.statements());
    if (now === last) return;
    last = now;
  }
}

export async function statementsOf(federation: BenchFederation, url: string, body: string) {
  await settled(federation);
  const before = await federation.statements();
  const answer = await timedPost(url, body);
  // Some writes a read causes (the person-read audit) land just after the answer: count them with it.
  await settled(federation);
  const after = await federation.statements();
  const data = expectData('roster', answer);
  const perSubgraph = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, after[n] - before[n]])) as Record<
    SubgraphName,
    number
  >;
  return { perSubgraph, rows: data.village.workers.nodes.length as number, bytes: answer.bytes };
}

export async function rosterSuite(federation: BenchFederation, settings: BenchConfig): Promise<Verdict[]> {
  const village = largestVillage();
  console.log(`\n## 2. Village roster (largest village ${village.code}, ${village.workers} workers)`);
  const tuned = federation.gateways.tuned!;
  const sizes = [10, 100, 1000, village.workers].filter((n, i, all) => n <= village.workers && all.indexOf(n) === i);
  const statementRows: (string | number)[][] = [];
  const counts: string[] = [];
  for (const size of sizes) {
    const { perSubgraph, rows, bytes } = await statementsOf(
      federation,
      tuned.url,
      requestBody(VILLAGE_ROSTER, { code: village.code, first: size }),
    );
    counts.push(JSON.stringify(perSubgraph));
    statementRows.push([rows, ...SUBGRAPH_NAMES.map((n) => perSubgraph[n]), whole(bytes)]);
  }
  console.log(
    table(
      'SQL statements per roster request (tuned gateway)',
      ['workers returned', ...SUBGRAPH_NAMES, 'response bytes'],
      statementRows,
    ),
  );

  const fullBody = requestBody(VILLAGE_ROSTER, { code: village.code, first: village.workers });
  const thousandBody = requestBody(VILLAGE_ROSTER, { code: village.code, first: Math.min(1000, village.workers) });
  const targets = (['default', 'keep-alive', 'tuned'] as const).flatMap((tuning) => [
    { label: `${tuning}: ${village.workers} workers`, url: federation.gateways[tuning]!.url, bodies: [fullBody] },
    { label: `${tuning}: 1000 workers`, url: federation.gateways[tuning]!.url, bodies: [thousandBody] },
  ]);
  const latency = await interleavedLatency(targets, { rounds: settings.rounds, perRound: settings.quick ? 3 : 8 });
  console.log(
    table(
      'Roster latency, one request at a time (median over interleaved requests)',
      ['gateway: roster', 'median ms', 'p90 ms', 'bytes', 'errors'],
      [...latency].map(([label, f]) => [label, fixed(f.median), fixed(f.p90), whole(f.bytes), f.errors]),
    ),
  );
  const thousand = latency.get('tuned: 1000 workers')!;
  // A count may fall (the allocations of a later roster come from the entity cache) but never grow.
  const first = JSON.parse(counts[0]) as Record<string, number>;
  const constant = counts.every((c) =>
    Object.entries(JSON.parse(c) as Record<string, number>).every(([name, n]) => n <= first[name]),
  );
  const worst = Math.max(...statementRows.flatMap((row) => row.slice(1, 1 + SUBGRAPH_NAMES.length) as number[]));
  return [
    {
      target: 'roster SQL statements never grow with roster size',
      figure: `${counts.join(' / ')} for ${sizes.join(' / ')} workers (a 0: served by the entity cache)`,
      met: constant,
    },
    {
      target: 'at most one statement per entity type per subgraph fetch',
      figure: `at most ${worst} per subgraph (see table)`,
      met: constant && worst <= 4,
    },
    {
      target: '1,000-worker roster in under 300 ms',
      figure: `${fixed(thousand.median)} ms median (p90 ${fixed(thousand.p90)})`,
      met: thousand.median < 300,
    },
  ];
}
