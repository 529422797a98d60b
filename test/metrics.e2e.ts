/**
 * An operator's Prometheus scrapes every subgraph: one headline request moves each subgraph's
 * resolver, SQL and pool series. (The gateway's own series: test/gateway/metrics.test.ts.)
 */
import { Federation, PARTNER, startFederation } from './support/federation';
import { sample, scrape } from './support/prometheus';
import { storyWorkers } from '../domain/seed-story';
import { listedOperation } from '../tools/schema/operations';
import { SUBGRAPH_NAMES } from '../contract/subgraph-names';

const WORKER_COVERAGE = listedOperation('WorkerCoverage');
const HEADLINE_SUBGRAPHS = ['population', 'membership', 'budget'] as const;

describe('an operator watches the federation in Prometheus', () => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await startFederation();
  });
  afterAll(async () => federation?.stop());

  const subgraphMetrics = (name: (typeof SUBGRAPH_NAMES)[number]) =>
    scrape(federation.subgraphs[name].url, federation.gatewaySecret);
  /**
   * A subgraph's series once its statements have finished: population records the read audit
   * after it answers, so a statement may still be running (counted, its duration not yet) when
   * the answer arrives. Bounded: a duration that is never recorded still fails the test below.
   */
  const settled = async (name: (typeof SUBGRAPH_NAMES)[number]) => {
    let text = await subgraphMetrics(name);
    for (
      let i = 0;
      i < 40 && sample(text, 'sql_duration_seconds_count') !== sample(text, 'sql_statements_total');
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      text = await subgraphMetrics(name);
    }
    return text;
  };

  it('serves Prometheus text on every subgraph to the operations token only', async () => {
    // The partner holds only the public key, so without an OPERATIONS_TOKEN of its own its endpoints stay shut.
    expect((await fetch(federation.subgraphs[PARTNER].url.replace('/graphql', '/metrics'))).status).toBe(401);
    for (const url of [
      ...SUBGRAPH_NAMES.filter((name) => name !== PARTNER).map((name) => federation.subgraphs[name].url),
    ]) {
      const metricsUrl = url.replace('/graphql', '/metrics');
      expect((await fetch(metricsUrl)).status).toBe(401);
      const text = await scrape(url, federation.gatewaySecret);
      expect(text).toMatch(/^# HELP /m);
    }
  });

  it('counts every subgraph request and statement a headline request caused', async () => {
    const before = Object.fromEntries(
      await Promise.all(HEADLINE_SUBGRAPHS.map(async (name) => [name, await subgraphMetrics(name)])),
    );
    const response = await federation.query(WORKER_COVERAGE, { nik: storyWorkers()[7].nik });
    expect(response.errors).toBeUndefined();

    for (const subgraph of HEADLINE_SUBGRAPHS) {
      const after = await settled(subgraph);
      const grew = (name: string, labels: Record<string, string> = {}) =>
        sample(after, name, labels) - sample(before[subgraph], name, labels);
      expect(grew('graphql_requests_total')).toBeGreaterThanOrEqual(1);
      expect(grew('sql_statements_total')).toBeGreaterThanOrEqual(1);
      expect(grew('sql_duration_seconds_count', { outcome: 'ok' })).toBe(grew('sql_statements_total'));
      // population answers the root field, membership and budget the entities it leads to
      expect(
        grew('graphql_resolver_duration_seconds_count', {
          field: subgraph === 'population' ? 'Query.worker' : 'Query._entities',
        }),
      ).toBeGreaterThanOrEqual(1);
      expect(sample(after, 'db_pool_size')).toBeGreaterThanOrEqual(1);
      expect(sample(after, 'db_pool_connections_in_use')).toBeGreaterThanOrEqual(0);
      expect(sample(after, 'db_pool_waiting')).toBe(0);
    }
  });

  it('counts a refused input by its code in the subgraph that refused it', async () => {
    await federation.query('query MyOwnName12345($nik: String!) { worker(nik: $nik) { nik } }', { nik: '123' });
    const population = await subgraphMetrics('population');
    expect(sample(population, 'graphql_errors_total', { code: 'BAD_USER_INPUT' })).toBeGreaterThanOrEqual(1);
  });

  it("counts membership's upkeep runs", async () => {
    const before = sample(await subgraphMetrics('membership'), 'upkeep_runs_total', { outcome: 'ok' });
    await federation.subgraphs.membership.maintain();
    expect(sample(await subgraphMetrics('membership'), 'upkeep_runs_total', { outcome: 'ok' }) - before).toBe(1);
  });
});
