/**
 * Membership's upkeep, run at start-up, on an interval and on demand: finish or undo enrollments
 * a crash left half-way, report premium payments budget has not yet recorded as realised, and
 * bring stored card statuses up to date with the months that have passed.
 */
import { DataSource } from 'typeorm';
import { actorOf } from '../shared/actor';
import { loadConfig } from '../shared/config';
import { MaintenanceContext } from '../shared/subgraph';
import { settleUnfinishedEnrollments } from './enrollment/enrollment-intents';
import { reportUnrealisedPayments } from './payments/premium-payments';
import { refreshCardStatuses } from './payments/card-status';

/**
 * Long enough for a live enrollment to finish before recovery treats it as abandoned (the
 * ENROLLMENT_GRACE_MS setting); one whose process died is released sooner (intent-owners.ts).
 */
export async function maintainMembership({ db, peers, caller, log }: MaintenanceContext, options = { graceMs: loadConfig().subgraphs.membership.enrollmentGraceMs }) {
  const settled = await settleUnfinishedEnrollments(db, { peers, actor: actorOf(caller) }, options);
  const realised = await reportUnrealisedPayments(db, { peers, actor: actorOf(caller) });
  const refreshed = await refreshCardStatuses(db as DataSource);
  if (settled.confirmed + settled.released + realised + refreshed > 0) {
    log(`upkeep: ${settled.confirmed} enrollments confirmed, ${settled.released} released, ${realised} payments realised, ${refreshed} card statuses updated`);
  }
}
