/**
 * Side-by-side measurement: targets are measured in interleaved rounds (A, B, C, then B, C, A...)
 * so drift of the machine (other processes, caches, autovacuum) falls on all of them alike;
 * each figure is the median over rounds.
 */
import { CpuProbe, cpuPerRequest } from './cpu';
import { LoadGenerator, LoadResult } from './load';
import { median, percentile } from './report';
import { timedPost } from './timing';

export interface Target {
  label: string;
  url: string;
  bodies: string[];
  /** The label of the process that serves it (its CPU column), when measured. */
  process?: string;
}

export interface LoadFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  mean: number;
  errors: number;
  /** Median CPU milliseconds per request, per process (when a probe was given). */
  cpuMs: Map<string, number>;
}

const rotate = <T>(items: T[], by: number) => items.map((_, i) => items[(i + by) % items.length]);

export async function interleavedLoad(
  load: LoadGenerator,
  targets: Target[],
  connections: number,
  settings: { seconds: number; rounds: number },
  probe?: CpuProbe,
): Promise<Map<string, LoadFigures>> {
  const samples = new Map(targets.map((t) => [t.label, [] as (LoadResult & { cpuMs: Map<string, number> })[]]));
  // A second at this concurrency, not counted: the pools and sockets it needs are open.
  for (const target of targets) await load.run({ url: target.url, bodies: target.bodies, connections, seconds: 1 });
  for (let round = 0; round < settings.rounds; round++) {
    for (const target of rotate(targets, round)) {
      const before = await probe?.sample();
      const result = await load.run({ url: target.url, bodies: target.bodies, connections, seconds: settings.seconds });
      const after = await probe?.sample();
      samples
        .get(target.label)!
        .push({ ...result, cpuMs: before && after ? cpuPerRequest(before, after, result.requests) : new Map() });
    }
  }
  return new Map(
    [...samples].map(([label, runs]) => [
      label,
      {
        requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
        p50: median(runs.map((r) => r.p50)),
        p99: median(runs.map((r) => r.p99)),
        mean: median(runs.map((r) => r.mean)),
        errors: runs.reduce((sum, r) => sum + r.errors, 0),
        cpuMs: new Map(
          [...runs[0].cpuMs.keys()].map((process) => [process, median(runs.map((r) => r.cpuMs.get(process) ?? NaN))]),
        ),
      },
    ]),
  );
}

/**
 * Load on every target until its code is compiled, not counted: a federated request runs through
 * five processes' worth of JavaScript, which V8 needs several thousand requests to optimise,
 * against one for the monolith; measured cold, the comparison would mostly measure the JIT.
 */
export async function warmUp(load: LoadGenerator, targets: Target[], seconds: number): Promise<void> {
  for (const target of targets) await load.run({ url: target.url, bodies: target.bodies, connections: 16, seconds });
}

export interface LatencyFigures {
  median: number;
  p90: number;
  bytes: number;
  /** Requests answered with errors (not counted in the latencies). */
  errors: number;
}

/** One request at a time, `perRound` per target per round, interleaved. */
export async function interleavedLatency(
  targets: Target[],
  settings: { rounds: number; perRound: number },
): Promise<Map<string, LatencyFigures>> {
  const samples = new Map(targets.map((t) => [t.label, { ms: [] as number[], bytes: 0, errors: 0 }]));
  // Warm-up, not counted: every distinct request once (JIT, connection pools, and the rows it
  // reads in PostgreSQL's buffer cache), so the figures compare steady states, not cold caches.
  for (const target of targets) {
    for (let i = 0; i < Math.max(settings.perRound, target.bodies.length); i++)
      await timedPost(target.url, target.bodies[i % target.bodies.length]);
  }
  for (let round = 0; round < settings.rounds; round++) {
    for (const target of rotate(targets, round)) {
      for (let i = 0; i < settings.perRound; i++) {
        const timed = await timedPost(
          target.url,
          target.bodies[(round * settings.perRound + i) % target.bodies.length],
        );
        const sample = samples.get(target.label)!;
        if (timed.body.errors?.length) {
          sample.errors++;
          continue;
        }
        sample.ms.push(timed.ms);
        sample.bytes = timed.bytes;
      }
    }
  }
  return new Map(
    [...samples].map(([label, s]) => [
      label,
      { median: median(s.ms), p90: percentile(s.ms, 90), bytes: s.bytes, errors: s.errors },
    ]),
  );
}
