/**
 * `npm start`: the whole federation on one machine. Each subgraph and the gateway runs as its
 * own process (as in production), on the embedded database unless a URL is configured; the
 * first run seeds. A process that exits is restarted with backoff while the others keep
 * answering (supervisor.ts). Ctrl-C (or SIGTERM) stops them all, each draining its requests first.
 */
import '../platform/no-telemetry';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { SUBGRAPH_NAMES } from '../contract/subgraph-names';
import { DASHBOARD_PATH, EXPLORER_PATH } from '../gateway/browser-pages/page-paths';
import { mintToken } from '../gateway/authentication/tokens';
import { listedOperation } from '../tools/schema/operations';
import { resolveLaunchSettings } from './settings';
import { Supervisor } from './supervisor';

const settings = resolveLaunchSettings(process.env);
const distRoot = settings.distRoot;
let stopping = false;
const supervisor = new Supervisor(
  (line) => console.error(line),
  (name, reason) => {
    console.error(`[launch] ${reason}; stopping the federation`);
    void stopAll(1);
  },
);

function startProcess(name: string, script: string, env: NodeJS.ProcessEnv): void {
  supervisor.supervise(name, () =>
    spawn(process.execPath, [path.join(distRoot, script)], { env, stdio: ['ignore', 'inherit', 'inherit'] }),
  );
}

async function waitUntilReady(name: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} was not ready after ${timeoutMs / 1000} s`);
}

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await supervisor.stopAll('SIGTERM', 10_000);
  process.exit(exitCode);
}

const SAMPLE_QUERY = listedOperation('WorkerCoverage');

async function main() {
  const started = Date.now();
  const env = { ...process.env };
  // The gateway reaches each subgraph where this launcher put it, whatever the supergraph says.
  for (const name of SUBGRAPH_NAMES) {
    const key = `${name.toUpperCase()}_SUBGRAPH_URL`;
    env[key] ??= `http://127.0.0.1:${settings.subgraphPorts[name]}/graphql`;
  }
  for (const name of SUBGRAPH_NAMES) startProcess(name, `subgraphs/${name}/index.js`, env);
  await Promise.all(SUBGRAPH_NAMES.map((name) => waitUntilReady(name, settings.subgraphPorts[name], 600_000)));
  startProcess('gateway', 'gateway/index.js', env);
  await waitUntilReady('gateway', settings.gatewayPort, 60_000);

  const url = `http://localhost:${settings.gatewayPort}/graphql`;
  const nik = await sampleNik();
  const body = JSON.stringify({ query: SAMPLE_QUERY.replace(/\s+/g, ' '), variables: { nik } });
  // With local secrets, hand the newcomer a working token; with an identity provider, it issues them.
  const development = !settings.production && !settings.auth.jwksUrl;
  const token = development
    ? await mintToken(settings.auth, { role: 'population-officer' })
    : '<a token from your identity provider>';
  console.log(`
Federation ready in ${((Date.now() - started) / 1000).toFixed(1)} s.
  Gateway (and Apollo Sandbox in development): ${url}
  Explorer that works offline (GraphiQL):      http://localhost:${settings.gatewayPort}${EXPLORER_PATH}
  City officer's dashboard:                   http://localhost:${settings.gatewayPort}${DASHBOARD_PATH}
  Try the headline query as a city population officer:
    curl -s ${url} -H 'content-type: application/json' -H 'authorization: Bearer ${token}' -d '${body}'
  Tokens for the other roles: npm run -s token -- <role> (the gateway listed the roles above).
  Press Ctrl-C to stop every service.
`);
}

/** A seeded worker's NIK, picked without reading any subgraph's tables. */
async function sampleNik(): Promise<string> {
  const { storyWorkers } = await import('../domain/seed-story');
  return storyWorkers()[0].nik;
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
main().catch((error) => {
  console.error(`[launch] ${error instanceof Error ? error.message : error}`);
  void stopAll(1);
});
