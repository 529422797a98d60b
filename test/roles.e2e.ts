/**
 * Every role gets what its job needs, and personal data shows in clear only to the roles that
 * hold personal-data:read; the others see it masked, and the analyst sees no person at all.
 */
import { Federation, startFederation } from './support/federation';
import { STORY_ALLOCATIONS, storyWorkers } from '../domain/seed-story';
import { maskNik } from '../domain/nik';
import { Role } from '../contract/scopes';

const maskName = (name: string) => name.replace(/\S+/g, (word) => word[0] + '*'.repeat(word.length - 1));

describe('each role sees what its job needs', () => {
  let federation: Federation;
  const workers = storyWorkers();
  const village = '81.71.02.1011';
  const resident = workers.find((w) => w.villageCode === village && w.index < 10_000)!;

  beforeAll(async () => {
    federation = await startFederation();
  });
  afterAll(async () => federation?.stop());

  const ask = async (role: Role, query: string, variables: Record<string, unknown> = {}) =>
    federation.query(
      query,
      variables,
      await federation.as(role, role === 'outreach-officer' ? { villages: [village] } : {}),
    );

  it('a population officer runs the city dashboard query in clear', async () => {
    const response = await ask(
      'population-officer',
      `query WorkerCoverage($nik: String!) { worker(nik: $nik) { nik fullName birthDate village { code }
         membership { kpj status coverage(asOf: "2021-06-30") { fundedBy { id ceiling } } } } }`,
      { nik: resident.nik },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.worker).toEqual({
      nik: resident.nik,
      fullName: resident.fullName,
      birthDate: resident.birthDate,
      village: { code: village },
      membership: {
        kpj: resident.kpj,
        status: 'NOT_COVERED',
        coverage: { fundedBy: { id: STORY_ALLOCATIONS[1].id, ceiling: 5_040_000_000 } },
      },
    });
  });

  it('a budget officer follows an allocation to the cards it funds, seeing the workers masked', async () => {
    const response = await ask(
      'budget-officer',
      '{ allocation(id: "81.71-2020-01") { ceiling enrolledWorkers fundedCards(first: 3) { nodes { kpj worker { nik fullName birthDate } } } } }',
    );
    expect(response.errors).toBeUndefined();
    const { enrolledWorkers, fundedCards } = response.data.allocation;
    expect(enrolledWorkers).toBe(10_000);
    expect(fundedCards.nodes).toEqual(
      workers.slice(0, 3).map((w) => ({
        kpj: w.kpj,
        worker: { nik: maskNik(w.nik), fullName: maskName(w.fullName), birthDate: '****-**-**' },
      })),
    );
  });

  it("an insurer officer reads a card and its holder in clear, with the card's coverage", async () => {
    const response = await ask(
      'insurer-officer',
      'query Card($kpj: ID!) { membershipCard(kpj: $kpj) { status coveragePeriods { validFrom } worker { nik fullName } } }',
      { kpj: resident.kpj },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.membershipCard).toEqual({
      status: 'NOT_COVERED',
      coveragePeriods: [{ validFrom: '2020-01-01' }, { validFrom: '2021-01-01' }],
      worker: { nik: resident.nik, fullName: resident.fullName },
    });
  });

  it('an outreach officer reads the roster of an assigned village in clear', async () => {
    const response = await ask(
      'outreach-officer',
      'query Roster($code: ID!) { village(code: $code) { workers(first: 2000) { nodes { nik fullName } } } }',
      { code: village },
    );
    expect(response.errors).toBeUndefined();
    const expected = workers.filter((w) => w.villageCode === village).sort((a, b) => a.nik.localeCompare(b.nik));
    expect(response.data.village.workers.nodes).toEqual(expected.map((w) => ({ nik: w.nik, fullName: w.fullName })));
  });

  it('a partner agency learns whether a NIK is covered, with the NIK masked, and nothing else', async () => {
    const response = await ask(
      'partner-agency',
      'query Covered($nik: String!) { worker(nik: $nik) { nik membership { kpj status } } }',
      { nik: resident.nik },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.worker).toEqual({
      nik: maskNik(resident.nik),
      membership: { kpj: resident.kpj, status: 'NOT_COVERED' },
    });
    const more = await ask(
      'partner-agency',
      'query Covered($nik: String!) { worker(nik: $nik) { occupation membership { coveragePeriods { validFrom } } } }',
      { nik: resident.nik },
    );
    // Each field it may not read is answered null with FORBIDDEN at its path; non-null ones null their parent.
    expect(more.data).toEqual({ worker: null });
    expect(more.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([
      [['worker', 'occupation'], 'FORBIDDEN'],
      [['worker', 'membership', 'coveragePeriods'], 'FORBIDDEN'],
    ]);
  });

  it('an analyst gets counts and sums that add up (within the rounding of the disclosure-control rule), and no person-level field at all', async () => {
    const response = await ask(
      'analyst',
      `{ villages(regencyCode: "81.71", first: 50) { nodes { workerCount coverage(asOf: "2021-06-30") { coveredWorkers } } }
         allocations { nodes { id enrolledWorkers premiumCommitted } } }`,
    );
    expect(response.errors).toBeUndefined();
    const villages = response.data.villages.nodes;
    expect(villages.reduce((sum: number, v: any) => sum + v.workerCount, 0)).toBe(25_000);
    // Each village's covered count is rounded to 5, so off by up to 2: the 50 add up to 25,000 give or take 100.
    const covered = villages.map((v: any) => v.coverage.coveredWorkers);
    expect(covered.filter((n: number) => n % 5 !== 0)).toEqual([]);
    expect(Math.abs(covered.reduce((sum: number, n: number) => sum + n, 0) - 25_000)).toBeLessThanOrEqual(
      2 * villages.length,
    );
    expect(response.data.allocations.nodes.map((a: any) => a.enrolledWorkers)).toEqual([10_000, 25_000]);
    for (const query of [
      '{ village(code: "81.71.02.1011") { workers { nodes { nik } } } }',
      '{ allocation(id: "81.71-2021-01") { fundedCards { nodes { kpj } } } }',
    ]) {
      expect((await ask('analyst', query)).errors![0].extensions!.code).toBe('FORBIDDEN');
    }
  });

  it('an auditor reads the read audit, and only the auditor does', async () => {
    await ask('population-officer', 'query LookUp($nik: String!) { worker(nik: $nik) { fullName } }', {
      nik: resident.nik,
    });
    const trail = await ask(
      'auditor',
      'query Trail($nik: String!) { personReads(nik: $nik) { nodes { reader agency roles operationName } } }',
      { nik: resident.nik },
    );
    expect(trail.errors).toBeUndefined();
    expect(trail.data.personReads.nodes).toContainEqual({
      reader: 'population-officer@ambon.example',
      agency: 'Dinas Kependudukan dan Pencatatan Sipil Kota Ambon',
      roles: ['population-officer'],
      operationName: 'LookUp',
    });
    for (const role of ['population-officer', 'insurer-officer', 'analyst', 'partner-agency'] as Role[]) {
      expect((await ask(role, '{ personReads { nodes { nik } } }')).errors![0].extensions!.code).toBe('FORBIDDEN');
    }
  });

  describe('masking, role by role', () => {
    const query =
      'query Masked($nik: String!) { worker(nik: $nik) { nik ...Person } } fragment Person on Worker { name: fullName birthDate }';
    it.each([
      ['population-officer', 'clear'],
      ['insurer-officer', 'clear'],
      ['outreach-officer', 'clear'],
      ['budget-officer', 'masked'],
    ] as [Role, string][])('%s sees NIK, name and birth date %s, aliases and fragments included', async (role, how) => {
      const response = await ask(role, query, { nik: resident.nik });
      expect(response.errors).toBeUndefined();
      expect(response.data.worker).toEqual(
        how === 'clear'
          ? { nik: resident.nik, name: resident.fullName, birthDate: resident.birthDate }
          : { nik: maskNik(resident.nik), name: maskName(resident.fullName), birthDate: '****-**-**' },
      );
    });

    it('a partner agency sees only the masked NIK; the analyst and the auditor see no worker', async () => {
      expect(
        (await ask('partner-agency', 'query N($nik: String!) { worker(nik: $nik) { nik } }', { nik: resident.nik }))
          .data.worker.nik,
      ).toMatch(/^8171\*{8}\d{4}$/);
      for (const role of ['analyst', 'auditor'] as Role[]) {
        expect((await ask(role, query, { nik: resident.nik })).errors![0].extensions!.code).toBe('FORBIDDEN');
      }
    });
  });
});
