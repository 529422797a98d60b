/**
 * Idempotency keys: a client that may retry a write sends a key; the first request holding the
 * key does the work and its answer is stored under the key in the same transaction; any later
 * request with the key gets that answer back and changes nothing. The same key sent with a
 * different request (or for another operation) is a CONFLICT, never a silent replay.
 */
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { badInput, conflict } from './errors';

export interface KeyedRequest {
  operation: string;
  idempotencyKey: string;
  /** Everything that defines the request: a retry must send the same. */
  input: unknown;
  actor: string;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

export function fingerprint(operation: string, input: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([operation, canonical(input)]))
    .digest('hex');
}

export function requireIdempotencyKey(key: string): string {
  if (typeof key !== 'string' || key.trim().length === 0 || key.length > 200) {
    throw badInput('An idempotency key is a non-empty string of at most 200 characters.', {
      argument: 'idempotencyKey',
    });
  }
  return key;
}

interface StoredRow {
  operation: string;
  fingerprint: string;
  actor: string;
  response: unknown;
}

function replay<T>(request: KeyedRequest, row: StoredRow): T {
  // A stored answer is its author's: anyone else sending the key learns nothing of it, not even
  // which operation it was (the answer could name a record the sender may not see).
  if (row.actor !== request.actor) {
    throw conflict(
      `The idempotency key "${request.idempotencyKey}" is already in use; use a new key for a new request.`,
      {
        reason: 'IDEMPOTENCY_KEY_REUSED',
        idempotencyKey: request.idempotencyKey,
      },
    );
  }
  if (row.operation !== request.operation || row.fingerprint !== fingerprint(request.operation, request.input)) {
    throw conflict(
      `The idempotency key "${request.idempotencyKey}" was already used for a different request (${row.operation}); use a new key for a new request.`,
      { reason: 'IDEMPOTENCY_KEY_REUSED', idempotencyKey: request.idempotencyKey },
    );
  }
  return row.response as T;
}

export type Claim<T> = { replay: true; response: T } | { replay: false };

/**
 * Inside the caller's transaction: takes the key, or returns the answer stored under it. A
 * concurrent request with the same key waits on the key's row until the first one commits
 * (then replays its answer) or rolls back (then takes the key itself).
 */
export async function claimKey<T>(tx: EntityManager, request: KeyedRequest): Promise<Claim<T>> {
  const inserted: unknown[] = await tx.query(
    `INSERT INTO idempotency_key (key, operation, fingerprint, actor) VALUES ($1, $2, $3, $4)
     ON CONFLICT (key) DO NOTHING RETURNING key`,
    [request.idempotencyKey, request.operation, fingerprint(request.operation, request.input), request.actor],
  );
  if (inserted.length > 0) return { replay: false };
  const [row]: StoredRow[] = await tx.query(
    'SELECT operation, fingerprint, actor, response FROM idempotency_key WHERE key = $1',
    [request.idempotencyKey],
  );
  return { replay: true, response: replay<T>(request, row) };
}

export async function storeResponse(tx: EntityManager, key: string, response: unknown): Promise<void> {
  await tx.query('UPDATE idempotency_key SET response = $2 WHERE key = $1', [key, JSON.stringify(response ?? null)]);
}

/** Outside any transaction: the stored answer for a finished request, or undefined. */
export async function storedResponse<T>(db: DataSource, request: KeyedRequest): Promise<{ response: T } | undefined> {
  const [row]: StoredRow[] = await db.query(
    'SELECT operation, fingerprint, actor, response FROM idempotency_key WHERE key = $1 AND response IS NOT NULL',
    [request.idempotencyKey],
  );
  return row ? { response: replay<T>(request, row) } : undefined;
}

/**
 * A keyed write that failed because its own effect is already there (a concurrent request with
 * the same key finished first, so this one found the worker covered or the month paid) owes its
 * client the first answer, not the refusal: look the stored answer up again. Any other failure,
 * or a key whose first request has not answered, is rethrown as it was. Only checks made outside
 * the write's transaction need it: inside, claimKey waits on the first request's key and replays.
 */
export async function firstAnswerOr<T>(db: DataSource, request: KeyedRequest, error: unknown): Promise<T> {
  const done = await storedResponse<T>(db, request).catch((lookup) => {
    if (isKeyReused(lookup)) throw lookup;
    return undefined;
  });
  if (done) return done.response;
  throw error;
}

const isKeyReused = (error: unknown) =>
  (error as { extensions?: { reason?: string } })?.extensions?.reason === 'IDEMPOTENCY_KEY_REUSED';
