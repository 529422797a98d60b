/**
 * The tuned gateway (keep-alive fetcher, representations sent once, bigger plan cache) answers
 * exactly what Apollo's default gateway answers, while asking the subgraphs for less. (The city's
 * coverage per district, counted from the seed story: test/gateway-tuning.e2e.ts.)
 */
import type { RunningGateway } from '../../gateway/server/gateway';
import { GatewayTester, startGatewayTester } from '../support/gateway-tester';
import { SMALL_WORKER_COVERAGE, SmallGraph, smallGraph, WORKERS } from '../support/small-graph';

const VILLAGE_ROSTER = /* GraphQL */ `
  query VillageRoster($code: ID!) {
    village(code: $code) {
      workers(first: 200) {
        nodes {
          nik
          membership {
            kpj
            coverage {
              fundedBy {
                id
                ceiling
                funder {
                  name
                }
              }
            }
          }
        }
      }
    }
  }
`;

describe("the tuned gateway answers exactly what Apollo's default gateway answers", () => {
  let graph: SmallGraph;
  let tester: GatewayTester;
  let untuned: RunningGateway;
  beforeAll(async () => {
    graph = smallGraph();
    tester = await startGatewayTester(graph);
    untuned = await tester.startGateway({ tuning: 'default' });
  });
  afterAll(async () => tester?.close());

  it('gives the same worker coverage and the same village roster through both gateways', async () => {
    const village = '81.71.02.1011';
    const token = {
      authorization: `Bearer ${await tester.token({ subject: 'dashboard@ambon.example', scopes: ['workers:read', 'coverage:read', 'budget:read', 'personal-data:read'] })}`,
    };
    for (const [query, variables] of [
      [SMALL_WORKER_COVERAGE, { nik: WORKERS[0].nik }],
      [SMALL_WORKER_COVERAGE, { nik: WORKERS[WORKERS.length - 1].nik }],
      [VILLAGE_ROSTER, { code: village }],
    ] as const) {
      const tuned = await tester.query(query, variables, token);
      const plain = (await tester.send({ query, variables }, token, untuned.url)).body;
      expect(tuned.errors).toBeUndefined();
      expect(tuned).toEqual(plain);
    }
    const asked = () => graph.representations.Allocation ?? 0;
    const before = asked();
    const roster = (await tester.query(VILLAGE_ROSTER, { code: village }, token)).data.village.workers.nodes;
    // Every worker of the roster keeps the allocation that funds them, though budget was asked for it once.
    expect(roster).toHaveLength(WORKERS.filter((w) => w.villageCode === village).length);
    expect(roster.length).toBeGreaterThan(1);
    expect(new Set(roster.map((w: any) => w.membership.coverage.fundedBy.id))).toEqual(new Set(['81.71-2021-01']));
    expect(asked() - before).toBe(1);
  });
});
