/**
 * What opens the operators' endpoints (the gateway's `/health/subgraphs`, each subgraph's
 * `/metrics`): `Authorization: Bearer <operations token>`. They describe the federation's inner
 * workings (circuit states, refused supergraphs, request and SQL counts), so they are not for
 * anyone who can reach a port. The token is OPERATIONS_TOKEN when configured, else derived from
 * the gateway<->subgraph secret, so every service of one deployment agrees without another setting.
 * Liveness and readiness probes stay open: they say only "up" or "not yet".
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

/** Undefined for a verify-only service (a partner holding only the caller public key) without OPERATIONS_TOKEN: its endpoints stay shut. */
export function operationsToken(gatewaySecret: string | undefined, configured?: string): string | undefined {
  if (configured) return configured;
  return gatewaySecret
    ? createHmac('sha256', gatewaySecret).update('operations endpoints').digest('base64url')
    : undefined;
}

export function presentsToken(request: http.IncomingMessage, token: string): boolean {
  const header = request.headers.authorization;
  const presented = Buffer.from(
    /^Bearer\s+(\S+)\s*$/i.exec(Array.isArray(header) ? header[0] : (header ?? ''))?.[1] ?? '',
  );
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
