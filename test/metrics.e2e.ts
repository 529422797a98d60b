/**
 * An operator's Prometheus scrapes every service: one headline request moves the gateway's
 * request, fetch and per-subgraph series, and each subgraph's resolver, SQL and pool series.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Federation, PARTNER, postGraphQL, startFederation, SUPERGRAPH } from './support/federation';
import { sample, scrape } from './support/prometheus';
import { storyWorkers } from '../domain/seed-story';
import { listedOperation } from '../tools/schema/operations';
import { writeAtomically } from '../tools/schema/compose';
import { SUBGRAPH_NAMES } from '../contract/subgraph-names';

const WORKER_COVERAGE = listedOperation('WorkerCoverage');
const HEADLINE_SUBGRAPHS = ['population', 'membership', 'budget'] as const;

describe('an operator watches the federation in Prometheus', () => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await startFederation();
  });
  afterAll(async () => federation?.stop());

  const gatewayMetrics = () => scrape(federation.gateway.url, federation.gatewaySecret);
  const subgraphMetrics = (name: (typeof SUBGRAPH_NAMES)[number]) => scrape(federation.subgraphs[name].url, federation.gatewaySecret);

  it('serves Prometheus text on every service to the operations token only', async () => {
    // The partner holds only the public key, so without an OPERATIONS_TOKEN of its own its endpoints stay shut.
    expect((await fetch(federation.subgraphs[PARTNER].url.replace('/graphql', '/metrics'))).status).toBe(401);
    for (const url of [federation.gateway.url, ...SUBGRAPH_NAMES.filter((name) => name !== PARTNER).map((name) => federation.subgraphs[name].url)]) {
      const metricsUrl = url.replace('/graphql', '/metrics');
      expect((await fetch(metricsUrl)).status).toBe(401);
      const text = await scrape(url, federation.gatewaySecret);
      expect(text).toMatch(/^# HELP /m);
    }
  });

  it('counts a headline request under its listed name, and every subgraph fetch and statement it caused', async () => {
    const gatewayBefore = await gatewayMetrics();
    const before = Object.fromEntries(await Promise.all(HEADLINE_SUBGRAPHS.map(async (name) => [name, await subgraphMetrics(name)])));
    const response = await federation.query(WORKER_COVERAGE, { nik: storyWorkers()[7].nik });
    expect(response.errors).toBeUndefined();

    const gatewayAfter = await gatewayMetrics();
    const moved = (text: string, name: string, labels: Record<string, string>) => sample(text, name, labels) - sample(gatewayBefore, name, labels);
    expect(moved(gatewayAfter, 'gateway_request_duration_seconds_count', { operation: 'WorkerCoverage', type: 'query' })).toBe(1);
    for (const subgraph of HEADLINE_SUBGRAPHS) {
      expect(moved(gatewayAfter, 'gateway_subgraph_fetch_duration_seconds_count', { subgraph })).toBeGreaterThanOrEqual(1);
      expect(moved(gatewayAfter, 'gateway_subgraph_fetch_errors_total', { subgraph })).toBe(0);
      expect(sample(gatewayAfter, 'gateway_breaker_state', { subgraph, state: 'closed' })).toBe(1);
    }

    for (const subgraph of HEADLINE_SUBGRAPHS) {
      const after = await subgraphMetrics(subgraph);
      const grew = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before[subgraph], name, labels);
      expect(grew('graphql_requests_total')).toBeGreaterThanOrEqual(1);
      expect(grew('sql_statements_total')).toBeGreaterThanOrEqual(1);
      expect(grew('sql_duration_seconds_count', { outcome: 'ok' })).toBe(grew('sql_statements_total'));
      // population answers the root field, membership and budget the entities it leads to
      expect(grew('graphql_resolver_duration_seconds_count', { field: subgraph === 'population' ? 'Query.worker' : 'Query._entities' })).toBeGreaterThanOrEqual(1);
      expect(sample(after, 'db_pool_size')).toBeGreaterThanOrEqual(1);
      expect(sample(after, 'db_pool_connections_in_use')).toBeGreaterThanOrEqual(0);
      expect(sample(after, 'db_pool_waiting')).toBe(0);
    }
  });

  it('labels an operation the federation does not list "unknown", and counts errors by code', async () => {
    const before = await gatewayMetrics();
    await federation.query('query MyOwnName12345($nik: String!) { worker(nik: $nik) { nik } }', { nik: '123' });
    const after = await gatewayMetrics();
    expect(sample(after, 'gateway_request_duration_seconds_count', { operation: 'unknown' }) - sample(before, 'gateway_request_duration_seconds_count', { operation: 'unknown' })).toBe(1);
    expect(after).not.toContain('MyOwnName12345');
    expect(sample(after, 'gateway_errors_total', { code: 'BAD_USER_INPUT' }) - sample(before, 'gateway_errors_total', { code: 'BAD_USER_INPUT' })).toBe(1);
    const population = await subgraphMetrics('population');
    expect(sample(population, 'graphql_errors_total', { code: 'BAD_USER_INPUT' })).toBeGreaterThanOrEqual(1);
  });

  it("counts membership's upkeep runs", async () => {
    const before = sample(await subgraphMetrics('membership'), 'upkeep_runs_total', { outcome: 'ok' });
    await federation.subgraphs.membership.maintain();
    expect(sample(await subgraphMetrics('membership'), 'upkeep_runs_total', { outcome: 'ok' }) - before).toBe(1);
  });

  it('counts a supergraph reload and a refused one', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'metrics-supergraph-'));
    const file = path.join(directory, 'supergraph.graphql');
    const sdl = fs.readFileSync(SUPERGRAPH, 'utf8');
    fs.writeFileSync(file, sdl);
    const gateway = await federation.startGateway({ supergraphPath: file, supergraphPollMs: 50 });
    try {
      const reloads = async (outcome: string) => sample(await scrape(gateway.url, federation.gatewaySecret), 'gateway_supergraph_reloads_total', { outcome });
      // Replaced whole, as operators are told to: a watcher polling mid-write would also count a refusal of the half-written file.
      writeAtomically(file, `${sdl}\n# reloaded\n`);
      await until(async () => (await reloads('loaded')) === 1);
      writeAtomically(file, 'not a supergraph');
      await until(async () => (await reloads('refused')) === 1);
      const answer = await postGraphQL(gateway.url, '{ __typename }', {}, { authorization: `Bearer ${await federation.token()}` });
      expect(answer.data).toEqual({ __typename: 'Query' });
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
