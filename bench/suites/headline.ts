/**
 * Benchmarks 1, 3 and 5: the contract's WorkerCoverage query with seeded random NIKs, one client
 * (the latency a person at a screen feels) and 16 and 64 clients, against the monolith baseline,
 * stock @apollo/gateway, Hive Gateway (with its JavaScript and its Rust query planner) and ours,
 * with and without its security layer; CPU per request and peak memory of every process.
 */
import { BenchConfig } from '../settings';
import { randomGenerator, storyWorkers } from '../../domain/seed-story';
import { interleavedLoad, LoadFigures, Target, warmUp } from '../compare';
import { CpuProbe } from '../cpu';
import { DataSet } from '../datasets';
import { BenchFederation, PEERS } from '../federation';
import { LoadGenerator } from '../load';
import { benchTrust } from '../client';
import { entityCacheCounters } from '../processes';
import { WORKER_COVERAGE, requestBody } from '../queries';
import { fixed, table, times, Verdict, whole } from '../report';
import { expectData, timedPost } from '../timing';

export const CONCURRENCY = [1, 16, 64];
const OURS = 'ours (full security)';
const STOCK = 'Apollo Gateway (stock)';
const HIVE = 'Hive Gateway';
const HIVE_RUST = 'Hive Gateway, Rust planner';

export function seededNikBodies(niks: string[], count = 1000, seed = 7): string[] {
  const random = randomGenerator(seed);
  return Array.from({ length: count }, () =>
    requestBody(WORKER_COVERAGE, { nik: niks[Math.floor(random() * niks.length)] }),
  );
}

function cpuTable(federation: BenchFederation, targets: Target[], byTarget: Map<string, LoadFigures>): string {
  const subgraphColumns = ['population', 'budget', 'membership'];
  const rows = targets.map((target) => {
    const figures = byTarget.get(target.label)!;
    const own = figures.cpuMs.get(target.process ?? '') ?? NaN;
    const federated = target.label !== 'monolith';
    const cells = [
      own,
      ...subgraphColumns.map((name) => (federated ? (figures.cpuMs.get(`${federation.label} ${name}`) ?? NaN) : NaN)),
      figures.cpuMs.get('postgres') ?? NaN,
      figures.cpuMs.get('load generator') ?? NaN,
    ];
    const total = cells.filter(Number.isFinite).reduce((sum, ms) => sum + ms, 0);
    return [target.label, ...cells.map((ms) => fixed(ms, 2)), fixed(total, 2), whole((2 * 1000) / total)];
  });
  return table(
    'CPU milliseconds per request by process (16 clients, median over rounds)',
    ['target', 'gateway or monolith', ...subgraphColumns, 'postgres', 'load generator', 'total', 'req/s 2 cores allow'],
    rows,
  );
}

export async function headlineSuite(
  federation: BenchFederation,
  data: DataSet,
  load: LoadGenerator,
  settings: BenchConfig,
): Promise<Verdict[]> {
  console.log('\n## 1. Headline query (WorkerCoverage, random seeded NIKs of the 25,000): the gateways side by side');
  const bodies = seededNikBodies(storyWorkers().map((w) => w.nik));
  const { default: stock, tuned } = federation.gateways;
  const peerLabel: Record<(typeof PEERS)[number], string> = {
    'ours, security layer off': 'ours (security layer off)',
    'Hive Gateway': HIVE,
    'Hive Gateway, Rust planner': HIVE_RUST,
  };
  const targets: Target[] = [
    { label: 'monolith', url: federation.monolith!.url, bodies, process: federation.monolith!.label },
    { label: STOCK, url: stock!.url, bodies, process: stock!.label },
    { label: OURS, url: tuned!.url, bodies, process: tuned!.label },
    ...PEERS.flatMap((peer) => {
      const server = federation.peers[peer];
      return server ? [{ label: peerLabel[peer], url: server.url, bodies, process: server.label }] : [];
    }),
  ];
  for (const [peer, reason] of Object.entries(federation.peerFailures))
    console.log(`(${peer} could not be started and is left out: ${reason})`);
  // Same answer everywhere, or the comparison means nothing.
  for (const body of bodies.slice(0, 20)) {
    // One target after the other: six cold gateways at once could time out on a busy machine.
    const answers: string[] = [];
    for (const t of targets) answers.push(JSON.stringify(expectData(t.label, await timedPost(t.url, body))));
    if (new Set(answers).size !== 1) throw new Error(`targets disagree on ${body}:\n${answers.join('\n')}`);
  }

  // The memory peak counts the warm-up too.
  for (const process of federation.processes()) process.resetPeak();
  await warmUp(load, targets, settings.warmupSeconds);
  const cacheBefore = await entityCacheCounters(tuned!.url, benchTrust.gatewaySecret);
  const probe = await CpuProbe.open(federation.processes(), load.pid, Object.values(data.urls));
  const figures = new Map<number, Map<string, LoadFigures>>();
  try {
    for (const connections of CONCURRENCY) {
      figures.set(connections, await interleavedLoad(load, targets, connections, settings, probe));
    }
  } finally {
    await probe.close();
  }
  const rows: (string | number)[][] = [];
  for (const [connections, byTarget] of figures) {
    const monolith = byTarget.get('monolith')!;
    const ours = byTarget.get(OURS)!;
    for (const [label, f] of byTarget) {
      rows.push([
        connections,
        label,
        whole(f.requestsPerSecond),
        fixed(f.p50, connections === 1 ? 2 : 1),
        fixed(f.p99, connections === 1 ? 2 : 1),
        f.errors,
        label === 'monolith' ? '' : times(f.requestsPerSecond / monolith.requestsPerSecond),
        label === 'monolith' ? '' : times(f.p50 / monolith.p50),
        label === 'monolith' || label === OURS ? '' : times(ours.requestsPerSecond / f.requestsPerSecond),
      ]);
    }
  }
  console.log(
    table(
      'Headline query: throughput and latency (1 client: one request after another, timed to the microsecond; medians over rounds)',
      [
        'clients',
        'target',
        'req/s',
        'p50 ms',
        'p99 ms',
        'errors',
        'req/s vs monolith',
        'p50 vs monolith',
        'ours is faster by',
      ],
      rows,
    ),
  );

  console.log(cpuTable(federation, targets, figures.get(16)!));
  const cacheAfter = await entityCacheCounters(tuned!.url, benchTrust.gatewaySecret);
  if (cacheBefore && cacheAfter) {
    const hits = cacheAfter.hits - cacheBefore.hits;
    const misses = cacheAfter.misses - cacheBefore.misses;
    console.log(
      `\nEntity cache of ours during the measurements: ${whole(hits)} hits, ${whole(misses)} misses, hit ratio ${fixed((100 * hits) / Math.max(1, hits + misses), 2)} %; ${whole(cacheAfter.fetchesSaved - cacheBefore.fetchesSaved)} subgraph fetches not sent.`,
    );
  }

  const memoryRows = federation.processes().map((p) => [p.label, fixed(p.peakRssMiB(), 0)]);
  console.log(table('5. Peak resident memory (VmHWM) during benchmark 1', ['process', 'peak RSS MiB'], memoryRows));

  const at = (connections: number, label: string) => figures.get(connections)!.get(label);
  const rps = (connections: number, label: string) => at(connections, label)?.requestsPerSecond ?? NaN;
  const ratio = (connections: number, over: string) => rps(connections, OURS) / rps(connections, over);
  const monolith16 = ratio(16, 'monolith');
  const monolith1 = ratio(1, 'monolith');
  const meanRatio1 = at(1, OURS)!.mean / at(1, 'monolith')!.mean;
  const peer = (label: string, connections: number, goal: number) =>
    at(connections, label)
      ? {
          figure: `${times(ratio(connections, label))} (${whole(rps(connections, OURS))} vs ${whole(rps(connections, label))} req/s)`,
          met: ratio(connections, label) >= goal,
        }
      : { figure: `not measured: ${label} did not start`, met: false };
  const hive16 = peer(HIVE, 16, 2);
  const rust16 = peer(HIVE_RUST, 16, 1.5);
  const rust1 = peer(HIVE_RUST, 1, 1.5);
  const stock16 = peer(STOCK, 16, 2);
  const gatewayPeak = tuned!.peakRssMiB();
  const peerPeaks = PEERS.filter((p) => federation.peers[p]).map(
    (p) => `${peerLabel[p]} ${fixed(federation.peers[p]!.peakRssMiB(), 0)}`,
  );
  return [
    {
      target: 'federated headline throughput >= 0.40x the monolith (16 clients)',
      figure: `${times(monolith16)} (${whole(rps(16, OURS))} vs ${whole(rps(16, 'monolith'))} req/s)`,
      met: monolith16 >= 0.4,
    },
    {
      target: '1-client throughput >= 0.40x the monolith (mean latency <= 2.5x)',
      figure: `${times(monolith1)} (${whole(rps(1, OURS))} vs ${whole(rps(1, 'monolith'))} req/s; mean ${fixed(at(1, OURS)!.mean, 2)} vs ${fixed(at(1, 'monolith')!.mean, 2)} ms, ${times(meanRatio1)})`,
      met: monolith1 >= 0.4,
    },
    { target: 'ours, full security, >= 2.0x Hive Gateway (16 clients)', ...hive16 },
    {
      target: 'ours, full security, >= 1.5x Hive Gateway with the Rust planner (16 clients and 1)',
      figure: `${rust16.figure} at 16; ${rust1.figure} at 1`,
      met: rust16.met && rust1.met,
    },
    { target: 'ours >= 2.0x stock @apollo/gateway (16 clients)', ...stock16 },
    {
      target: 'gateway peak RSS < 250 MiB during benchmark 1',
      figure: `${fixed(gatewayPeak, 0)} MiB ours (stock ${fixed(stock!.peakRssMiB(), 0)}; ${peerPeaks.join(', ')})`,
      met: gatewayPeak < 250,
    },
  ];
}
