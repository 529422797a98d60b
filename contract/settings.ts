/**
 * The gateway↔subgraph trust settings: the caller-assertion keys both sides read, and the
 * entity-id key every subgraph shares. Resolved by each process's settings (the gateway's, a
 * subgraph's, the tools'), never read from the environment here.
 */
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { Environment, integer, PROJECT_ROOT, secret, SecretContext } from '../platform/settings';

export interface TrustConfig {
  /**
   * The secret the caller-assertion key pair derives from (see caller.ts): held by the gateway and
   * by subgraphs that call others on a caller's behalf. Empty in a verify-only subgraph.
   */
  gatewaySecret: string;
  /** The assertion keys' public halves (PEM, JWK or JWKS): all a subgraph needs to verify; derived from the secret when unset. */
  callerPublicKey?: string;
  /** CALLER_SIGNING_KEY: the gateway's private Ed25519 key (PEM or JWK); see caller-keys.ts. Development derives one from the secret. */
  callerSigningKey?: string;
  /** CALLER_PUBLISHED_KEYS: public keys the gateway publishes beside its signing key (the next, the previous) while keys rotate. */
  callerPublishedKeys?: string;
  /** CALLER_JWKS_URL: where a subgraph fetches the gateway's keys (`/.well-known/jwks.json` on the gateway). */
  callerJwksUrl?: string;
  /** CALLER_JWKS_FILE: a JWKS (or PEM) file a subgraph verifies with instead. */
  callerJwksFile?: string;
  /** Lifetime of the caller token the gateway forwards with each subgraph request. */
  callerTokenTtlSeconds: number;
  /** Redis shared by a subgraph's replicas to accept each caller assertion once; unset: in-process memory. */
  replayRedisUrl?: string;
  /** Opens /health/subgraphs and /metrics; unset: derived from the gateway secret (operations-token.ts). */
  operationsToken?: string;
}
export type TrustSettings = TrustConfig;

export function resolveTrustSettings(env: Environment, context: SecretContext): TrustSettings {
  // A partner's subgraph is given the public key alone, and then holds no secret that could sign.
  const callerPublicKey = env.CALLER_PUBLIC_KEY ? env.CALLER_PUBLIC_KEY.replace(/\\n/g, '\n') : undefined;
  const verifyOnly = Boolean(callerPublicKey || env.CALLER_JWKS_URL || env.CALLER_JWKS_FILE);
  return {
    gatewaySecret: verifyOnly && !env.GATEWAY_SUBGRAPH_SECRET ? '' : secret(env, 'GATEWAY_SUBGRAPH_SECRET', context),
    callerPublicKey,
    callerSigningKey: env.CALLER_SIGNING_KEY || undefined,
    callerPublishedKeys: env.CALLER_PUBLISHED_KEYS || undefined,
    callerJwksUrl: env.CALLER_JWKS_URL || undefined,
    callerJwksFile: env.CALLER_JWKS_FILE ? path.resolve(PROJECT_ROOT, env.CALLER_JWKS_FILE) : undefined,
    callerTokenTtlSeconds: integer(env, 'CALLER_TOKEN_TTL_SECONDS', 60),
    replayRedisUrl: env.CALLER_REPLAY_REDIS_URL || undefined,
    operationsToken: env.OPERATIONS_TOKEN ? secret(env, 'OPERATIONS_TOKEN', context) : undefined,
  };
}

/**
 * The key of entity ids (see entity-id.ts): ENTITY_ID_SECRET when set, so the trust secret can
 * rotate without changing every id; else derived from the gateway secret. A partner holding only
 * the caller public key has no gateway secret, so it needs ENTITY_ID_SECRET of its own (generated
 * in development). Changing it changes every id clients have cached.
 */
export function resolveEntityIdSecret(env: Environment, gatewaySecret: string, context: SecretContext): string {
  if (env.ENTITY_ID_SECRET || !gatewaySecret) return secret(env, 'ENTITY_ID_SECRET', context);
  return createHmac('sha256', gatewaySecret).update('entity ids').digest('base64url');
}
