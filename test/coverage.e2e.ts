import { MONTHLY_PREMIUM, STORY_ALLOCATIONS, storyWorkers } from '../domain/seed-story';
import { Federation, startFederation } from './support/federation';

describe('the budget office and the insurer agree on who is covered and what it costs', () => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await startFederation();
  });
  afterAll(async () => federation?.stop());

  it('shows each APBD allocation with its enrolled workers, a ceiling as budgeted and the insurer and the budget office agreeing on what is committed', async () => {
    const response = await federation.query(`{
      allocations(funderId: "81.71") { nodes { id fiscalYear ceiling committed premiumPerWorkerMonth programs legalBasis enrolledWorkers premiumCommitted funder { name regency { name } } } }
    }`);
    expect(response.errors).toBeUndefined();
    const allocations = response.data.allocations.nodes;
    expect(allocations.map((a: any) => [a.fiscalYear, a.enrolledWorkers])).toEqual([
      [2020, 10_000],
      [2021, 25_000],
    ]);
    for (const allocation of allocations) {
      // Committed follows the rate in force each month (PP 49/2020's relief), below the pagu as budgeted.
      expect(allocation.premiumCommitted).toBe(allocation.committed);
      expect(allocation.committed).toBeLessThan(allocation.ceiling);
      expect(allocation.ceiling).toBe(allocation.enrolledWorkers * MONTHLY_PREMIUM * 12);
      expect(allocation.funder).toEqual({ name: 'Pemerintah Kota Ambon', regency: { name: 'Kota Ambon' } });
      expect(allocation.programs).toEqual(['JKK', 'JKM']);
    }
    // 25,000 workers x Rp 16,800 x 12 months does not fit a 32-bit Int, and arrives exact.
    expect(allocations[1].ceiling).toBe(5_040_000_000);
  });

  it('knows that a worker first funded in 2021 was not covered in mid-2020', async () => {
    const newcomer = storyWorkers()[STORY_ALLOCATIONS[0].workers + 7];
    const response = await federation.query(
      `query($nik: String!) { worker(nik: $nik) { membership { kpj mid2020: coverage(asOf: "2020-06-30") { validFrom } mid2021: coverage(asOf: "2021-06-30") { fundedBy { fiscalYear } } coveragePeriods { validFrom } } } }`,
      { nik: newcomer.nik },
    );
    expect(response.data.worker.membership).toEqual({
      kpj: newcomer.kpj,
      mid2020: null,
      mid2021: { fundedBy: { fiscalYear: 2021 } },
      coveragePeriods: [{ validFrom: '2021-01-01' }],
    });
  });

  it('gives the same coverage whether it is read in one statement with the card or on its own', async () => {
    const veteran = storyWorkers()[3];
    const newcomer = storyWorkers()[STORY_ALLOCATIONS[0].workers + 7];
    const fields = 'validFrom validUntil programs monthlyPremium fundedBy { id }';
    for (const worker of [veteran, newcomer]) {
      // Two days in one query: the card, then each day's coverage by its own statement.
      const apart = await federation.query(
        `query($nik: String!) { worker(nik: $nik) { membership { kpj y2020: coverage(asOf: "2020-06-30") { ${fields} } y2021: coverage(asOf: "2021-06-30") { ${fields} } } } }`,
        { nik: worker.nik },
      );
      expect(apart.errors).toBeUndefined();
      for (const [day, alias] of [
        ['2020-06-30', 'y2020'],
        ['2021-06-30', 'y2021'],
      ]) {
        // One day, through a variable and a named fragment: card and coverage in one statement.
        const together = await federation.query(
          `query($nik: String!, $day: Date) { worker(nik: $nik) { membership { ...Card } } } fragment Card on MembershipCard { kpj coverage(asOf: $day) { ${fields} } }`,
          { nik: worker.nik, day },
        );
        expect(together.errors).toBeUndefined();
        expect(together.data.worker.membership).toEqual({
          kpj: worker.kpj,
          coverage: apart.data.worker.membership[alias],
        });
      }
    }
  });

  it('counts covered workers per village on a given day, adding up to the city total', async () => {
    const response = await federation.query(`{
      villages(regencyCode: "81.71", first: 50) { nodes { code workerCount y2020: coverage(asOf: "2020-06-30") { coveredWorkers } y2021: coverage(asOf: "2021-06-30") { coveredWorkers monthlyPremium } } }
    }`);
    expect(response.errors).toBeUndefined();
    const villages = response.data.villages.nodes;
    const sum = (pick: (v: any) => number) => villages.reduce((total: number, v: any) => total + pick(v), 0);
    expect(sum((v) => v.y2020.coveredWorkers)).toBe(10_000);
    expect(sum((v) => v.y2021.coveredWorkers)).toBe(25_000);
    expect(sum((v) => v.y2021.monthlyPremium)).toBe(25_000 * MONTHLY_PREMIUM);
    for (const village of villages) expect(village.y2021.coveredWorkers).toBe(village.workerCount);
  });

  it('answers a membership card lookup by KPJ, and refuses a malformed KPJ', async () => {
    const worker = storyWorkers()[3];
    const found = await federation.query(
      `query($kpj: ID!) { membershipCard(kpj: $kpj) { status worker { nik fullName } } }`,
      { kpj: worker.kpj },
    );
    expect(found.data.membershipCard).toEqual({
      status: 'NOT_COVERED',
      worker: { nik: worker.nik, fullName: worker.fullName },
    });
    const refused = await federation.query(`{ membershipCard(kpj: "12") { status } }`);
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses an impossible coverage date with BAD_USER_INPUT', async () => {
    const response = await federation.query(
      `query($nik: String!) { worker(nik: $nik) { membership { coverage(asOf: "2021-02-30") { validFrom } } } }`,
      {
        nik: storyWorkers()[0].nik,
      },
    );
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
