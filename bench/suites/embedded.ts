/**
 * The zero-setup mode: `npm start`'s embedded databases (one PGlite per subgraph, seeded on first
 * start) behind our gateway, measured in interleaved rounds with the same gateway on PostgreSQL,
 * so a user knows what the embedded default gives before setting up a database.
 */
import { BenchConfig } from '../settings';
import { storyWorkers } from '../../domain/seed-story';
import { interleavedLoad, Target, warmUp } from '../compare';
import { BenchFederation } from '../federation';
import { LoadGenerator } from '../load';
import { fixed, table, times, Verdict, whole } from '../report';
import { expectData, timedPost } from '../timing';
import { seededNikBodies } from './headline';

export async function embeddedSuite(
  postgres: BenchFederation,
  embedded: BenchFederation,
  load: LoadGenerator,
  settings: BenchConfig,
): Promise<Verdict[]> {
  console.log('\n## 6. The embedded default (`npm start`, PGlite) against PostgreSQL, our gateway in front of each');
  const bodies = seededNikBodies(storyWorkers().map((w) => w.nik));
  const targets: Target[] = [
    { label: 'ours on PostgreSQL', url: postgres.gateways.tuned!.url, bodies },
    { label: 'ours on embedded databases', url: embedded.gateways.tuned!.url, bodies },
  ];
  for (const body of bodies.slice(0, 5)) {
    const [a, b] = [
      JSON.stringify(expectData(targets[0].label, await timedPost(targets[0].url, body))),
      JSON.stringify(expectData(targets[1].label, await timedPost(targets[1].url, body))),
    ];
    if (a !== b) throw new Error(`the embedded federation answers differently:\n${a}\n${b}`);
  }
  await warmUp(load, targets, settings.warmupSeconds);
  const rows: (string | number)[][] = [];
  for (const connections of [1, 16]) {
    const figures = await interleavedLoad(load, targets, connections, settings);
    const base = figures.get(targets[0].label)!;
    for (const [label, f] of figures)
      rows.push([
        connections,
        label,
        whole(f.requestsPerSecond),
        fixed(f.p50, 2),
        fixed(f.p99, 2),
        f.errors,
        times(f.requestsPerSecond / base.requestsPerSecond),
      ]);
  }
  console.log(
    table(
      'Headline query on the embedded default (medians over rounds)',
      ['clients', 'target', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'req/s vs PostgreSQL'],
      rows,
    ),
  );
  return [];
}
