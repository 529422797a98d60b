/** Settings of `npm run bench` (bench/), resolved once by each bench entry file. BENCH_QUICK=1 gives a smoke run in a couple of minutes. */
import { Environment, flag, integer } from '../platform/settings';

export interface BenchConfig {
  quick: boolean;
  /** Size of the national data set (all of Indonesia). */
  nationalWorkers: number;
  /** Seconds of load per measurement, and interleaved rounds per comparison. */
  seconds: number;
  rounds: number;
  /** Load on each target before its first measurement, so JIT compilation is not measured. */
  warmupSeconds: number;
  /** Which suites run (BENCH_SUITES=headline,roster; all when unset), for measuring one change quickly. */
  suites: BenchSuite[];
}
export type BenchSettings = BenchConfig;

export const BENCH_SUITES = ['headline', 'roster', 'scale', 'writes', 'analysts', 'embedded', 'executor'] as const;
export type BenchSuite = (typeof BENCH_SUITES)[number];

function suiteList(value: string | undefined): BenchSuite[] {
  if (!value?.trim()) return [...BENCH_SUITES];
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(BENCH_SUITES as readonly string[]).includes(name));
  if (unknown.length)
    throw new Error(`BENCH_SUITES: unknown suite(s) ${unknown.join(', ')}; choose from ${BENCH_SUITES.join(', ')}`);
  return names as BenchSuite[];
}

export function resolveBenchSettings(env: Environment): BenchSettings {
  const quick = flag(env, 'BENCH_QUICK', false);
  return {
    quick,
    nationalWorkers: integer(env, 'BENCH_NATIONAL_WORKERS', quick ? 100_000 : 1_000_000),
    seconds: integer(env, 'BENCH_SECONDS', quick ? 2 : 3),
    rounds: integer(env, 'BENCH_ROUNDS', quick ? 1 : 5),
    warmupSeconds: integer(env, 'BENCH_WARMUP_SECONDS', quick ? 3 : 10),
    suites: suiteList(env.BENCH_SUITES),
  };
}
