/**
 * The one way a subgraph writes: in one transaction, the change, its audit entries and (when the
 * client sent an idempotency key) the stored answer commit together or not at all.
 */
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Change, recordChanges } from './audit';
import { claimKey, requireIdempotencyKey, storeResponse } from './idempotency';
import { conflict } from './errors';

export interface WriteRequest {
  operation: string;
  actor: string;
  idempotencyKey?: string | null;
  /** What the client asked for; a retry under the same key must ask for the same. */
  input: unknown;
}

export interface WriteScope {
  tx: EntityManager;
  record(...changes: Change[]): Promise<void>;
}

export async function performWrite<T>(
  db: DataSource,
  request: WriteRequest,
  work: (scope: WriteScope) => Promise<T>,
): Promise<T> {
  const idempotencyKey = request.idempotencyKey == null ? null : requireIdempotencyKey(request.idempotencyKey);
  try {
    return await db.transaction(async (tx) => {
      if (idempotencyKey) {
        const claim = await claimKey<T>(tx, { ...request, idempotencyKey });
        if (claim.replay) return claim.response;
      }
      const result = await work({
        tx,
        record: (...changes) => recordChanges(tx, { ...request, idempotencyKey }, changes),
      });
      if (idempotencyKey) await storeResponse(tx, idempotencyKey, result);
      return result;
    });
  } catch (error) {
    throw asConflict(error);
  }
}

/**
 * Two different requests racing for the same unique thing (the same NIK, the same month's
 * payment) are told so as a CONFLICT; the loser wrote nothing.
 */
export function asConflict(error: unknown): unknown {
  const code = error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
  if (code === '23505') {
    return conflict(
      'Another request wrote the same record at the same moment; nothing was written by this one. Read the record and retry if still needed.',
      {
        reason: 'CONCURRENT_WRITE',
      },
    );
  }
  if (code === '40P01' || code === '40001') {
    return conflict('The write collided with a concurrent one and was rolled back; retry it.', {
      reason: 'CONCURRENT_WRITE',
    });
  }
  return error;
}
