import { Federation, startFederation } from './support/federation';
import { ALLOCATION_TOTALS, ENROLL, openAllocation, sql } from './support/writes';
import { storyWorkers } from '../subgraphs/shared/seed-story';

describe('the budget ceiling holds when the outreach team enrolls many workers at once', () => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await startFederation();
  });
  afterAll(async () => federation?.stop());

  it('enrolls exactly as many workers as the allocation has room for, out of 200 concurrent requests, and refuses the rest clearly', async () => {
    const allocation = await openAllocation(federation, 2022, 100);
    const workers = storyWorkers().slice(0, 200);

    const responses = await Promise.all(
      workers.map((worker, i) =>
        federation.query(ENROLL, { input: { nik: worker.nik, allocationId: allocation.id, idempotencyKey: `concurrent-2022-${i}` } }, { 'x-actor': 'outreach-officer' }),
      ),
    );

    const enrolled = responses.filter((r) => r.data?.enrollWorker);
    const refused = responses.filter((r) => r.errors);
    console.log(`200 concurrent enrollments against room for 100: ${enrolled.length} enrolled, ${refused.length} refused`);
    expect(enrolled).toHaveLength(100);
    expect(refused).toHaveLength(100);
    for (const response of refused) {
      expect(response.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NO_ROOM' });
      expect(response.errors![0].message).toMatch(/no room/);
    }

    const totals = (await federation.query(ALLOCATION_TOTALS, { id: allocation.id })).data.allocation;
    expect(totals).toMatchObject({ ceiling: allocation.ceiling, committed: allocation.ceiling, reserved: 0, available: 0 });
    // The insurer's own count of coverage, from its own tables, agrees with the budget office's books.
    expect(totals).toMatchObject({ premiumCommitted: allocation.ceiling, enrolledWorkers: 100 });

    const reservations = await sql(federation, 'budget', 'SELECT status, count(*)::int AS n FROM reservation WHERE allocation_id = $1 GROUP BY status', [allocation.id]);
    expect(reservations).toEqual([{ status: 'CONFIRMED', n: 100 }]);
    const intents = await sql(federation, 'membership', 'SELECT status, count(*)::int AS n FROM enrollment_intent GROUP BY status ORDER BY status');
    expect(intents).toEqual([
      { status: 'CONFIRMED', n: 100 },
      { status: 'RELEASED', n: 100 },
    ]);
  });
});
