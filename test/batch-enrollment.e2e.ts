import { Federation, startFederation } from './support/federation';
import { ALLOCATION_TOTALS, ENROLL, footprint, openAllocation } from './support/writes';
import { personReadWriter } from '../subgraphs/population/audit/person-read-writer';
import { composeNik } from '../domain/nik';
import { storyWorkers } from '../domain/seed-story';

const BATCH = /* GraphQL */ `
  mutation Batch($input: BatchEnrollmentInput!) {
    batchEnroll(input: $input) {
      allocationId
      validFrom
      validUntil
      enrolled
      rejected
      rows {
        row
        nik
        status
        kpj
        reason
        message
      }
    }
  }
`;

describe("an outreach officer enrolls a whole list of a village's workers in one request", () => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await startFederation();
    // Enrolments below start with 2022: cover never starts before the day it is recorded.
    federation.clock.set('2022-01-01');
  });
  afterAll(async () => federation?.stop());

  it('enrolls every eligible row while there is room and says why each other row was rejected', async () => {
    const allocation = await openAllocation(federation, 2022, 251);
    const listed = storyWorkers().slice(100, 400);
    // One of them was enrolled for 2022 by hand the week before.
    const single = await federation.query(ENROLL, {
      input: { nik: listed[0].nik, allocationId: allocation.id, idempotencyKey: 'by-hand-100' },
    });
    expect(single.errors).toBeUndefined();
    const unregistered = composeNik('81.71.02', '1985-03-03', 'MALE', 4321);
    const niks = [...listed.map((w) => w.nik), '81710212345', listed[5].nik, unregistered];

    const input = { allocationId: allocation.id, niks, idempotencyKey: 'negeri-batu-merah-2022' };
    const officer = await federation.actingAs('outreach-officer');
    const response = await federation.query(BATCH, { input }, officer);
    expect(response.errors).toBeUndefined();
    const report = response.data.batchEnroll;

    expect(report.rows).toHaveLength(303);
    expect(report.rows.map((r: { row: number }) => r.row)).toEqual(niks.map((_, i) => i + 1));
    const reasons = (from: number, to: number) =>
      report.rows.slice(from, to).map((r: { reason: string | null }) => r.reason);
    expect(report.rows[0]).toMatchObject({ status: 'REJECTED', reason: 'ALREADY_COVERED' });
    expect(reasons(300, 303)).toEqual(['INVALID_NIK', 'DUPLICATE_ROW', 'UNKNOWN_WORKER']);
    // 250 places were left for 299 eligible rows: the first 250 are enrolled, the rest find no room.
    expect(report.enrolled).toBe(250);
    expect(report.rejected).toBe(53);
    expect(reasons(1, 251).every((r: string | null) => r === null)).toBe(true);
    expect(reasons(251, 300).every((r: string | null) => r === 'NO_ROOM')).toBe(true);
    for (const row of report.rows.filter((r: { status: string }) => r.status === 'ENROLLED')) {
      expect(row.kpj).toBe(listed[row.row - 1].kpj);
    }
    for (const row of report.rows.filter((r: { status: string }) => r.status === 'REJECTED'))
      expect(row.message).toBeTruthy();

    const totals = (await federation.query(ALLOCATION_TOTALS, { id: allocation.id })).data.allocation;
    expect(totals).toMatchObject({
      committed: allocation.ceiling,
      reserved: 0,
      available: 0,
      premiumCommitted: allocation.ceiling,
      enrolledWorkers: 251,
    });

    // The officer's tablet lost the answer and sends the batch again: same report, nothing new.
    const before = await footprint(federation);
    const retried = await federation.query(BATCH, { input }, officer);
    expect(retried.data.batchEnroll).toEqual(report);
    expect(await footprint(federation)).toEqual(before);
  });

  it('costs the same number of SQL statements for 200 rows as for 20', async () => {
    const allocation = await openAllocation(federation, 2024, 1_000);
    // Population writes its read audit behind the responses: each batch's audit is counted with it, whole.
    const readAudit = personReadWriter(federation.subgraphs.population.database.dataSource);
    const cost = async (from: number, to: number, key: string) => {
      await readAudit.drain();
      const before = federation.statements();
      const response = await federation.query(BATCH, {
        input: {
          allocationId: allocation.id,
          niks: storyWorkers()
            .slice(from, to)
            .map((w) => w.nik),
          idempotencyKey: key,
        },
      });
      expect(response.data.batchEnroll.enrolled).toBe(to - from);
      await readAudit.drain();
      const after = federation.statements();
      return {
        population: after.population - before.population,
        budget: after.budget - before.budget,
        membership: after.membership - before.membership,
      };
    };
    const small = await cost(1_000, 1_020, 'small-batch');
    const large = await cost(2_000, 2_200, 'large-batch');
    expect(large).toEqual(small);
  });

  it('issues new cards to workers who never had one', async () => {
    const allocation = await openAllocation(federation, 2023, 3);
    const niks = [
      composeNik('81.71.03', '1991-02-02', 'FEMALE', 501),
      composeNik('81.71.03', '1992-03-03', 'MALE', 502),
    ];
    for (const [i, nik] of niks.entries()) {
      const registered = await federation.query(
        `mutation($input: WorkerRegistration!) { registerWorker(input: $input) { nik } }`,
        {
          input: {
            nik,
            fullName: `Pekerja Baru ${i}`,
            occupation: 'Nelayan',
            villageCode: storyWorkers()[0].villageCode,
          },
        },
      );
      expect(registered.errors).toBeUndefined();
    }
    const response = await federation.query(BATCH, {
      input: { allocationId: allocation.id, niks, validFrom: '2023-04-01', idempotencyKey: 'new-cards-2023' },
    });
    expect(response.errors).toBeUndefined();
    const rows = response.data.batchEnroll.rows;
    expect(rows.map((r: { status: string }) => r.status)).toEqual(['ENROLLED', 'ENROLLED']);
    expect(rows[0].kpj).toMatch(/^3\d{10}$/);
    expect(rows[0].kpj).not.toBe(rows[1].kpj);
    const coverage = await federation.query(
      `query($nik: String!) { worker(nik: $nik) { membership { status coverage(asOf: "2023-06-01") { validFrom validUntil months } } } }`,
      { nik: niks[1] },
    );
    expect(coverage.data.worker.membership).toEqual({
      status: 'NOT_COVERED',
      coverage: { validFrom: '2023-04-01', validUntil: '2023-12-31', months: 9 },
    });
  });
});
