/**
 * Membership's upkeep, run at start-up, on an interval and on demand: finish or undo enrollments
 * a crash left half-way and report premium payments budget has not yet recorded as realised.
 * (Card statuses are derived on read, so nothing needs bringing up to date as days pass.)
 */
import { actorOf } from '../shared/actor';
import { MaintenanceContext } from '../shared/subgraph';
import { settleUnfinishedEnrollments } from './enrollment/enrollment-intents';
import { reportUnrealisedPayments } from './payments/premium-payments';

/** Long enough for a live enrollment to finish before recovery treats it as abandoned. */
export const ENROLLMENT_GRACE_MS = 60_000;

export async function maintainMembership({ db, peers, caller, log }: MaintenanceContext, options = { graceMs: ENROLLMENT_GRACE_MS }) {
  const settled = await settleUnfinishedEnrollments(db, { peers, actor: actorOf(caller) }, options);
  const realised = await reportUnrealisedPayments(db, { peers, actor: actorOf(caller) });
  if (settled.confirmed + settled.released + realised > 0) {
    log(`upkeep: ${settled.confirmed} enrollments confirmed, ${settled.released} released, ${realised} payments realised`);
  }
}
