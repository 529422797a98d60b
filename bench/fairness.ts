/**
 * `npm run bench:fairness`: can one token's heavy queries starve another token's simple one?
 * A federation in separate processes (city data set, real PostgreSQL at TEST_DATABASE_URL) with
 * the shipped operation limits. One token sends the headline query alone (quiet p50), then again
 * while a second token floods the gateway with the costliest roster it may ask for, first through
 * a gateway with the per-caller share (caller-fairness.ts), then through one without it.
 */
import 'reflect-metadata';
import path from 'node:path';
import { mintToken } from '../gateway/authentication/tokens';
import { resolveLimitsSettings } from '../gateway/server/settings';
import { ALL_SCOPES } from '../contract/scopes';
import { storyWorkers } from '../domain/seed-story';
import { benchAuth, benchTrust } from './client';
import { cityDataSet } from './datasets';
import { startBenchFederation } from './federation';
import { launch, ServerProcess } from './processes';

const HEADLINE = `query WorkerCoverage($nik: String!) { worker(nik: $nik) { nik fullName village { code name kind district { code name } }
  membership { kpj status coverage(asOf: "2021-06-30") { programs validFrom validUntil monthlyPremium fundedBy { id fiscalYear ceiling legalBasis funder { name } } } } } }`;
/** A thousand workers of the busiest village with their coverage: cost 78,377 of the 100,000 one operation may spend. */
const HEAVY = `query Roster { village(code: "81.71.03.2001") { workers(first: 1000) { nodes { nik fullName birthDate occupation
  membership { kpj status coverage(asOf: "2021-06-30") { programs validFrom validUntil monthlyPremium } } } } } }`;
const SAMPLES = Number(process.env.FAIRNESS_SAMPLES ?? 300);
const FLOOD_CLIENTS = Number(process.env.FAIRNESS_FLOOD_CLIENTS ?? 16);

const p50 = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];

async function post(url: string, token: string, query: string, variables: Record<string, unknown> = {}) {
  const started = process.hrtime.bigint();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return {
    ms: Number(process.hrtime.bigint() - started) / 1e6,
    status: response.status,
    code: body.errors?.[0]?.extensions?.code,
  };
}

/** Latencies of SAMPLES headline queries; a failed one (e.g. a subgraph timeout) counts with its time and is reported. */
async function headlineTimes(url: string, token: string): Promise<{ times: number[]; failed: string[] }> {
  const workers = storyWorkers();
  const times: number[] = [];
  const failed: string[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const result = await post(url, token, HEADLINE, { nik: workers[(i * 7919) % 10_000].nik });
    if (result.code) failed.push(result.code);
    times.push(result.ms);
  }
  return { times, failed };
}

/** Runs FLOOD_CLIENTS loops of the heavy query until `stop` resolves; counts answers by outcome. */
function flood(url: string, token: string) {
  let running = true;
  const outcomes = new Map<string, number>();
  const loops = Array.from({ length: FLOOD_CLIENTS }, async () => {
    while (running) {
      const result = await post(url, token, HEAVY).catch(() => ({ status: 0, code: 'NETWORK', ms: 0 }));
      const outcome = result.code ?? String(result.status);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return [...outcomes].map(([outcome, n]) => `${outcome}×${n}`).join(', ');
    },
  };
}

async function measureGateway(label: string, gateway: ServerProcess, quiet: string, flooder: string) {
  const heavy = await post(gateway.url, flooder, HEAVY);
  if (heavy.code) throw new Error(`the heavy query is refused (${heavy.code}): it must be one a caller may send`);
  await headlineTimes(gateway.url, quiet); // warm-up
  const quietRun = await headlineTimes(gateway.url, quiet);
  const load = flood(gateway.url, flooder);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const floodedRun = await headlineTimes(gateway.url, quiet);
  const outcomes = await load.stop();
  const [alone, flooded] = [p50(quietRun.times), p50(floodedRun.times)];
  console.log(`${label}`);
  console.log(`  headline p50, quiet:                    ${alone.toFixed(1)} ms`);
  console.log(
    `  headline p50, while another token floods: ${flooded.toFixed(1)} ms  (${(flooded / alone).toFixed(2)}x)`,
  );
  console.log(
    `  headline queries that failed: quiet ${quietRun.failed.length}, flooded ${floodedRun.failed.length}${floodedRun.failed.length ? ` (${[...new Set(floodedRun.failed)].join(', ')})` : ''}`,
  );
  console.log(`  flood answers: ${outcomes}`);
}

async function main() {
  const data = await cityDataSet();
  const federation = await startBenchFederation({ ...data, monolithUrl: undefined }, []);
  const subgraphUrls = Object.fromEntries(Object.entries(federation.subgraphs).map(([name, p]) => [name, p.url]));
  const gatewaySpec = {
    role: 'gateway' as const,
    tuning: 'tuned' as const,
    supergraphPath: path.join(__dirname, '..', '..', 'schema', 'supergraph.graphql'),
    subgraphUrls,
    auth: benchAuth,
    trust: benchTrust,
  };
  const shipped = resolveLimitsSettings(process.env);
  const fair = await launch('gateway (per-caller share)', { ...gatewaySpec, limits: shipped });
  const unbounded = await launch('gateway (no per-caller share)', {
    ...gatewaySpec,
    limits: {
      ...shipped,
      callerMaxConcurrent: 1_000_000,
      callerMaxInflightCost: Number.MAX_SAFE_INTEGER,
      callerCostPerSecond: Number.MAX_SAFE_INTEGER,
      callerMaxQueued: 1_000_000,
    },
  });
  const token = (subject: string) =>
    mintToken(benchAuth, { subject, agency: 'benchmark', scopes: ALL_SCOPES, expiresIn: 3600 });
  const [quiet, flooder] = await Promise.all([
    token('quiet-client@ambon.example'),
    token('flooding-client@ambon.example'),
  ]);
  console.log(
    `${SAMPLES} sequential headline queries per figure; ${FLOOD_CLIENTS} concurrent loops of the heaviest admitted roster from the other token`,
  );
  try {
    await measureGateway('with the per-caller share (shipped)', fair, quiet, flooder);
    await measureGateway('without it (every caller unbounded)', unbounded, quiet, flooder);
  } finally {
    await Promise.all([fair.stop(), unbounded.stop()]);
    await federation.stop();
    await data.databases.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
