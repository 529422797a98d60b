/**
 * Membership's upkeep, run at start-up, on an interval and on demand: finish or undo enrollments
 * a crash left half-way, report premium payments budget has not yet recorded as realised, and
 * bring stored card statuses up to date with the months that have passed.
 */
import { DataSource } from 'typeorm';
import { actorOf } from '../shared/actor';
import { MaintenanceContext } from '../shared/subgraph';
import { settleUnfinishedEnrollments } from './enrollment/enrollment-intents';
import { reportUnrealisedPayments } from './payments/premium-payments';
import { refreshCardStatuses } from './payments/card-status';

/** Long enough for a live enrollment to finish before recovery treats it as abandoned. */
export const ENROLLMENT_GRACE_MS = 60_000;

export async function maintainMembership({ db, peers, caller, log }: MaintenanceContext, options = { graceMs: ENROLLMENT_GRACE_MS }) {
  const settled = await settleUnfinishedEnrollments(db, { peers, actor: actorOf(caller) }, options);
  const realised = await reportUnrealisedPayments(db, { peers, actor: actorOf(caller) });
  const refreshed = await refreshCardStatuses(db as DataSource);
  if (settled.confirmed + settled.released + realised + refreshed > 0) {
    log(`upkeep: ${settled.confirmed} enrollments confirmed, ${settled.released} released, ${realised} payments realised, ${refreshed} card statuses updated`);
  }
}
