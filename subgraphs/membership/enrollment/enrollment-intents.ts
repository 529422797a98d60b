/**
 * The enrollment protocol across two databases, and its recovery.
 *
 * 1. membership records an intent (RESERVING) before asking budget for money;
 * 2. budget holds the premium (a PENDING reservation keyed by the intent id);
 * 3. one membership transaction writes the card and coverage and marks the intent COVERED;
 * 4. budget confirms the reservation and the intent becomes CONFIRMED.
 * If step 3 never happens, the intent is moved RESERVING -> RELEASING and the money released.
 * Steps 3 and the move to RELEASING both lock the intent row and require RESERVING, so exactly
 * one of them wins: a reservation is either confirmed with its coverage or released without it.
 * `settleUnfinishedEnrollments` finishes whatever a crash left between the steps.
 */
import { DataSource } from 'typeorm';
import { updatedRows } from '../../../platform/database';
import { createLogger } from '../../../platform/logger';
import { Peers, settle } from '../peers';
import { ownerOf } from './process-owner';

/** Settling with budget fails outside any request's answer: these lines are the only trace. */
export const intentLog = createLogger('membership');

export interface IntentRequest {
  idempotencyKey: string;
  nik: string;
  allocationId: string;
  amount: number;
}

interface IntentRow {
  id: string;
  allocation_id: string;
}

/** Opens one intent per request; a key with a live intent already gets none (it is in the map as absent). */
export async function openIntents(db: DataSource, requests: IntentRequest[]): Promise<Map<string, string>> {
  const rows: { id: string; idempotency_key: string }[] = await db.query(
    `INSERT INTO enrollment_intent (idempotency_key, nik, allocation_id, amount, status, owner_instance)
     SELECT key, nik, allocation_id, amount, 'RESERVING', $5::uuid FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) AS r(key, nik, allocation_id, amount)
     ON CONFLICT (idempotency_key) WHERE status IN ('RESERVING', 'COVERED', 'CONFIRMED') DO NOTHING
     RETURNING id, idempotency_key`,
    [
      requests.map((r) => r.idempotencyKey),
      requests.map((r) => r.nik),
      requests.map((r) => r.allocationId),
      requests.map((r) => r.amount),
      ownerOf(db),
    ],
  );
  return new Map(rows.map((r) => [r.idempotency_key, r.id]));
}

function byAllocation(rows: IntentRow[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const row of rows) groups.set(row.allocation_id, [...(groups.get(row.allocation_id) ?? []), row.id]);
  return groups;
}

/** Closes intents whose reservation budget refused: nothing is held, so nothing is released. */
export async function closeRefusedIntents(db: DataSource, ids: string[]): Promise<void> {
  if (ids.length > 0)
    await db.query(
      `UPDATE enrollment_intent SET status = 'RELEASED', updated_at = now() WHERE id = ANY($1) AND status = 'RESERVING'`,
      [ids],
    );
}

/** Gives back the money of intents that did not (and now never will) become coverage. */
export async function abandonIntents(db: DataSource, peers: Peers, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const claimed = updatedRows<IntentRow>(
    await db.query(
      `UPDATE enrollment_intent SET status = 'RELEASING', updated_at = now()
     WHERE id = ANY($1) AND status IN ('RESERVING', 'RELEASING') RETURNING id, allocation_id`,
      [ids],
    ),
  );
  for (const [allocationId, keys] of byAllocation(claimed)) {
    await settle(peers, allocationId, keys, 'release');
    await db.query(
      `UPDATE enrollment_intent SET status = 'RELEASED', updated_at = now() WHERE id = ANY($1) AND status = 'RELEASING'`,
      [keys],
    );
  }
  return claimed.length;
}

/** Commits the money of intents whose coverage exists. */
export async function confirmIntents(db: DataSource, peers: Peers, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const covered: IntentRow[] = await db.query(
    `SELECT id, allocation_id FROM enrollment_intent WHERE id = ANY($1) AND status = 'COVERED'`,
    [ids],
  );
  let confirmed = 0;
  for (const [allocationId, keys] of byAllocation(covered)) {
    const holds = await settle(peers, allocationId, keys, 'confirm');
    const done = holds.filter((h) => h.status === 'CONFIRMED').map((h) => h.key);
    if (done.length !== keys.length) {
      // Only possible if someone settled budget's side by hand: worth a human's attention.
      intentLog.error(
        `reservations ${keys.filter((k) => !done.includes(k)).join(', ')} have coverage but could not be confirmed`,
      );
    }
    await db.query(
      `UPDATE enrollment_intent SET status = 'CONFIRMED', updated_at = now() WHERE id = ANY($1) AND status = 'COVERED'`,
      [done],
    );
    confirmed += done.length;
  }
  return confirmed;
}

/**
 * Recovery: confirms every intent whose coverage was written, and releases every intent still
 * without coverage after `graceMs` (long enough for a live enrollment to finish).
 */
export async function settleUnfinishedEnrollments(db: DataSource, peers: Peers, options: { graceMs: number }) {
  const covered: { id: string }[] = await db.query(`SELECT id FROM enrollment_intent WHERE status = 'COVERED'`);
  const stale: { id: string }[] = await db.query(
    `SELECT id FROM enrollment_intent
     WHERE (status = 'RESERVING' AND created_at < now() - make_interval(secs => $1)) OR status = 'RELEASING'`,
    [options.graceMs / 1000],
  );
  const confirmed = await confirmIntents(
    db,
    peers,
    covered.map((r) => r.id),
  );
  const released = await abandonIntents(
    db,
    peers,
    stale.map((r) => r.id),
  );
  return { confirmed, released };
}
