/**
 * Who is asking: the one place a request's actor is decided, so every audit entry and every
 * call to another subgraph names the same person. Today the gateway forwards the caller's
 * `x-actor` header; when authentication arrives only this function changes.
 */
import type { IncomingHttpHeaders } from 'node:http';

export const ACTOR_HEADER = 'x-actor';
export const ANONYMOUS = 'anonymous';

export function actorOf(headers: IncomingHttpHeaders): string {
  const value = headers[ACTOR_HEADER];
  const actor = (Array.isArray(value) ? value[0] : value)?.trim();
  // Bounded so an audit row cannot be inflated by a header.
  return actor ? actor.slice(0, 200) : ANONYMOUS;
}

/** Headers that carry the actor onward when one subgraph calls another. */
export function actorHeaders(actor: string): Record<string, string> {
  return { [ACTOR_HEADER]: actor };
}
