import fs from 'node:fs';
import { operationsToken } from '../platform/operations-token';
import os from 'node:os';
import path from 'node:path';
import { composeRegistry, readRegistry, writeAtomically } from '../tools/schema/compose';
import { storyJknMembership } from '../subgraphs/health/seed';
import { storyWorkers } from '../domain/seed-story';
import { Federation, startFederation } from './support/federation';
import { Load, LoadReport, totals } from './support/load';
import { listedOperation } from '../tools/schema/operations';

const WORKER_COVERAGE = listedOperation('WorkerCoverage');
const WORKER_HEALTH = /* GraphQL */ `
  query WorkerHealth($nik: String!) {
    worker(nik: $nik) { nik fullName healthCoverage { cardNumber status segment careClass } village { name healthCoverage { members activeMembers } } }
  }
`;

const worker = storyWorkers()[3];

function composed(registry = readRegistry()): string {
  const composition = composeRegistry(registry);
  if (!composition.ok) throw new Error(composition.errors.join('\n'));
  return composition.supergraphSdl;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting: ${what}`);
}

describe('the health insurer joins the graph while dashboards keep querying it', () => {
  let federation: Federation;
  let supergraphFile: string;
  let directory: string;

  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'supergraph-'));
    supergraphFile = path.join(directory, 'supergraph.graphql');
    // The graph as it was before BPJS Kesehatan registered: the registry without its entry.
    fs.writeFileSync(supergraphFile, composed(readRegistry().filter((entry) => entry.name !== 'health')));
    federation = await startFederation({ gateway: { supergraphPath: supergraphFile, supergraphPollMs: 100 } });
  });
  afterAll(async () => {
    await federation?.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  async function supergraphStatus(): Promise<{ refusals: number; lastRefusal: string | null }> {
    const response = await fetch(federation.gateway.url.replace('/graphql', '/health/subgraphs'), {
      headers: { authorization: `Bearer ${operationsToken(federation.gatewaySecret)}` },
    });
    return ((await response.json()) as { supergraph: { refusals: number; lastRefusal: string | null } }).supergraph;
  }

  it('registering the partner and composing switches the gateway without a failed request; a broken supergraph is refused', async () => {
    const before = await federation.query(WORKER_HEALTH, { nik: worker.nik });
    expect(before.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    // The dashboards sign in as population officers, who may read everything WorkerCoverage asks.
    const dashboard = await federation.as('population-officer', { subject: 'coverage-dashboard@ambon.example' });
    const load = Load.start(federation.gateway.url, [{ name: 'WorkerCoverage', query: WORKER_COVERAGE, variables: { nik: worker.nik } }], {
      authorization: dashboard.authorization,
      concurrency: 4,
      maxRequests: 50_000,
      maxMs: 100_000,
    });
    let report: LoadReport;
    try {
      await load.phase('before');
      await load.completes(100);

      // Registration: the registry gains one entry, and compose writes the new supergraph.
      await load.phase('reloading');
      writeAtomically(supergraphFile, composed(readRegistry()));
      const joined = await until('health fields answered', async () => {
        const response = await federation.query(WORKER_HEALTH, { nik: worker.nik });
        return response.errors ? undefined : response;
      });
      const card = storyJknMembership(worker)!;
      expect(joined.data.worker.healthCoverage).toEqual({ cardNumber: card.cardNumber, status: card.status, segment: card.segment, careClass: card.careClass });
      expect(joined.data.worker.village.healthCoverage.members).toBeGreaterThan(0);

      // More switches under the same load (the partner leaves and rejoins), so many requests cross one.
      const withHealth = composed(readRegistry());
      const withoutHealth = composed(readRegistry().filter((entry) => entry.name !== 'health'));
      for (let round = 0; round < 3; round++) {
        for (const [sdl, present] of [[withoutHealth, false], [withHealth, true]] as const) {
          writeAtomically(supergraphFile, sdl);
          await until(`health fields ${present ? 'answered' : 'gone'}`, async () => {
            const response = await federation.query(WORKER_HEALTH, { nik: worker.nik });
            return Boolean(response.errors) === !present ? response : undefined;
          });
          await load.completes(20);
        }
      }
      await load.phase('after');
      await load.completes(100);

      // A truncated file, then one that is GraphQL but no supergraph: both refused, the graph unchanged.
      const good = fs.readFileSync(supergraphFile, 'utf8');
      // Cut just after an opening brace, so the half file never happens to be complete definitions.
      for (const broken of [good.slice(0, good.indexOf('{', good.length / 2) + 1), fs.readFileSync(path.join(__dirname, '..', 'schema', 'health.graphql'), 'utf8')]) {
        const refusals = (await supergraphStatus()).refusals;
        await load.phase('refusing');
        writeAtomically(supergraphFile, broken);
        const status = await until('the broken supergraph refused', async () => {
          const now = await supergraphStatus();
          return now.refusals > refusals ? now : undefined;
        });
        expect(status.lastRefusal).toMatch(/Syntax Error|not a valid GraphQL schema/);
        await load.phase('refused');
        await load.completes(50);
        expect((await federation.query(WORKER_HEALTH, { nik: worker.nik })).errors).toBeUndefined();
      }
      const health = await (await fetch(federation.gateway.url.replace('/graphql', '/health/ready'))).json();
      expect(health).toEqual({ status: 'ready' });
    } finally {
      report = await load.stop();
    }
    console.log('requests during the reload:', JSON.stringify(report));

    for (const phase of Object.keys(report)) {
      expect({ phase, ...totals(report, phase) }).toMatchObject({ phase, failed: 0, failures: [], partial: {} });
    }
    for (const phase of ['before', 'after', 'refused']) expect(totals(report, phase).ok).toBeGreaterThan(0);
  });
});
