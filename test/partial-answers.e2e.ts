import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { operationsToken } from '../platform/operations-token';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { SubgraphResilience } from '../gateway/resilience/resilience';
import { RunningGateway } from '../gateway/server/gateway';
import { storyWorkers } from '../domain/seed-story';
import { Federation, postGraphQL, startFederation } from './support/federation';
import { Load, LoadReport, totals } from './support/load';
import { startSubgraphProxy, SubgraphProxy } from './support/subgraph-proxy';
import { SteppedTime } from './support/stepped-time';
import { listedOperation } from '../tools/schema/operations';

const WORKER_COVERAGE = listedOperation('WorkerCoverage');

const WORKER_RESIDENCE = /* GraphQL */ `
  query WorkerResidence($nik: String!) {
    worker(nik: $nik) {
      nik
      fullName
      village {
        code
        name
        district {
          name
        }
      }
    }
  }
`;

const BREAKER = {
  breakerMinimumRequests: 4,
  breakerErrorPercent: 50,
  breakerWindowMs: 10_000,
  breakerResetMs: 400,
  breakerProbeMs: 0,
};
const worker = storyWorkers()[7];

/** `token`: the operations token of the federation the gateway belongs to. */
async function circuitOf(
  gateway: RunningGateway,
  subgraph: string,
  token: string | undefined,
): Promise<string | undefined> {
  const response = await fetch(gateway.url.replace('/graphql', '/health/subgraphs'), {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await response.json()) as { subgraphs: Record<string, { circuit: string }> }).subgraphs[subgraph]?.circuit;
}

/** Asks until the whole answer comes back (bounded), as a client would after an outage. */
async function untilWhole(url: string, headers: Record<string, string>, tries = 100) {
  for (let i = 0; i < tries; i++) {
    const response = await postGraphQL(url, WORKER_COVERAGE, { nik: worker.nik }, headers);
    if (!response.errors) return response;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the graph never answered whole again');
}

describe("a dashboard keeps getting what the graph can answer while the insurer's subgraph is slow, failing or down", () => {
  let federation: Federation;
  let proxy: SubgraphProxy;
  let viaProxy: RunningGateway;
  /** The proxied gateway's circuits judge their pause by it: an open circuit stays open until the test steps it. */
  const breakerTime = new SteppedTime();
  /** The dashboard's credentials: a population officer's token, which reads all WORKER_COVERAGE asks. */
  let dashboard: Record<string, string>;

  beforeAll(async () => {
    federation = await startFederation({ gateway: { resilience: { ...BREAKER, timeoutMs: 5_000 } } });
    dashboard = await federation.as('population-officer', { subject: 'coverage-dashboard@ambon.example' });
    proxy = await startSubgraphProxy(federation.subgraphs.membership.url);
    // A second gateway reaches membership through a proxy that can be made slow or failing.
    viaProxy = await federation.startGateway({
      subgraphUrls: { membership: proxy.url },
      resilience: { ...BREAKER, timeoutMs: 5_000, timeoutMsBySubgraph: { membership: 300 } },
      windowTime: breakerTime,
    });
  });
  afterAll(async () => {
    await federation?.stop();
    await proxy?.stop();
  });

  afterEach(async () => {
    proxy.behave({ kind: 'forward' });
    await untilWhole(viaProxy.url, dashboard);
  });

  it('a slow subgraph hits its own timeout: the rest of the answer arrives with a SUBGRAPH_TIMEOUT error naming it', async () => {
    proxy.behave({ kind: 'slow', delayMs: 3_000 });
    const abandoned = proxy.abandoned;
    const response = await postGraphQL(viaProxy.url, WORKER_COVERAGE, { nik: worker.nik }, dashboard);

    expect(response.data.worker).toMatchObject({
      nik: worker.nik,
      fullName: worker.fullName,
      village: { code: worker.villageCode },
      membership: null,
    });
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0].extensions).toMatchObject({ code: 'SUBGRAPH_TIMEOUT', subgraph: 'membership' });
    expect(response.errors![0].message).toContain('membership subgraph did not answer within 300 ms');
    // The gateway hung up on the slow request rather than leave it holding a connection.
    for (let waited = 0; proxy.abandoned === abandoned && waited < 1_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(proxy.abandoned).toBe(abandoned + 1);
  });

  it('a failing subgraph opens its circuit: the gateway then answers without calling it, and closes the circuit once it is back', async () => {
    proxy.behave({ kind: 'failing', status: 503 });
    for (let i = 0; i < BREAKER.breakerMinimumRequests; i++) {
      const response = await postGraphQL(viaProxy.url, WORKER_COVERAGE, { nik: worker.nik }, dashboard);
      expect(response.data.worker.fullName).toBe(worker.fullName);
      expect(response.errors![0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'membership' });
    }
    expect(await circuitOf(viaProxy, 'membership', operationsToken(federation.gatewaySecret))).toBe('open');

    const reached = proxy.requests;
    const whileOpen = await postGraphQL(viaProxy.url, WORKER_COVERAGE, { nik: worker.nik }, dashboard);
    expect(whileOpen.data.worker).toMatchObject({ fullName: worker.fullName, membership: null });
    expect(whileOpen.errors![0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'membership' });
    expect(whileOpen.errors![0].message).toContain('stops calling it for a while');
    expect(proxy.requests).toBe(reached);
    // The other gateway has its own circuits: membership is closed there and answers.
    expect((await federation.query(WORKER_COVERAGE, { nik: worker.nik }, dashboard)).errors).toBeUndefined();

    // Still open just before its pause ends, whatever time the machine took to get here.
    breakerTime.advance(BREAKER.breakerResetMs - 1);
    expect(await circuitOf(viaProxy, 'membership', operationsToken(federation.gatewaySecret))).toBe('open');
    await postGraphQL(viaProxy.url, WORKER_COVERAGE, { nik: worker.nik }, dashboard);
    expect(proxy.requests).toBe(reached);

    proxy.behave({ kind: 'forward' });
    breakerTime.advance(1);
    expect(await circuitOf(viaProxy, 'membership', operationsToken(federation.gatewaySecret))).toBe('halfOpen');
    const whole = await untilWhole(viaProxy.url, dashboard);
    expect(whole.data.worker.membership.kpj).toBe(worker.kpj);
    expect(await circuitOf(viaProxy, 'membership', operationsToken(federation.gatewaySecret))).toBe('closed');
  });

  it('retries a query the subgraph failed with a 503, but sends a mutation only once, and resends nothing that timed out', async () => {
    proxy.behave({ kind: 'failing', status: 503 });
    const resilience = new SubgraphResilience(
      {
        timeoutMs: 300,
        timeoutMsBySubgraph: {},
        mutationTimeoutMs: 300,
        queryRetries: 2,
        ...BREAKER,
        breakerMinimumRequests: 100,
      },
      () => {},
    );
    const source = resilience.protect('membership', new RemoteGraphQLDataSource({ url: proxy.url }));
    const send = async (query: string) => {
      const before = proxy.requests;
      const response = await source.process({
        kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
        request: { query },
        incomingRequestContext: {} as never,
        context: {},
      });
      return { response, attempts: proxy.requests - before };
    };
    try {
      const query = await send('query { membershipCard(kpj: "00000000000") { kpj } }');
      expect(query.attempts).toBe(3);
      expect(query.response.errors![0].extensions).toMatchObject({
        code: 'SUBGRAPH_UNAVAILABLE',
        subgraph: 'membership',
      });

      // A 503 is the subgraph refusing the request: the mutation did nothing, and says so.
      const mutation = await send('mutation { closeCard(kpj: "00000000000") { kpj } }');
      expect(mutation.attempts).toBe(1);
      expect(mutation.response.errors![0].extensions).toMatchObject({
        code: 'SUBGRAPH_UNAVAILABLE',
        subgraph: 'membership',
      });

      // A timeout has already spent the client's patience: neither is resent, and a mutation may have landed.
      proxy.behave({ kind: 'slow', delayMs: 3_000 });
      const slowQuery = await send('query { membershipCard(kpj: "00000000000") { kpj } }');
      expect(slowQuery.attempts).toBe(1);
      expect(slowQuery.response.errors![0].extensions).toMatchObject({ code: 'SUBGRAPH_TIMEOUT' });
      const slowMutation = await send('mutation { closeCard(kpj: "00000000000") { kpj } }');
      expect(slowMutation.attempts).toBe(1);
      expect(slowMutation.response.errors![0].extensions).toMatchObject({
        code: 'SUBGRAPH_OUTCOME_UNKNOWN',
        subgraph: 'membership',
      });
      expect(slowMutation.response.errors![0].message).toContain(
        'The change may have been applied: retry it with the same idempotency key',
      );
    } finally {
      resilience.shutdown();
    }
  });

  it('a subgraph killed under load: the gateway stays up, what does not need it succeeds, the rest is partial, and all succeeds once it is back', async () => {
    const load = Load.start(
      federation.gateway.url,
      [
        { name: 'WorkerCoverage', query: WORKER_COVERAGE, variables: { nik: worker.nik } },
        { name: 'WorkerResidence', query: WORKER_RESIDENCE, variables: { nik: worker.nik } },
      ],
      { authorization: dashboard.authorization, concurrency: 4, maxRequests: 50_000, maxMs: 100_000 },
    );
    let report: LoadReport;
    try {
      await load.phase('steady');
      await load.completes(100);

      // Requests already on their way while it stops may get either answer; none may fail.
      await load.phase('stopping');
      await federation.stopSubgraph('membership');
      await load.phase('down');
      await load.completes(200);

      await load.phase('restarting');
      await federation.restartSubgraph('membership');
      await untilWhole(federation.gateway.url, dashboard);
      await load.phase('back');
      await load.completes(200);
    } finally {
      report = await load.stop();
    }
    console.log(
      'failed requests while membership was killed:',
      JSON.stringify(report, (key, value) => (key === 'failures' && value.length === 0 ? undefined : value)),
    );

    for (const phase of Object.keys(report))
      expect({ phase, ...totals(report, phase) }).toMatchObject({ phase, failed: 0, failures: [] });
    for (const phase of ['steady', 'back']) {
      expect(totals(report, phase).partial).toEqual({});
      expect(totals(report, phase).ok).toBeGreaterThan(0);
    }
    // While it was down: residence needs only population and always answered whole...
    expect(report.down.WorkerResidence.partial).toEqual({});
    expect(report.down.WorkerResidence.ok).toBeGreaterThan(0);
    // ...and every coverage answer was partial, with the coded error naming membership's absence.
    expect(report.down.WorkerCoverage.ok).toBe(0);
    expect(Object.keys(report.down.WorkerCoverage.partial)).toEqual(['SUBGRAPH_UNAVAILABLE']);
  });

  it("budget down: the headline answer keeps membership's coverage and loses only fundedBy, with its path and subgraph; whole again once budget is ready", async () => {
    // A long reset pause: only the readiness probe can close the circuit soon after budget is back.
    const gateway = await federation.startGateway({
      resilience: { ...BREAKER, breakerResetMs: 60_000, breakerProbeMs: 100, timeoutMs: 5_000 },
    });
    await federation.stopSubgraph('budget');
    try {
      for (let i = 0; i <= BREAKER.breakerMinimumRequests; i++) {
        const partial = await postGraphQL(gateway.url, WORKER_COVERAGE, { nik: worker.nik }, dashboard);
        const coverage = partial.data.worker.membership.coverage;
        expect(coverage).toMatchObject({
          programs: ['JKK', 'JKM'],
          validFrom: '2021-01-01',
          validUntil: '2021-12-31',
          monthlyPremium: 16_800,
          fundedBy: null,
        });
        expect(partial.errors).toHaveLength(1);
        expect(partial.errors![0].path).toEqual(['worker', 'membership', 'coverage', 'fundedBy']);
        expect(partial.errors![0].extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'budget' });
        if (i === 0) console.log('headline answer with budget down:', JSON.stringify(partial, null, 1));
      }
      expect(await circuitOf(gateway, 'budget', operationsToken(federation.gatewaySecret))).toBe('open');
    } finally {
      await federation.restartSubgraph('budget');
    }
    const ready = Date.now();
    const whole = await untilWhole(gateway.url, dashboard, 50);
    console.log(`first whole answer ${Date.now() - ready} ms after budget was ready (circuit reset pause 60000 ms)`);
    expect(whole.data.worker.membership.coverage.fundedBy).toMatchObject({ fiscalYear: 2021 });
    expect(await circuitOf(gateway, 'budget', operationsToken(federation.gatewaySecret))).toBe('closed');
  });
});
