import { Federation, startFederation } from './support/federation';
import { ALLOCATION_TOTALS, ENROLL, openAllocation, sql } from './support/writes';
import { settleUnfinishedEnrollments } from '../subgraphs/membership/enrollment/enrollment-intents';
import { storyWorkers } from '../domain/seed-story';

describe('an enrollment interrupted between reserving the premium and confirming it', () => {
  let federation: Federation;
  let allocationId: string;
  const recover = () =>
    settleUnfinishedEnrollments(
      federation.subgraphs.membership.database.dataSource,
      { peers: federation.subgraphs.membership.peers, actor: 'service:membership' },
      // Recovery normally waits a minute before treating an enrollment as dead; this one is known dead.
      { graceMs: 0 },
    );
  const books = async () => (await federation.query(ALLOCATION_TOTALS, { id: allocationId })).data.allocation;

  beforeAll(async () => {
    federation = await startFederation();
    // Enrolments below start with 2022: cover never starts before the day it is recorded.
    federation.clock.set('2022-01-01');
    allocationId = (await openAllocation(federation, 2022, 10)).id;
  });
  afterAll(async () => federation?.stop());

  it("releases the reservation when membership's database fails before the coverage is written", async () => {
    const worker = storyWorkers()[11];
    // Membership's database refuses every write from the coverage on, the undo included: the
    // premium stays reserved in budget with no coverage behind it, as after a database outage.
    await sql(
      federation,
      'membership',
      `CREATE FUNCTION database_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'membership database unavailable'; END $$;
       CREATE TRIGGER coverage_down BEFORE INSERT ON coverage_period FOR EACH ROW EXECUTE FUNCTION database_down();
       CREATE TRIGGER intent_down BEFORE UPDATE ON enrollment_intent FOR EACH ROW EXECUTE FUNCTION database_down();`,
    );
    const failed = await federation.query(ENROLL, {
      input: { nik: worker.nik, allocationId, idempotencyKey: 'enroll-during-outage' },
    });
    expect(failed.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    // The premium is still held in budget: nobody could tell it had no coverage.
    const held = await federation.query('query($id: ID!) { allocation(id: $id) { reserved committed } }', {
      id: allocationId,
    });
    expect(held.data.allocation).toEqual({ reserved: 16_800 * 12, committed: 0 });

    await sql(
      federation,
      'membership',
      'DROP TRIGGER coverage_down ON coverage_period; DROP TRIGGER intent_down ON enrollment_intent; DROP FUNCTION database_down();',
    );
    expect(await recover()).toEqual({ confirmed: 0, released: 1 });

    const after = await books();
    expect(after).toMatchObject({ reserved: 0, committed: 0, premiumCommitted: 0, enrolledWorkers: 0 });
    expect(await sql(federation, 'budget', `SELECT status FROM reservation WHERE status = 'PENDING'`)).toEqual([]);

    // The outreach officer retries with the same key and the worker is enrolled once.
    const retried = await federation.query(ENROLL, {
      input: { nik: worker.nik, allocationId, idempotencyKey: 'enroll-during-outage' },
    });
    expect(retried.errors).toBeUndefined();
    expect(await books()).toMatchObject({
      reserved: 0,
      committed: 16_800 * 12,
      premiumCommitted: 16_800 * 12,
      enrolledWorkers: 1,
    });
  });

  it('confirms the reservation when the coverage was written but budget could not be told', async () => {
    const worker = storyWorkers()[12];
    await sql(
      federation,
      'budget',
      `CREATE FUNCTION refuse_confirm() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'budget database unavailable'; END $$;
       CREATE TRIGGER refuse_confirm BEFORE UPDATE ON reservation FOR EACH ROW WHEN (NEW.status = 'CONFIRMED') EXECUTE FUNCTION refuse_confirm();`,
    );
    const enrolled = await federation.query(ENROLL, {
      input: { nik: worker.nik, allocationId, idempotencyKey: 'enroll-confirm-lost' },
    });
    expect(enrolled.errors).toBeUndefined();
    const before = await books();
    expect(before).toMatchObject({ reserved: 16_800 * 12, premiumCommitted: 2 * 16_800 * 12 });
    expect(before.committed).toBeLessThan(before.premiumCommitted);

    await sql(federation, 'budget', 'DROP TRIGGER refuse_confirm ON reservation; DROP FUNCTION refuse_confirm();');
    expect(await recover()).toEqual({ confirmed: 1, released: 0 });
    const after = await books();
    expect(after).toMatchObject({ reserved: 0, committed: after.premiumCommitted, enrolledWorkers: 2 });
  });
});
