/**
 * Benchmarks 1, 3 and 5: the contract's WorkerCoverage query with seeded random NIKs at 1, 16
 * and 64 clients, against the monolith baseline and the gateway as shipped, with keep-alive
 * only, and as this project tunes it; peak memory of every process during that load.
 */
import { BenchConfig } from '../../subgraphs/shared/config';
import { randomGenerator, storyWorkers } from '../../subgraphs/shared/seed-story';
import { interleavedLoad, LoadFigures, Target, warmUp } from '../compare';
import { CpuProbe } from '../cpu';
import { DataSet } from '../datasets';
import { BenchFederation } from '../federation';
import { LoadGenerator } from '../load';
import { WORKER_COVERAGE, requestBody } from '../queries';
import { fixed, table, times, Verdict, whole } from '../report';
import { expectData, timedPost } from '../timing';

export const CONCURRENCY = [1, 16, 64];

export function seededNikBodies(niks: string[], count = 1000, seed = 7): string[] {
  const random = randomGenerator(seed);
  return Array.from({ length: count }, () => requestBody(WORKER_COVERAGE, { nik: niks[Math.floor(random() * niks.length)] }));
}

function cpuTable(federation: BenchFederation, byTarget: Map<string, LoadFigures>): string {
  const columns = ['gateway', 'population', 'budget', 'membership', 'monolith', 'postgres', 'load generator'];
  const rows = [...byTarget].map(([label, figures]) => {
    const own = (column: string) => {
      if (column === 'gateway') return label.startsWith('gateway ') ? `${federation.label} gateway (${label.slice('gateway '.length)})` : undefined;
      if (column === 'postgres' || column === 'load generator') return column;
      if (column === 'monolith') return label === 'monolith' ? `${federation.label} monolith` : undefined;
      return label === 'monolith' ? undefined : `${federation.label} ${column}`;
    };
    const cells = columns.map((column) => {
      const process = own(column);
      return process ? figures.cpuMs.get(process) ?? NaN : NaN;
    });
    const total = cells.filter(Number.isFinite).reduce((sum, ms) => sum + ms, 0);
    return [label, ...cells.map((ms) => fixed(ms, 2)), fixed(total, 2), whole((2 * 1000) / total)];
  });
  return table('CPU milliseconds per request by process (16 clients, median over rounds)', ['target', ...columns, 'total', 'req/s 2 cores allow'], rows);
}

export async function headlineSuite(federation: BenchFederation, data: DataSet, load: LoadGenerator, settings: BenchConfig): Promise<Verdict[]> {
  console.log('\n## 1. Headline query (WorkerCoverage, random seeded NIKs of the 25,000)');
  const bodies = seededNikBodies(storyWorkers().map((w) => w.nik));
  const { default: untuned, 'keep-alive': keepAlive, tuned } = federation.gateways;
  const targets: Target[] = [
    { label: 'monolith', url: federation.monolith!.url, bodies },
    { label: 'gateway default', url: untuned!.url, bodies },
    { label: 'gateway keep-alive', url: keepAlive!.url, bodies },
    { label: 'gateway tuned', url: tuned!.url, bodies },
  ];
  // Same answer everywhere, or the comparison means nothing.
  for (const body of bodies.slice(0, 20)) {
    const answers = await Promise.all(targets.map(async (t) => JSON.stringify(expectData(t.label, await timedPost(t.url, body)))));
    if (new Set(answers).size !== 1) throw new Error(`targets disagree on ${body}:\n${answers.join('\n')}`);
  }

  // The memory peak counts the warm-up too.
  for (const process of federation.processes()) process.resetPeak();
  await warmUp(load, targets, settings.warmupSeconds);
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
    const untunedFigures = byTarget.get('gateway default')!;
    for (const [label, f] of byTarget) {
      rows.push([
        connections,
        label,
        whole(f.requestsPerSecond),
        fixed(f.p50),
        fixed(f.p99),
        f.errors,
        label === 'monolith' ? '' : times(f.requestsPerSecond / monolith.requestsPerSecond),
        label === 'monolith' ? '' : times(f.p50 / monolith.p50),
        label.startsWith('gateway') && label !== 'gateway default' ? times(f.requestsPerSecond / untunedFigures.requestsPerSecond) : '',
      ]);
    }
  }
  console.log(
    table('Headline query: throughput and latency (medians over rounds)', ['clients', 'target', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'req/s vs monolith', 'p50 vs monolith', 'req/s vs default'], rows),
  );

  console.log(cpuTable(federation, figures.get(16)!));

  const memoryRows = federation.processes().map((p) => [p.label, fixed(p.peakRssMiB(), 0)]);
  console.log(table('5. Peak resident memory (VmHWM) during benchmark 1', ['process', 'peak RSS MiB'], memoryRows));

  const at16 = figures.get(16)!;
  const throughputRatio = at16.get('gateway tuned')!.requestsPerSecond / at16.get('monolith')!.requestsPerSecond;
  const latencyRatio = at16.get('gateway tuned')!.p50 / at16.get('monolith')!.p50;
  const tuningRatio16 = at16.get('gateway tuned')!.requestsPerSecond / at16.get('gateway default')!.requestsPerSecond;
  const at64 = figures.get(64)!;
  const tuningRatio64 = at64.get('gateway tuned')!.requestsPerSecond / at64.get('gateway default')!.requestsPerSecond;
  const gatewayPeak = tuned!.peakRssMiB();
  return [
    { target: 'federated throughput >= 1/3 of monolith (16 clients)', figure: `${times(throughputRatio)} (${whole(at16.get('gateway tuned')!.requestsPerSecond)} vs ${whole(at16.get('monolith')!.requestsPerSecond)} req/s)`, met: throughputRatio >= 1 / 3 },
    { target: 'federated p50 <= 2x monolith (16 clients)', figure: `${times(latencyRatio)} (${fixed(at16.get('gateway tuned')!.p50)} vs ${fixed(at16.get('monolith')!.p50)} ms)`, met: latencyRatio <= 2 },
    { target: 'tuned gateway >= 1.5x default throughput (16 clients)', figure: `${times(tuningRatio16)} at 16 clients, ${times(tuningRatio64)} at 64`, met: tuningRatio16 >= 1.5 },
    { target: 'gateway peak RSS < 250 MB during benchmark 1', figure: `${fixed(gatewayPeak, 0)} MiB (tuned), ${fixed(untuned!.peakRssMiB(), 0)} MiB (default)`, met: gatewayPeak < 250 },
  ];
}
