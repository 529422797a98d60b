import { Federation, postGraphQL, startFederation } from './support/federation';
import { storyWorkers } from '../domain/seed-story';
import { listedOperation } from '../tools/schema/operations';

const WORKER_COVERAGE = listedOperation('WorkerCoverage');

const VILLAGE_ROSTER = /* GraphQL */ `
  query VillageRoster($code: ID!) {
    village(code: $code) {
      workers(first: 200) {
        nodes { nik membership { kpj coverage(asOf: "2021-06-30") { validFrom fundedBy { id ceiling funder { name } } } } }
      }
    }
  }
`;

const CITY_COVERAGE = /* GraphQL */ `
  query CityCoverage {
    regency(code: "81.71") {
      coverage(asOf: "2021-06-30") { coveredWorkers monthlyPremium }
      districts { code coverage(asOf: "2021-06-30") { coveredWorkers monthlyPremium } }
    }
  }
`;

describe('the tuned gateway answers exactly what Apollo\'s default gateway answers, and the city sees its coverage per district', () => {
  let federation: Federation;
  let defaultGatewayUrl: string;
  beforeAll(async () => {
    federation = await startFederation();
    defaultGatewayUrl = (await federation.startGateway({ tuning: 'default' })).url;
  });
  afterAll(async () => federation?.stop());

  it('gives the same worker coverage and the same village roster through both gateways', async () => {
    const workers = storyWorkers();
    const village = workers[0].villageCode;
    for (const [query, variables] of [
      [WORKER_COVERAGE, { nik: workers[7].nik }],
      [WORKER_COVERAGE, { nik: workers[24_999].nik }],
      [VILLAGE_ROSTER, { code: village }],
    ] as const) {
      const tuned = await federation.query(query, variables);
      const untuned = await postGraphQL(defaultGatewayUrl, query, variables, await federation.actingAs('dashboard@ambon.example'));
      expect(tuned.errors).toBeUndefined();
      expect(tuned).toEqual(untuned);
    }
    const roster = (await federation.query(VILLAGE_ROSTER, { code: village })).data.village.workers.nodes;
    // Every worker of the roster keeps the allocation that funds them, though budget was asked for it once.
    expect(roster).toHaveLength(Math.min(200, workers.filter((w) => w.villageCode === village).length));
    expect(new Set(roster.map((w: any) => w.membership.coverage.fundedBy.id))).toEqual(new Set(['81.71-2021-01']));
  });

  it('counts every covered worker of Kota Ambon once, in the city total and across its five districts', async () => {
    const response = await federation.query(CITY_COVERAGE);
    expect(response.errors).toBeUndefined();
    const { coverage, districts } = response.data.regency;
    expect(coverage).toEqual({ coveredWorkers: 25_000, monthlyPremium: 25_000 * 16_800 });
    expect(districts).toHaveLength(5);
    const byDistrict = new Map<string, number>();
    for (const worker of storyWorkers()) byDistrict.set(worker.villageCode.slice(0, 8), (byDistrict.get(worker.villageCode.slice(0, 8)) ?? 0) + 1);
    for (const district of districts) expect(district.coverage.coveredWorkers).toBe(byDistrict.get(district.code));
  });
});
