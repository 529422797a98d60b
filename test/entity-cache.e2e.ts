/**
 * Dashboards read the same allocations again and again; the gateway keeps them (entity-cache.ts)
 * and asks the budget office again only when it wrote something: a ceiling revision is in the very
 * next answer, whichever gateway replica serves it.
 */
import { randomBytes } from 'node:crypto';
import { listedOperation } from '../tools/schema/operations';
import { ALL_SCOPES, Scope } from '../contract/scopes';
import { STORY_ALLOCATIONS, storyWorkers } from '../domain/seed-story';
import { RunningGateway } from '../gateway/server/gateway';
import { Federation, postGraphQL, startFederation } from './support/federation';
import { sample, scrape } from './support/prometheus';

const WORKER_COVERAGE = listedOperation('WorkerCoverage');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const REVISE = `mutation($id: ID!, $ceiling: Rupiah!, $key: String) {
  reviseAllocationCeiling(allocationId: $id, ceiling: $ceiling, legalBasis: "Perda Kota Ambon tentang Perubahan APBD 2021", idempotencyKey: $key) { ceiling }
}`;
const ALLOCATION_2021 = STORY_ALLOCATIONS[1].id;
// Workers covered in 2021 by the city's APBD 2021 allocation.
const [first, second, third, fourth] = storyWorkers().slice(20_000, 20_004);

async function ceilingThrough(federation: Federation, url: string, nik: string, headers: Record<string, string>) {
  const response = await postGraphQL(url, WORKER_COVERAGE, { nik }, headers);
  expect(response.errors).toBeUndefined();
  return response.data.worker.membership.coverage.fundedBy.ceiling as number;
}

describe('the entity cache in one gateway (no Redis)', () => {
  let federation: Federation;
  let gateway: RunningGateway;
  let everyScope: Record<string, string>;
  beforeAll(async () => {
    federation = await startFederation();
    federation.clock.set('2021-06-01'); // the APBD-Perubahan of 2021 is made while 2021 is open
    gateway = await federation.startGateway({ entityCache: { ttlSeconds: 300, redisUrl: undefined } });
    everyScope = {
      authorization: `Bearer ${await federation.token({ subject: 'dashboard@ambon.example', scopes: ALL_SCOPES, expiresIn: 3600 })}`,
    };
  });
  afterAll(async () => federation?.stop());

  it('answers a second worker funded by the same allocation without asking the budget office, and says so in its metrics', async () => {
    const before = federation.subgraphRequests().budget;
    const metricsBefore = await scrape(gateway.url, federation.gatewaySecret);
    const ceiling = await ceilingThrough(federation, gateway.url, first.nik, everyScope);
    expect(federation.subgraphRequests().budget).toBe(before + 1);
    expect(await ceilingThrough(federation, gateway.url, second.nik, everyScope)).toBe(ceiling);
    expect(federation.subgraphRequests().budget).toBe(before + 1);
    const metricsAfter = await scrape(gateway.url, federation.gatewaySecret);
    const moved = (name: string) => sample(metricsAfter, name) - sample(metricsBefore, name);
    expect(moved('gateway_entity_cache_misses_total')).toBe(1);
    expect(moved('gateway_entity_cache_hits_total')).toBe(1);
    expect(moved('gateway_entity_cache_fetches_saved_total')).toBe(1);
  });

  it('never shares an entry with a caller holding other scopes', async () => {
    const fewer = {
      authorization: `Bearer ${await federation.token({ subject: 'analyst@ambon.example', scopes: ALL_SCOPES.filter((s) => s !== Scope.AUDIT_READ), expiresIn: 3600 })}`,
    };
    const before = federation.subgraphRequests().budget;
    await ceilingThrough(federation, gateway.url, first.nik, fewer);
    expect(federation.subgraphRequests().budget).toBe(before + 1);
  });

  it('shares an entry between callers who see every village, whatever villages their tokens list', async () => {
    // With workers:all-villages the villages claim limits nothing, so it must not split the entries either.
    const listing = (villages: string[]) =>
      federation.token({
        subject: `dashboard-${villages.length}@ambon.example`,
        scopes: ALL_SCOPES,
        villages,
        expiresIn: 3600,
      });
    const oneVillage = { authorization: `Bearer ${await listing(['81.71.02.1011'])}` };
    const twoVillages = { authorization: `Bearer ${await listing(['81.71.02.1012', '81.71.01.1001'])}` };
    const ceiling = await ceilingThrough(federation, gateway.url, first.nik, oneVillage);
    const before = federation.subgraphRequests().budget;
    expect(await ceilingThrough(federation, gateway.url, second.nik, twoVillages)).toBe(ceiling);
    expect(await ceilingThrough(federation, gateway.url, fourth.nik, everyScope)).toBe(ceiling);
    expect(federation.subgraphRequests().budget).toBe(before);
  });

  it('shows a ceiling revision in the very next request', async () => {
    const ceiling = await ceilingThrough(federation, gateway.url, first.nik, everyScope);
    const raised = ceiling + 16_800 * 12;
    const revision = await postGraphQL(
      gateway.url,
      REVISE,
      { id: ALLOCATION_2021, ceiling: raised, key: randomBytes(8).toString('hex') },
      everyScope,
    );
    expect(revision.errors).toBeUndefined();
    expect(await ceilingThrough(federation, gateway.url, third.nik, everyScope)).toBe(raised);
  });
});

describe('the entity cache shared by two gateway replicas over Redis', () => {
  let federation: Federation;
  let replicas: RunningGateway[];
  let everyScope: Record<string, string>;
  beforeAll(async () => {
    // A namespace of this federation's own: other test files share the Redis.
    const namespace = `test-${randomBytes(6).toString('hex')}`;
    federation = await startFederation({ redisUrl: REDIS_URL, cacheNamespace: namespace });
    federation.clock.set('2021-06-01');
    replicas = [
      await federation.startGateway({ entityCache: { ttlSeconds: 300, redisUrl: REDIS_URL, namespace } }),
      await federation.startGateway({ entityCache: { ttlSeconds: 300, redisUrl: REDIS_URL, namespace } }),
    ];
    everyScope = {
      authorization: `Bearer ${await federation.token({ subject: 'dashboard@ambon.example', scopes: ALL_SCOPES, expiresIn: 3600 })}`,
    };
  });
  afterAll(async () => federation?.stop());

  it('answers from what the other replica fetched', async () => {
    const before = federation.subgraphRequests().budget;
    const ceiling = await ceilingThrough(federation, replicas[0].url, first.nik, everyScope);
    expect(await ceilingThrough(federation, replicas[1].url, second.nik, everyScope)).toBe(ceiling);
    expect(federation.subgraphRequests().budget).toBe(before + 1);
  });

  it('shows a revision made through one replica in the next answer of the other', async () => {
    const ceiling = await ceilingThrough(federation, replicas[1].url, first.nik, everyScope);
    const raised = ceiling + 16_800 * 12;
    const revision = await postGraphQL(
      replicas[0].url,
      REVISE,
      { id: ALLOCATION_2021, ceiling: raised, key: randomBytes(8).toString('hex') },
      everyScope,
    );
    expect(revision.errors).toBeUndefined();
    expect(await ceilingThrough(federation, replicas[1].url, third.nik, everyScope)).toBe(raised);
  });

  it('shows a revision that reached the budget office without any gateway, announced by the owner itself', async () => {
    const ceiling = await ceilingThrough(federation, replicas[1].url, first.nik, everyScope);
    const raised = ceiling + 16_800 * 12;
    const operation = {
      query: REVISE,
      variables: { id: ALLOCATION_2021, ceiling: raised, key: randomBytes(8).toString('hex') },
    };
    const signed = await federation.callerHeader(
      'budget',
      { subject: 'kepala-bpkad@ambon.example', scopes: ALL_SCOPES },
      operation,
    );
    const direct = await postGraphQL(federation.subgraphs.budget.url, operation.query, operation.variables, signed);
    expect(direct.errors).toBeUndefined();
    expect(await ceilingThrough(federation, replicas[1].url, fourth.nik, everyScope)).toBe(raised);
    expect(await ceilingThrough(federation, replicas[0].url, second.nik, everyScope)).toBe(raised);
  });
});
