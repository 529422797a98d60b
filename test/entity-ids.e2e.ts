/**
 * A frontend's cache keys every entity by `__typename` and `id`. The id must tell people apart
 * for every role (a budget officer sees masked NIKs, many of them alike), be the same whoever
 * asks, and reveal no key.
 */
import { Federation, startFederation } from './support/federation';
import { storyWorkers } from '../domain/seed-story';
import { maskNik } from '../domain/nik';

describe('every cached entity has a stable opaque id', () => {
  let federation: Federation;
  const workers = storyWorkers();
  // The village with the most workers, so masked NIKs repeat within one page.
  const counts = new Map<string, number>();
  for (const w of workers) counts.set(w.villageCode, (counts.get(w.villageCode) ?? 0) + 1);
  const village = [...counts].sort((a, b) => b[1] - a[1])[0][0];
  const ROSTER = `query Roster($code: ID!) { village(code: $code) { id workers(first: 500) { nodes { id nik } } } }`;

  beforeAll(async () => {
    federation = await startFederation();
    // Enrolments below start with 2022: cover never starts before the day it is recorded.
    federation.clock.set('2022-01-01');
  });
  afterAll(async () => federation?.stop());

  it('a budget officer, seeing masked NIKs, gets one id per worker and the same ids as a population officer', async () => {
    const budget = await federation.query(ROSTER, { code: village }, await federation.as('budget-officer'));
    const population = await federation.query(ROSTER, { code: village }, await federation.as('population-officer'));
    expect(budget.errors).toBeUndefined();
    expect(population.errors).toBeUndefined();
    const masked: { id: string; nik: string }[] = budget.data.village.workers.nodes;
    const clear: { id: string; nik: string }[] = population.data.village.workers.nodes;
    expect(masked).toHaveLength(500);

    // The trap: keyed by the NIK it sees, a budget officer's cache would merge different people.
    expect(new Set(masked.map((w) => w.nik)).size).toBeLessThan(masked.length / 2);
    expect(masked.map((w) => w.nik)).toEqual(clear.map((w) => maskNik(w.nik)));
    // Keyed by id, it keeps every person apart, under the very ids the population officer gets.
    expect(new Set(masked.map((w) => w.id)).size).toBe(masked.length);
    expect(masked.map((w) => w.id)).toEqual(clear.map((w) => w.id));
    expect(budget.data.village.id).toBe(population.data.village.id);

    for (const { id, nik } of clear) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(id).not.toContain(nik.slice(0, 6));
      expect(Buffer.from(id, 'base64url').toString('latin1')).not.toContain(nik);
    }
  });

  it('one worker has one id on every path and for every role that reaches it, and types never share ids', async () => {
    const resident = workers.find((w) => w.villageCode === village && w.index < 10_000)!;
    const byNik = await federation.query(
      'query($nik: String!) { worker(nik: $nik) { id membership { id } } }',
      { nik: resident.nik },
      await federation.as('partner-agency'),
    );
    const byCard = await federation.query(
      'query($kpj: ID!) { membershipCard(kpj: $kpj) { id worker { id village { id } } } }',
      { kpj: resident.kpj },
      await federation.as('insurer-officer'),
    );
    expect(byNik.errors).toBeUndefined();
    expect(byCard.errors).toBeUndefined();
    expect(byCard.data.membershipCard.worker.id).toBe(byNik.data.worker.id);
    expect(byCard.data.membershipCard.id).toBe(byNik.data.worker.membership.id);
    expect(byCard.data.membershipCard.id).not.toBe(byNik.data.worker.id);
    expect(byCard.data.membershipCard.id).not.toContain(resident.kpj);

    const health = await federation.query(
      'query($nik: String!) { worker(nik: $nik) { healthCoverage { id cardNumber } } }',
      { nik: resident.nik },
    );
    expect(health.errors).toBeUndefined();
    if (health.data.worker.healthCoverage) {
      expect(health.data.worker.healthCoverage.id).not.toContain(health.data.worker.healthCoverage.cardNumber);
      expect(health.data.worker.healthCoverage.id).not.toBe(byNik.data.worker.id);
    }
  });

  it("two subgraphs' audit trails never give two entries the same id", async () => {
    const registered = await federation.query(
      'mutation($input: WorkerRegistration!) { registerWorker(input: $input) { id } }',
      {
        input: { nik: '8171025204909001', fullName: 'Yuliana Sahetapy', occupation: 'Nelayan', villageCode: village },
      },
    );
    const created = await federation.query(
      'mutation($input: NewAllocationInput!) { createAllocation(input: $input) { id } }',
      {
        input: {
          funderId: '81.71',
          fiscalYear: 2022,
          legalBasis: 'Peraturan Walikota Ambon Nomor 1 Tahun 2022',
          ceiling: 1_000_000,
          premiumPerWorkerMonth: 16_800,
          programs: ['JKK', 'JKM'],
        },
      },
    );
    expect(registered.errors).toBeUndefined();
    expect(created.errors).toBeUndefined();
    const trails = await federation.query(
      '{ populationAuditTrail { nodes { id } } budgetAuditTrail { nodes { id } } }',
    );
    expect(trails.errors).toBeUndefined();
    const populationIds: string[] = trails.data.populationAuditTrail.nodes.map((n: { id: string }) => n.id);
    const budgetIds: string[] = trails.data.budgetAuditTrail.nodes.map((n: { id: string }) => n.id);
    expect(populationIds.length).toBeGreaterThan(0);
    expect(budgetIds.length).toBeGreaterThan(0);
    expect(populationIds.filter((id) => budgetIds.includes(id))).toEqual([]);
  });
});
