import { population } from '../subgraphs/population/definition';
import { storyWorkers } from '../domain/seed-story';
import { Federation, startFederation } from './support/federation';

describe("the population office: regions of all Indonesia and Ambon's workers", () => {
  let federation: Federation;
  const sql = (text: string, params: unknown[] = []) =>
    federation.subgraphs.population.database.dataSource.query(text, params);

  beforeAll(async () => {
    federation = await startFederation();
  });
  afterAll(async () => federation?.stop());

  it("loads every region of Indonesia from Kemendagri's codes", async () => {
    const [counts] = await sql(
      `SELECT (SELECT count(*) FROM province)::int AS provinces, (SELECT count(*) FROM regency)::int AS regencies,
              (SELECT count(*) FROM district)::int AS districts, (SELECT count(*) FROM village)::int AS villages`,
    );
    expect(counts).toEqual({ provinces: 38, regencies: 514, districts: 7285, villages: 83762 });
  });

  it('shows Kota Ambon with its five districts and fifty villages of the right kind', async () => {
    const response = await federation.query(`{
      regency(code: "81.71") { name province { name } districts { code name villages { code kind } } }
      villages(regencyCode: "81.71", first: 100) { totalCount nodes { code kind } }
    }`);
    expect(response.errors).toBeUndefined();
    const { regency, villages } = response.data;
    expect(regency.name).toBe('Kota Ambon');
    expect(regency.province.name).toBe('Maluku');
    expect(regency.districts.map((d: { name: string }) => d.name)).toEqual([
      'Nusaniwe',
      'Sirimau',
      'Baguala',
      'Teluk Ambon',
      'Leitimur Selatan',
    ]);
    expect(villages.totalCount).toBe(50);
    for (const village of villages.nodes) {
      expect(village.kind).toBe(village.code.split('.')[3].startsWith('1') ? 'KELURAHAN' : 'DESA');
    }
    const kinds = new Set(villages.nodes.map((v: { kind: string }) => v.kind));
    expect(kinds).toEqual(new Set(['KELURAHAN', 'DESA']));
  });

  it("pages through a district's villages without gaps or repeats", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const response: any = await federation.query(
        `query($after: String) { villages(districtCode: "81.71.02", first: 3, after: $after) { totalCount nodes { code } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      const page = response.data.villages;
      seen.push(...page.nodes.map((v: { code: string }) => v.code));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    const [{ total }] = await sql(`SELECT count(*)::int AS total FROM village WHERE district_code = '81.71.02'`);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect([...seen].sort()).toEqual(seen);
  });

  it('finds a worker by NIK with the birth date and sex the NIK encodes', async () => {
    const woman = storyWorkers().find((w) => w.sex === 'FEMALE')!;
    const response = await federation.query(
      `query($nik: String!) { worker(nik: $nik) { nik fullName birthDate sex occupation village { code } } }`,
      {
        nik: woman.nik,
      },
    );
    expect(response.data.worker).toEqual({
      nik: woman.nik,
      fullName: woman.fullName,
      birthDate: woman.birthDate,
      sex: 'FEMALE',
      occupation: woman.occupation,
      village: { code: woman.villageCode },
    });
    expect(Number(woman.nik.slice(6, 8)) - 40).toBe(Number(woman.birthDate.slice(8, 10)));
  });

  it.each([
    ['a malformed NIK', '12345', 'BAD_USER_INPUT'],
    ['an impossible birth date', '8171023213900001', 'BAD_USER_INPUT'],
    ['a well-formed NIK nobody registered', '8171021208909999', 'NOT_FOUND'],
  ])('answers %s with a coded error, not a crash', async (_case, nik, code) => {
    const response = await federation.query(`query($nik: String!) { worker(nik: $nik) { nik } }`, { nik });
    expect(response.data?.worker ?? null).toBeNull();
    expect(response.errors?.[0].extensions?.code).toBe(code);
    expect(response.errors?.[0].message).toContain(nik);
  });

  it.each([
    ['village', 'village(code: "99.99.99.9999") { name }', 'NOT_FOUND'],
    ['regency', 'regency(code: "99.99") { name }', 'NOT_FOUND'],
    ['page size', 'villages(first: 0) { totalCount }', 'BAD_USER_INPUT'],
    ['cursor', 'villages(after: "not-a-cursor") { totalCount }', 'BAD_USER_INPUT'],
  ])('refuses an unknown or malformed %s with a coded error', async (_case, selection, code) => {
    const response = await federation.query(`{ ${selection} }`);
    expect(response.errors?.[0].extensions?.code).toBe(code);
  });

  it("lists the largest village's whole roster in NIK order, and counts it", async () => {
    const [largest] = await sql(
      'SELECT village_code, count(*)::int AS workers FROM worker GROUP BY village_code ORDER BY 2 DESC LIMIT 1',
    );
    const response = await federation.query(
      `query($code: ID!) { village(code: $code) { workerCount workers(first: 2000) { nodes { nik } pageInfo { hasNextPage } } } }`,
      {
        code: largest.village_code,
      },
    );
    const village = response.data.village;
    expect(village.workerCount).toBe(largest.workers);
    expect(village.workers.nodes).toHaveLength(largest.workers);
    expect(village.workers.pageInfo.hasNextPage).toBe(false);
    const niks = village.workers.nodes.map((w: { nik: string }) => w.nik);
    expect([...niks].sort()).toEqual(niks);
  });

  it('seeds idempotently: seeding again changes nothing', async () => {
    const count = async () =>
      (
        await sql(
          'SELECT (SELECT count(*) FROM worker)::int AS workers, (SELECT count(*) FROM village)::int AS villages',
        )
      )[0];
    const before = await count();
    await population.seed!(federation.subgraphs.population.database.dataSource, () => undefined);
    expect(await count()).toEqual(before);
    expect(before.workers).toBe(storyWorkers().length);
  });
});
