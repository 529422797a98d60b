/**
 * Benchmark 7: the subgraphs' executor. The same tuned gateway over the same city databases, its
 * subgraphs once on graphql-js and once on graphql-jit (platform/jit-executor.ts), interleaved: the
 * headline query's throughput and latency, and each subgraph's CPU per request.
 */
import { BenchConfig } from '../settings';
import { SUBGRAPH_NAMES } from '../../contract/subgraph-names';
import { storyWorkers } from '../../domain/seed-story';
import { interleavedLoad, Target, warmUp } from '../compare';
import { CpuProbe } from '../cpu';
import { DataSet } from '../datasets';
import { BenchFederation } from '../federation';
import { LoadGenerator } from '../load';
import { fixed, table, times, Verdict, whole } from '../report';
import { expectData, timedPost } from '../timing';
import { seededNikBodies } from './headline';

export async function executorSuite(
  graphqlJs: BenchFederation,
  jit: BenchFederation,
  data: DataSet,
  load: LoadGenerator,
  settings: BenchConfig,
): Promise<Verdict[]> {
  console.log('\n## 7. Subgraph executor: graphql-js against graphql-jit, same gateway and data (headline query)');
  const bodies = seededNikBodies(storyWorkers().map((w) => w.nik));
  const federations = [graphqlJs, jit];
  const targets: Target[] = federations.map((f) => ({
    label: f.label,
    url: f.gateways.tuned!.url,
    bodies,
    process: f.gateways.tuned!.label,
  }));
  for (const body of bodies.slice(0, 20)) {
    const answers: string[] = [];
    for (const t of targets) answers.push(JSON.stringify(expectData(t.label, await timedPost(t.url, body))));
    if (new Set(answers).size !== 1) throw new Error(`executors disagree on ${body}:\n${answers.join('\n')}`);
  }
  await warmUp(load, targets, settings.warmupSeconds);
  const probe = await CpuProbe.open(
    federations.flatMap((f) => f.processes()),
    load.pid,
    Object.values(data.urls),
  );
  const rows: string[][] = [];
  const cpuRows: string[][] = [];
  let ratio16 = NaN;
  try {
    for (const connections of [1, 16]) {
      const figures = await interleavedLoad(load, targets, connections, settings, probe);
      const [js, compiled] = federations.map((f) => figures.get(f.label)!);
      for (const f of federations) {
        const figure = figures.get(f.label)!;
        rows.push([
          String(connections),
          f.label,
          whole(figure.requestsPerSecond),
          fixed(figure.p50, 2),
          fixed(figure.p99, 2),
          String(figure.errors),
          f === jit ? times(compiled.requestsPerSecond / js.requestsPerSecond) : '',
        ]);
        if (connections === 16) {
          const subgraphMs = SUBGRAPH_NAMES.map((name) => figure.cpuMs.get(`${f.label} ${name}`) ?? NaN);
          cpuRows.push([
            f.label,
            fixed(figure.cpuMs.get(f.gateways.tuned!.label) ?? NaN, 2),
            ...subgraphMs.map((ms) => fixed(ms, 2)),
            fixed(
              subgraphMs.filter(Number.isFinite).reduce((a, b) => a + b, 0),
              2,
            ),
          ]);
        }
      }
      if (connections === 16) ratio16 = compiled.requestsPerSecond / js.requestsPerSecond;
    }
  } finally {
    await probe.close();
  }
  console.log(
    table(
      'Headline query by subgraph executor (medians over interleaved rounds)',
      ['clients', 'subgraphs on', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'jit vs graphql-js'],
      rows,
    ),
  );
  console.log(
    table(
      'CPU milliseconds per request (16 clients)',
      ['subgraphs on', 'gateway', ...SUBGRAPH_NAMES, 'subgraphs total'],
      cpuRows,
    ),
  );
  return [
    {
      target: 'graphql-jit subgraphs at least 1.05x graphql-js throughput (16 clients), or it is not adopted',
      figure: times(ratio16),
      met: ratio16 >= 1.05,
    },
  ];
}
