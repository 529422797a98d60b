/**
 * An operator's Prometheus scrapes the gateway: one headline request moves its request, fetch and
 * per-subgraph series; an operation the federation does not list is counted without its name;
 * supergraph reloads are counted. (Each subgraph's own series: test/metrics.e2e.ts.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeAtomically } from '../../tools/schema/compose';
import { GatewayTester, startGatewayTester } from '../support/gateway-tester';
import { sample, scrape } from '../support/prometheus';
import { SMALL_WORKER_COVERAGE, smallGraph, WORKERS } from '../support/small-graph';

const HEADLINE_SUBGRAPHS = ['population', 'membership', 'budget'] as const;

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('an operator watches the gateway in Prometheus', () => {
  let tester: GatewayTester;
  beforeAll(async () => {
    tester = await startGatewayTester(smallGraph());
  });
  afterAll(async () => tester?.close());

  const gatewayMetrics = () => scrape(tester.url, tester.gatewaySecret);

  it('serves Prometheus text to the operations token only', async () => {
    expect((await fetch(tester.url.replace('/graphql', '/metrics'))).status).toBe(401);
    expect(await gatewayMetrics()).toMatch(/^# HELP /m);
  });

  it('counts a headline request under its listed name, and every subgraph fetch it caused', async () => {
    const before = await gatewayMetrics();
    const response = await tester.query(SMALL_WORKER_COVERAGE, { nik: WORKERS[1].nik });
    expect(response.errors).toBeUndefined();

    const after = await gatewayMetrics();
    const moved = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(moved('gateway_request_duration_seconds_count', { operation: 'WorkerCoverage', type: 'query' })).toBe(1);
    for (const subgraph of HEADLINE_SUBGRAPHS) {
      expect(moved('gateway_subgraph_fetch_duration_seconds_count', { subgraph })).toBeGreaterThanOrEqual(1);
      expect(moved('gateway_subgraph_fetch_errors_total', { subgraph })).toBe(0);
      expect(sample(after, 'gateway_breaker_state', { subgraph, state: 'closed' })).toBe(1);
    }
  });

  it('labels an operation the federation does not list "unknown", and counts errors by code', async () => {
    const before = await gatewayMetrics();
    await tester.query('query MyOwnName12345($nik: String!) { worker(nik: $nik) { nik } }', { nik: '123' });
    const after = await gatewayMetrics();
    expect(
      sample(after, 'gateway_request_duration_seconds_count', { operation: 'unknown' }) -
        sample(before, 'gateway_request_duration_seconds_count', { operation: 'unknown' }),
    ).toBe(1);
    expect(after).not.toContain('MyOwnName12345');
    expect(
      sample(after, 'gateway_errors_total', { code: 'BAD_USER_INPUT' }) -
        sample(before, 'gateway_errors_total', { code: 'BAD_USER_INPUT' }),
    ).toBe(1);
  });

  it('counts a supergraph reload and a refused one', async () => {
    const file = path.join(tester.directory, 'reloading-supergraph.graphql');
    fs.writeFileSync(file, tester.supergraphSdl);
    const gateway = await tester.startGateway({ supergraphPath: file, supergraphPollMs: 50 });
    const reloads = async (outcome: string) =>
      sample(await scrape(gateway.url, tester.gatewaySecret), 'gateway_supergraph_reloads_total', { outcome });
    // Replaced whole, as operators are told to: a watcher polling mid-write would also count a refusal of the half-written file.
    writeAtomically(file, `${tester.supergraphSdl}\n# reloaded\n`);
    await until(async () => (await reloads('loaded')) === 1);
    writeAtomically(file, 'not a supergraph');
    await until(async () => (await reloads('refused')) === 1);
    const answer = await tester.send(
      { query: '{ __typename }' },
      { authorization: `Bearer ${await tester.token()}` },
      gateway.url,
    );
    expect(answer.body).toEqual({ data: { __typename: 'Query' } });
  });
});
