/**
 * Membership's upkeep, run at start-up, on an interval and on demand: finish or undo enrollments
 * a crash left half-way.
 * (Card statuses are derived on read, so nothing needs bringing up to date as days pass.)
 */
import { actorOf } from '../../contract/actor';
import { MaintenanceContext } from '../kit/subgraph';
import { settleUnfinishedEnrollments } from './enrollment/enrollment-intents';

/**
 * Long enough for a live enrollment to finish before recovery treats it as abandoned (the
 * ENROLLMENT_GRACE_MS setting); one whose process died is released sooner (intent-owners.ts).
 */
export async function maintainMembership(
  { db, peers, caller, log, settings }: MaintenanceContext,
  options = { graceMs: settings.enrollmentGraceMs },
) {
  const settled = await settleUnfinishedEnrollments(db, { peers, actor: actorOf(caller) }, options);
  if (settled.confirmed + settled.released > 0) {
    log(`upkeep: ${settled.confirmed} enrollments confirmed, ${settled.released} released`);
  }
  return { enrollmentsConfirmed: settled.confirmed, enrollmentsReleased: settled.released };
}
