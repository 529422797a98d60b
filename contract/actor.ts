/**
 * Who is asking, as every audit entry and idempotency record names them: the subject of the
 * caller the gateway verified and signed (see caller.ts), never a header a client could set.
 */
import type { Caller } from './caller';

export function actorOf(caller: Caller): string {
  // Bounded so an audit row cannot be inflated by a long subject.
  return caller.claims.subject.slice(0, 200);
}
