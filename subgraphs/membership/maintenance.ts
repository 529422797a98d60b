/**
 * Membership's upkeep, run at start-up, on an interval and on demand: finish or undo enrollments
 * a crash left half-way.
 * (Card statuses are derived on read, so nothing needs bringing up to date as days pass.)
 */
import { actorOf } from '../shared/actor';
import { MaintenanceContext } from '../shared/subgraph';
import { settleUnfinishedEnrollments } from './enrollment/enrollment-intents';

/** Long enough for a live enrollment to finish before recovery treats it as abandoned. */
export const ENROLLMENT_GRACE_MS = 60_000;

export async function maintainMembership({ db, peers, caller, log }: MaintenanceContext, options = { graceMs: ENROLLMENT_GRACE_MS }) {
  const settled = await settleUnfinishedEnrollments(db, { peers, actor: actorOf(caller) }, options);
  if (settled.confirmed + settled.released > 0) {
    log(`upkeep: ${settled.confirmed} enrollments confirmed, ${settled.released} released`);
  }
}
