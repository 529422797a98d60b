/**
 * A partner registers, `npm run compose` writes the new supergraph, and the gateway switches to it
 * while dashboards keep querying: no request fails across the switches, and a broken supergraph
 * is refused while the previous one keeps serving.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeAtomically } from '../../tools/schema/compose';
import { operationsToken } from '../../platform/operations-token';
import type { RunningGateway } from '../../gateway/server/gateway';
import { composeInline, GatewayTester, InlineSubgraph, startGatewayTester } from '../support/gateway-tester';
import { Load, LoadReport, totals } from '../support/load';
import { SMALL_WORKER_COVERAGE, smallGraph, WORKERS } from '../support/small-graph';

/** The health insurer's partner subgraph, in miniature: it extends Worker and Village. */
const health: InlineSubgraph = {
  name: 'health',
  typeDefs: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@requiresScopes"])
    type Worker @key(fields: "nik") {
      nik: String!
      healthCoverage: HealthCard @requiresScopes(scopes: [["coverage:read"]])
    }
    type Village @key(fields: "code") {
      code: ID!
      healthCoverage: VillageHealth @requiresScopes(scopes: [["aggregates:read"]])
    }
    type HealthCard { cardNumber: String! status: String! }
    type VillageHealth { members: Int! }
  `,
  resolvers: {
    Worker: {
      healthCoverage: (worker: { nik: string }) => ({ cardNumber: `000${worker.nik.slice(-10)}`, status: 'AKTIF' }),
    },
    Village: { healthCoverage: () => ({ members: 2 }) },
  },
};

const WORKER_HEALTH = /* GraphQL */ `
  query WorkerHealth($nik: String!) {
    worker(nik: $nik) {
      nik
      fullName
      healthCoverage {
        cardNumber
        status
      }
      village {
        name
        healthCoverage {
          members
        }
      }
    }
  }
`;

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting: ${what}`);
}

describe('the health insurer joins the graph while dashboards keep querying it', () => {
  let tester: GatewayTester;
  let gateway: RunningGateway;
  let supergraphFile: string;
  let withHealth: string;
  let withoutHealth: string;
  const worker = WORKERS[1];

  beforeAll(async () => {
    const graph = smallGraph();
    tester = await startGatewayTester({ subgraphs: [...graph.subgraphs, health] });
    const served = (names: string[]) =>
      names.map((name) => ({
        ...[...graph.subgraphs, health].find((s) => s.name === name)!,
        url: tester.subgraphs[name].url,
      }));
    withHealth = tester.supergraphSdl;
    // The graph as it was before BPJS Kesehatan registered.
    withoutHealth = composeInline(served(['population', 'budget', 'membership']));
    supergraphFile = path.join(tester.directory, 'served-supergraph.graphql');
    fs.writeFileSync(supergraphFile, withoutHealth);
    gateway = await tester.startGateway({ supergraphPath: supergraphFile, supergraphPollMs: 100 });
  });
  afterAll(async () => tester?.close());

  const ask = async (query: string) =>
    tester.query(
      query,
      { nik: worker.nik },
      { authorization: `Bearer ${await tester.token({ role: 'population-officer' })}` },
    );
  const askGateway = async (query: string) =>
    (
      await tester.send(
        { query, variables: { nik: worker.nik } },
        { authorization: `Bearer ${await tester.token({ role: 'population-officer' })}` },
        gateway.url,
      )
    ).body;

  async function supergraphStatus(): Promise<{ refusals: number; lastRefusal: string | null }> {
    const response = await fetch(gateway.url.replace('/graphql', '/health/subgraphs'), {
      headers: { authorization: `Bearer ${operationsToken(tester.gatewaySecret)}` },
    });
    return ((await response.json()) as { supergraph: { refusals: number; lastRefusal: string | null } }).supergraph;
  }

  it('registering the partner and composing switches the gateway without a failed request; a broken supergraph is refused', async () => {
    // The partner's subgraph already answers, through a gateway that has its supergraph.
    expect((await ask(WORKER_HEALTH)).errors).toBeUndefined();
    const before = await askGateway(WORKER_HEALTH);
    expect(before.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const dashboard = `Bearer ${await tester.token({ role: 'population-officer', subject: 'coverage-dashboard@ambon.example' })}`;
    const load = Load.start(
      gateway.url,
      [{ name: 'WorkerCoverage', query: SMALL_WORKER_COVERAGE, variables: { nik: worker.nik } }],
      {
        authorization: dashboard,
        concurrency: 4,
        maxRequests: 50_000,
        maxMs: 100_000,
      },
    );
    let report: LoadReport;
    try {
      await load.phase('before');
      await load.completes(100);

      await load.phase('reloading');
      writeAtomically(supergraphFile, withHealth);
      const joined = await until('health fields answered', async () => {
        const response = await askGateway(WORKER_HEALTH);
        return response.errors ? undefined : response;
      });
      expect(joined.data.worker.healthCoverage).toEqual({ cardNumber: `000${worker.nik.slice(-10)}`, status: 'AKTIF' });
      expect(joined.data.worker.village.healthCoverage.members).toBeGreaterThan(0);

      // More switches under the same load (the partner leaves and rejoins), so many requests cross one.
      for (let round = 0; round < 3; round++) {
        for (const [sdl, present] of [
          [withoutHealth, false],
          [withHealth, true],
        ] as const) {
          writeAtomically(supergraphFile, sdl);
          await until(`health fields ${present ? 'answered' : 'gone'}`, async () => {
            const response = await askGateway(WORKER_HEALTH);
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
      for (const broken of [good.slice(0, good.indexOf('{', good.length / 2) + 1), health.typeDefs]) {
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
        expect((await askGateway(WORKER_HEALTH)).errors).toBeUndefined();
      }
      const readiness = await (await fetch(gateway.url.replace('/graphql', '/health/ready'))).json();
      expect(readiness).toEqual({ status: 'ready' });
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
