import { Federation, startFederation } from './support/federation';
import { ALLOCATION_TOTALS, ENROLL, openAllocation, sql } from './support/writes';
import { storyWorkers } from '../domain/seed-story';

describe('the budget ceiling holds when the outreach team enrolls many workers at once', () => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await startFederation();
    // Enrolments below start with 2022: cover never starts before the day it is recorded.
    federation.clock.set('2022-01-01');
  });
  afterAll(async () => federation?.stop());

  it('enrolls exactly as many workers as the allocation has room for, out of 200 concurrent requests, and refuses the rest clearly', async () => {
    const allocation = await openAllocation(federation, 2022, 100);
    const workers = storyWorkers().slice(0, 200);

    const officer = await federation.actingAs('outreach-officer');
    const responses = await Promise.all(
      workers.map((worker, i) =>
        federation.query(
          ENROLL,
          { input: { nik: worker.nik, allocationId: allocation.id, idempotencyKey: `concurrent-2022-${i}` } },
          officer,
        ),
      ),
    );

    const enrolled = responses.filter((r) => r.data?.enrollWorker);
    const refused = responses.filter((r) => r.errors);
    console.log(
      `200 concurrent enrollments against room for 100: ${enrolled.length} enrolled, ${refused.length} refused`,
    );
    expect(enrolled).toHaveLength(100);
    expect(refused).toHaveLength(100);
    for (const response of refused) {
      expect(response.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NO_ROOM' });
      expect(response.errors![0].message).toMatch(/no room/);
    }

    const totals = (await federation.query(ALLOCATION_TOTALS, { id: allocation.id })).data.allocation;
    expect(totals).toMatchObject({
      ceiling: allocation.ceiling,
      committed: allocation.ceiling,
      reserved: 0,
      available: 0,
    });
    // The insurer's own count of coverage, from its own tables, agrees with the budget office's books.
    expect(totals).toMatchObject({ premiumCommitted: allocation.ceiling, enrolledWorkers: 100 });

    const reservations = await sql(
      federation,
      'budget',
      'SELECT status, count(*)::int AS n FROM reservation WHERE allocation_id = $1 GROUP BY status',
      [allocation.id],
    );
    expect(reservations).toEqual([{ status: 'CONFIRMED', n: 100 }]);
    const intents = await sql(
      federation,
      'membership',
      'SELECT status, count(*)::int AS n FROM enrollment_intent GROUP BY status ORDER BY status',
    );
    expect(intents).toEqual([
      { status: 'CONFIRMED', n: 100 },
      { status: 'RELEASED', n: 100 },
    ]);
  });

  it('lets more workers in after the APBD-Perubahan raises the ceiling, keeping the earlier version', async () => {
    const [allocation] = (
      await federation.query('{ allocations(fiscalYear: 2022) { nodes { id ceiling committed } } }')
    ).data.allocations.nodes;
    const raised = allocation.ceiling + 20 * 16_800 * 12;
    const revision = await federation.query(
      `mutation($id: ID!, $ceiling: Rupiah!) {
        reviseAllocationCeiling(allocationId: $id, ceiling: $ceiling, legalBasis: "Perda Kota Ambon tentang Perubahan APBD 2022", idempotencyKey: "perubahan-2022") {
          ceiling version legalBasis available revisions { version ceiling legalBasis }
        }
      }`,
      { id: allocation.id, ceiling: raised },
      await federation.actingAs('kepala-bpkad'),
    );
    expect(revision.errors).toBeUndefined();
    expect(revision.data.reviseAllocationCeiling).toEqual({
      ceiling: raised,
      version: 2,
      legalBasis: 'Perda Kota Ambon tentang Perubahan APBD 2022',
      available: 20 * 16_800 * 12,
      revisions: [
        { version: 1, ceiling: allocation.ceiling, legalBasis: 'Peraturan Walikota Ambon tentang APBD 2022' },
      ],
    });

    const more = await Promise.all(
      storyWorkers()
        .slice(200, 230)
        .map((worker, i) =>
          federation.query(ENROLL, {
            input: { nik: worker.nik, allocationId: allocation.id, idempotencyKey: `after-perubahan-${i}` },
          }),
        ),
    );
    expect(more.filter((r) => r.data?.enrollWorker)).toHaveLength(20);
    expect((await federation.query(ALLOCATION_TOTALS, { id: allocation.id })).data.allocation).toMatchObject({
      committed: raised,
      premiumCommitted: raised,
      enrolledWorkers: 120,
    });

    const trail = (
      await federation.query(
        `query($id: String!) { budgetAuditTrail(entity: "allocation", entityId: $id) { nodes { actor operation oldValue newValue } } }`,
        { id: allocation.id },
      )
    ).data.budgetAuditTrail.nodes;
    const revised = trail.find((e: { operation: string }) => e.operation === 'reviseAllocationCeiling');
    expect(revised.actor).toBe('kepala-bpkad');
    expect(revised.oldValue).toMatchObject({ ceiling: allocation.ceiling, version: 1 });
    expect(revised.newValue).toMatchObject({ ceiling: raised, version: 2 });
  });
});
