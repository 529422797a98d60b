/**
 * The city sees its coverage per district through the tuned gateway, every covered worker counted
 * once. (The tuned gateway answering what Apollo's default gateway answers:
 * test/gateway/gateway-tuning.test.ts.)
 */
import { Federation, startFederation } from './support/federation';
import { storyWorkers } from '../domain/seed-story';

const CITY_COVERAGE = /* GraphQL */ `
  query CityCoverage {
    regency(code: "81.71") {
      coverage(asOf: "2021-06-30") {
        coveredWorkers
        monthlyPremium
      }
      districts {
        code
        coverage(asOf: "2021-06-30") {
          coveredWorkers
          monthlyPremium
        }
      }
    }
  }
`;

describe('the city sees its coverage per district', () => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await startFederation();
  });
  afterAll(async () => federation?.stop());

  it('counts every covered worker of Kota Ambon once, in the city total and across its five districts', async () => {
    const response = await federation.query(CITY_COVERAGE);
    expect(response.errors).toBeUndefined();
    const { coverage, districts } = response.data.regency;
    expect(coverage).toEqual({ coveredWorkers: 25_000, monthlyPremium: 25_000 * 16_800 });
    expect(districts).toHaveLength(5);
    const byDistrict = new Map<string, number>();
    for (const worker of storyWorkers())
      byDistrict.set(worker.villageCode.slice(0, 8), (byDistrict.get(worker.villageCode.slice(0, 8)) ?? 0) + 1);
    for (const district of districts) expect(district.coverage.coveredWorkers).toBe(byDistrict.get(district.code));
  });
});
