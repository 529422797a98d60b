/**
 * `npm run bench:partial-answers`: what a client waits for while the insurer's subgraph is
 * healthy, slow (each request waits for the subgraph's timeout) and then cut off by its open
 * circuit (answered without calling it). Prints latency percentiles for each; runs against the
 * local PostgreSQL like the tests (TEST_DATABASE_URL), on loopback only.
 */
import 'reflect-metadata';
import { storyWorkers } from '../domain/seed-story';
import { postGraphQL, startFederation } from '../test/support/federation';
import { startSubgraphProxy } from '../test/support/subgraph-proxy';

const WORKER_COVERAGE = `query WorkerCoverage($nik: String!) { worker(nik: $nik) { nik fullName village { name }
  membership { kpj status coverage(asOf: "2021-06-30") { programs monthlyPremium fundedBy { fiscalYear ceiling } } } } }`;
const TIMEOUT_MS = 500;
const SAMPLES = 200;

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(label: string, url: string, count: number, nik: string) {
  const times: number[] = [];
  const codes = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    const response = await postGraphQL(url, WORKER_COVERAGE, { nik });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    for (const error of response.errors ?? [])
      codes.set(String(error.extensions?.code), (codes.get(String(error.extensions?.code)) ?? 0) + 1);
  }
  times.sort((a, b) => a - b);
  const errors = [...codes].map(([code, n]) => `${code}×${n}`).join(', ') || 'none';
  console.log(
    `${label.padEnd(34)} n=${String(count).padStart(3)}  p50=${percentile(times, 50).toFixed(1)} ms  p95=${percentile(times, 95).toFixed(1)} ms  max=${times[times.length - 1].toFixed(1)} ms  errors: ${errors}`,
  );
}

async function main() {
  const federation = await startFederation();
  const proxy = await startSubgraphProxy(federation.subgraphs.membership.url);
  const gateway = await federation.startGateway({
    subgraphUrls: { membership: proxy.url },
    resilience: {
      timeoutMsBySubgraph: { membership: TIMEOUT_MS },
      breakerMinimumRequests: 5,
      breakerErrorPercent: 50,
      breakerResetMs: 600_000,
    },
  });
  const nik = storyWorkers()[11].nik;
  try {
    await measure('membership healthy', gateway.url, SAMPLES, nik);
    proxy.behave({ kind: 'slow', delayMs: 5_000 });
    await measure(`membership slow (timeout ${TIMEOUT_MS} ms)`, gateway.url, 5, nik);
    // The circuit opens once most requests in its rolling window failed, the healthy ones included.
    let more = 0;
    for (; gateway.resilience.health().membership?.circuit !== 'open' && more < 100; more++)
      await postGraphQL(gateway.url, WORKER_COVERAGE, { nik });
    console.log(`further slow requests before the circuit opened: ${more}`);
    const reached = proxy.requests;
    await measure('membership circuit open', gateway.url, SAMPLES, nik);
    console.log(`requests that reached membership while its circuit was open: ${proxy.requests - reached}`);
  } finally {
    await federation.stop();
    await proxy.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
