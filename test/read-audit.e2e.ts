/**
 * Every read of a person's record is written down once (which NIK, by whom, for which agency, in
 * which operation, when), in batched statements behind the responses; an auditor and the person
 * can read the trail, and nobody can rewrite it.
 */
import { maskNik } from '../domain/nik';
import { Federation, startFederation } from './support/federation';
import { MAX_BACKLOG, personReadWriter } from '../subgraphs/population/audit/person-read-writer';
import { storyWorkers } from '../domain/seed-story';

describe("the read audit of a person's data", () => {
  let federation: Federation;
  const workers = storyWorkers();
  const village = '81.71.02.1012';
  const residents = workers.filter((w) => w.villageCode === village).sort((a, b) => a.nik.localeCompare(b.nik));

  beforeAll(async () => {
    federation = await startFederation();
  });
  afterAll(async () => federation?.stop());

  const writer = () => personReadWriter(federation.subgraphs.population.database.dataSource);
  const auditRows = async (where = 'TRUE', values: unknown[] = []) =>
    (await writer().drain(),
    await federation.subgraphs.population.database.dataSource.query(
      `SELECT nik, reader, agency, roles, operation_name, request_id FROM person_read_audit WHERE ${where} ORDER BY id`,
      values,
    )) as {
      nik: string;
      reader: string;
      agency: string;
      roles: string[];
      operation_name: string | null;
      request_id: string;
    }[];

  it('writes exactly one row per person on a roster page, in one statement whatever the page size', async () => {
    const asOfficer = await federation.as('insurer-officer', { subject: 'officer-roster' });
    const roster = (first: number) =>
      federation.query(
        `query VillageRoster { village(code: "${village}") { workers(first: ${first}) { nodes { nik fullName } } } }`,
        {},
        asOfficer,
      );
    const statementsOf = async (first: number) => {
      await writer().drain();
      const [statements, writes] = [federation.statements().population, writer().writes];
      expect((await roster(first)).errors).toBeUndefined();
      await writer().drain();
      expect(writer().writes - writes).toBe(1);
      return federation.statements().population - statements;
    };
    expect(await statementsOf(40)).toBe(await statementsOf(5));

    const rows = await auditRows('reader = $1', ['officer-roster']);
    expect(rows).toHaveLength(45);
    expect(rows.map((r) => r.nik)).toEqual([...residents.slice(0, 40), ...residents.slice(0, 5)].map((w) => w.nik));
    expect(rows[0]).toMatchObject({
      agency: 'BPJS Ketenagakerjaan Cabang Ambon',
      roles: ['insurer-officer'],
      operation_name: 'VillageRoster',
    });
    expect(new Set(rows.slice(0, 40).map((r) => r.request_id)).size).toBe(1);
  });

  it('batches the rows of concurrent requests into few statements', async () => {
    await writer().drain();
    const writes = writer().writes;
    const asOfficer = await federation.as('insurer-officer', { subject: 'officer-concurrent' });
    const villages = [...new Set(workers.map((w) => w.villageCode))].slice(0, 20);
    const responses = await Promise.all(
      villages.map((code) =>
        federation.query(
          `query Roster { village(code: "${code}") { workers(first: 10) { nodes { nik } } } }`,
          {},
          asOfficer,
        ),
      ),
    );
    expect(responses.every((r) => !r.errors)).toBe(true);
    expect(await auditRows('reader = $1', ['officer-concurrent'])).toHaveLength(200);
    expect(writer().writes - writes).toBeLessThan(villages.length);
  });

  it('counts a person reached twice in one operation, through two subgraph requests, as one read', async () => {
    const person = residents[0];
    const response = await federation.query(
      'query Twice($nik: String!, $kpj: ID!) { worker(nik: $nik) { fullName } membershipCard(kpj: $kpj) { worker { fullName birthDate } } again: worker(nik: $nik) { nik } }',
      { nik: person.nik, kpj: person.kpj },
      await federation.as('insurer-officer', { subject: 'officer-twice' }),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.membershipCard.worker.fullName).toBe(person.fullName);
    expect(await auditRows('reader = $1', ['officer-twice'])).toEqual([
      expect.objectContaining({ nik: person.nik, operation_name: 'Twice' }),
    ]);
  });

  it('records nothing for a refused read', async () => {
    const response = await federation.query(
      'query Denied($nik: String!) { worker(nik: $nik) { fullName } }',
      { nik: residents[1].nik },
      await federation.as('analyst', { subject: 'analyst-denied' }),
    );
    expect(response.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(await auditRows('reader = $1', ['analyst-denied'])).toEqual([]);
  });

  it('gives a person the trail of who read their data, newest first, page by page', async () => {
    const person = residents[45]; // beyond the roster pages read above
    for (const role of ['population-officer', 'insurer-officer', 'partner-agency'] as const) {
      const response = await federation.query(
        'query Look($nik: String!) { worker(nik: $nik) { nik } }',
        { nik: person.nik },
        await federation.as(role),
      );
      expect(response.errors).toBeUndefined();
    }
    const asAuditor = await federation.as('auditor');
    const first = await federation.query(
      'query Trail($nik: String!) { personReads(nik: $nik, first: 2) { nodes { nik reader agency } pageInfo { hasNextPage endCursor } } }',
      { nik: person.nik },
      asAuditor,
    );
    expect(first.errors).toBeUndefined();
    expect(first.data.personReads.nodes.map((n: any) => n.reader)).toEqual([
      'partner-agency@ambon.example',
      'insurer-officer@ambon.example',
    ]);
    const rest = await federation.query(
      'query Trail($nik: String!, $after: String) { personReads(nik: $nik, first: 2, after: $after) { nodes { reader } pageInfo { hasNextPage } } }',
      { nik: person.nik, after: first.data.personReads.pageInfo.endCursor },
      asAuditor,
    );
    expect(rest.data.personReads).toEqual({
      nodes: [{ reader: 'population-officer@ambon.example' }],
      pageInfo: { hasNextPage: false },
    });
    const byReader = await federation.query(
      '{ personReads(reader: "officer-twice") { nodes { nik operationName } } }',
      {},
      asAuditor,
    );
    // An auditor holds no personal-data:read: the trail names the person as every masked view does.
    expect(byReader.data.personReads.nodes).toEqual([{ nik: maskNik(residents[0].nik), operationName: 'Twice' }]);
  });

  it('refuses reads rather than let the audit fall too far behind', () => {
    const row = {
      nik: residents[0].nik,
      reader: 'flood',
      agency: 'x',
      roles: [],
      operationName: null,
      requestId: 'flood',
      subgraph: 'population',
      fields: null,
    };
    expect(() => writer().enqueue(Array.from({ length: MAX_BACKLOG + 1 }, () => row))).toThrow(
      /reads are refused until it catches up/,
    );
    expect(writer().backlog).toBe(0);
  });

  it('refuses to rewrite or erase the trail', async () => {
    const db = federation.subgraphs.population.database.dataSource;
    await expect(db.query("UPDATE person_read_audit SET reader = 'nobody'")).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM person_read_audit')).rejects.toThrow(/append-only/);
  });
});
