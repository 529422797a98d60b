/**
 * Holding premium against a ceiling, atomically: the allocation row is locked (SELECT ... FOR
 * UPDATE) for the whole decision, so concurrent reservations queue on it and each sees the
 * totals the previous one left; the CHECK constraint on the row is the last line of defence.
 * Every operation is idempotent per reservation key, so a caller may retry any of them.
 */
import { DataSource } from 'typeorm';
import { updatedRows } from '../../../platform/database';
import { badInput, conflict } from '../../../platform/errors';
import { requireIdempotencyKey } from '../../../platform/idempotency';
import { performWrite } from '../../../platform/write';
import { serverNow } from '../../../platform/clock';
import { lockAllocation, requirePositiveRupiah } from '../allocations/allocation-ledger';
import { requireOpenFiscalYear } from '../allocations/fiscal-year';
import { Reservation, ReservationRequest } from './reservation';

interface ReservationRow {
  key: string;
  allocation_id: string;
  amount: string;
  status: Reservation['status'];
}

const toReservation = (row: ReservationRow): Reservation => ({
  key: row.key,
  allocationId: row.allocation_id,
  amount: Number(row.amount),
  status: row.status,
});

function distinctKeys(keys: string[]): string[] {
  keys.forEach(requireIdempotencyKey);
  if (new Set(keys).size !== keys.length)
    throw badInput('Each reservation key may appear once per request.', { argument: 'keys' });
  return keys;
}

/**
 * Holds each request's amount, in order, while the allocation has room; the rest come back
 * REFUSED and hold nothing. A key already known returns its reservation as it stands.
 */
export function reserveFunds(
  db: DataSource,
  actor: string,
  allocationId: string,
  requests: ReservationRequest[],
): Promise<Reservation[]> {
  distinctKeys(requests.map((r) => r.key));
  requests.forEach((r) => requirePositiveRupiah(r.amount, 'amount'));
  return performWrite(
    db,
    { operation: 'reserveFunds', actor, input: { allocationId, requests } },
    async ({ tx, record }) => {
      const allocation = await lockAllocation(tx, allocationId);
      const known: ReservationRow[] = await tx.query(
        'SELECT key, allocation_id, amount, status FROM reservation WHERE key = ANY($1)',
        [requests.map((r) => r.key)],
      );
      const byKey = new Map(known.map((row) => [row.key, row]));
      // A retry of a hold already made still gets its answer; only new money is refused.
      if (requests.some((r) => !byKey.has(r.key)))
        requireOpenFiscalYear(allocation, 'takes no new reservation: enroll against an allocation of an open year');
      let room = Number(allocation.ceiling) - Number(allocation.committed) - Number(allocation.reserved);
      const granted: ReservationRequest[] = [];
      const answer = requests.map<Reservation>((request) => {
        const existing = byKey.get(request.key);
        if (existing) {
          if (
            existing.allocation_id !== allocationId ||
            (existing.status !== 'RELEASED' && Number(existing.amount) !== request.amount)
          ) {
            throw conflict(`Reservation key "${request.key}" was used for a different hold.`, {
              reason: 'IDEMPOTENCY_KEY_REUSED',
            });
          }
          return toReservation(existing);
        }
        if (request.amount > room) return { key: request.key, allocationId, amount: request.amount, status: 'REFUSED' };
        room -= request.amount;
        granted.push(request);
        return { key: request.key, allocationId, amount: request.amount, status: 'PENDING' };
      });
      if (granted.length > 0) {
        const total = granted.reduce((sum, r) => sum + r.amount, 0);
        await tx.query(
          `INSERT INTO reservation (key, allocation_id, amount, status, purpose, created_at)
         SELECT key, $1, amount, 'PENDING', purpose, $5 FROM unnest($2::text[], $3::bigint[], $4::text[]) AS r(key, amount, purpose)`,
          [
            allocationId,
            granted.map((r) => r.key),
            granted.map((r) => r.amount),
            granted.map((r) => r.purpose),
            serverNow(),
          ],
        );
        await tx.query('UPDATE allocation SET reserved = reserved + $2 WHERE id = $1', [allocationId, total]);
        await record(
          ...granted.map((r) => ({
            entity: 'reservation',
            entityId: r.key,
            before: null,
            after: { allocationId, amount: r.amount, status: 'PENDING', purpose: r.purpose },
          })),
        );
      }
      return answer;
    },
  );
}

type Settlement = 'CONFIRMED' | 'RELEASED';

/**
 * Moves PENDING reservations to CONFIRMED (committed) or RELEASED (room given back). Keys already
 * settled are left as they are and reported; releasing a key never reserved leaves a RELEASED
 * marker of Rp 0, so a reservation that arrives late is not granted.
 */
export function settleReservations(
  db: DataSource,
  actor: string,
  allocationId: string,
  keys: string[],
  to: Settlement,
): Promise<Reservation[]> {
  distinctKeys(keys);
  const operation = to === 'CONFIRMED' ? 'confirmReservations' : 'releaseReservations';
  return performWrite(db, { operation, actor, input: { allocationId, keys } }, async ({ tx, record }) => {
    await lockAllocation(tx, allocationId);
    const settledAt = serverNow();
    const moved = updatedRows<ReservationRow>(
      await tx.query(
        `UPDATE reservation SET status = $3, settled_at = $4 WHERE allocation_id = $1 AND key = ANY($2) AND status = 'PENDING'
       RETURNING key, allocation_id, amount, status`,
        [allocationId, keys, to, settledAt],
      ),
    );
    const total = moved.reduce((sum, r) => sum + Number(r.amount), 0);
    if (total > 0) {
      const column = to === 'CONFIRMED' ? 'committed' : 'reserved';
      await tx.query(
        `UPDATE allocation SET reserved = reserved - $2${column === 'committed' ? ', committed = committed + $2' : ''} WHERE id = $1`,
        [allocationId, total],
      );
    }
    if (to === 'RELEASED') {
      await tx.query(
        `INSERT INTO reservation (key, allocation_id, amount, status, purpose, created_at, settled_at)
         SELECT key, $1, 0, 'RELEASED', 'released before it was reserved', $3, $3 FROM unnest($2::text[]) AS k(key) ON CONFLICT (key) DO NOTHING`,
        [allocationId, keys, settledAt],
      );
    }
    await record(
      ...moved.map((r) => ({
        entity: 'reservation',
        entityId: r.key,
        before: { status: 'PENDING' },
        after: { status: to, amount: Number(r.amount) },
      })),
    );
    const rows: ReservationRow[] = await tx.query(
      'SELECT key, allocation_id, amount, status FROM reservation WHERE key = ANY($1)',
      [keys],
    );
    const byKey = new Map(rows.map((row) => [row.key, row]));
    return keys.map((key) => {
      const row = byKey.get(key);
      if (!row || row.allocation_id !== allocationId)
        throw conflict(`Reservation "${key}" does not belong to allocation ${allocationId}.`, {
          reason: 'UNKNOWN_RESERVATION',
        });
      return toReservation(row);
    });
  });
}
