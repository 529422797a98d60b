/**
 * Who is calling the gateway: a JSON Web Token in `Authorization: Bearer ...`, verified with
 * jose against the identity provider's JWKS (production) or a shared HS256 secret (local
 * runs). Expiry, audience and issuer are always checked. No header means an anonymous caller,
 * who may reach nothing the schema protects; a header that fails verification is refused outright.
 */
import { createRemoteJWKSet, JWTPayload, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import type { AuthConfig } from '../server/settings';
import { unauthenticated } from '../../platform/errors';
import { RoleDefinition, ROLES, scopesOfRoles } from '../../contract/scopes';

export interface Identity {
  subject: string;
  agency: string;
  roles: string[];
  scopes: string[];
  villages: string[];
}

export type Authenticator = (authorization: string | undefined) => Promise<Identity | null>;

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/**
 * Roles grant their scopes, and those configured for them (ROLE_SCOPE_GRANTS: a partner's scopes);
 * a token may also carry OAuth-style scopes (`scope`, space separated).
 */
export function identityOf(payload: JWTPayload, grants: Record<string, string[]> = {}): Identity {
  const roles = strings(payload.roles);
  const direct = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
  return {
    subject: payload.sub!,
    // The audit names an agency for every read: the token's, else the one of its first known role.
    agency:
      typeof payload.agency === 'string'
        ? payload.agency
        : ((ROLES as Record<string, RoleDefinition>)[roles.find((r) => r in ROLES) ?? '']?.agency ?? ''),
    roles,
    scopes: [...new Set([...scopesOfRoles(roles), ...roles.flatMap((role) => grants[role] ?? []), ...direct])],
    villages: strings(payload.villages),
  };
}

function refusal(error: unknown) {
  if (error instanceof LifetimeRefused)
    return unauthenticated(error.message, { reason: error.reason, http: { status: 401 } });
  const code = (error as { code?: string }).code;
  const claim = (error as { claim?: string }).claim;
  const [reason, message] =
    code === 'ERR_JWT_EXPIRED'
      ? ['expired', 'The token has expired: sign in again.']
      : code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim === 'aud'
        ? ['audience', 'The token was issued for another service (wrong audience).']
        : code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim === 'iss'
          ? ['issuer', 'The token was issued by an identity provider this gateway does not trust.']
          : code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' || code === 'ERR_JWKS_NO_MATCHING_KEY'
            ? ['signature', 'The token signature is not valid.']
            : ['malformed', 'The token cannot be read or lacks a required claim (exp, sub).'];
  return unauthenticated(message, { reason, http: { status: 401 } });
}

class LifetimeRefused extends Error {
  constructor(
    readonly reason: 'issued-in-future' | 'lifetime',
    message: string,
  ) {
    super(message);
  }
}

/**
 * A token claiming to be issued in the future, or to live for years, is a forged or mis-issued
 * one: a stolen token must stop working within a bounded time, whatever its `exp` says.
 */
function requireSaneLifetime(payload: JWTPayload, auth: AuthConfig) {
  const now = Date.now() / 1000;
  if (payload.iat! > now + auth.clockLeewaySeconds)
    throw new LifetimeRefused('issued-in-future', 'The token claims to be issued in the future.');
  if (payload.exp! - payload.iat! > auth.maxTokenLifetimeSeconds) {
    throw new LifetimeRefused(
      'lifetime',
      `The token claims a lifetime beyond ${auth.maxTokenLifetimeSeconds} s: ask for a shorter-lived one.`,
    );
  }
}

/**
 * A client sends the same token with every request for hours, and verifying it (WebCrypto, and
 * RSA with JWKS) costs more CPU than the gateway spends on the rest of a small query. A token
 * verified once is trusted again until its expiry, but never for longer than a minute, so a key
 * withdrawn from the JWKS stops working within a minute; tokens that fail are never cached.
 */
const VERIFIED_TOKEN_LIMIT = 10_000;
const VERIFIED_TOKEN_MAX_MS = 60_000;

export function createAuthenticator(auth: AuthConfig): Authenticator {
  const options = {
    issuer: auth.issuer,
    audience: auth.audience,
    // The leeway applies to `iat` alone (requireSaneLifetime): an expired token stops at its `exp`.
    requiredClaims: ['exp', 'sub', 'iat'],
    algorithms: auth.jwksUrl ? ['RS256', 'PS256', 'ES256', 'EdDSA'] : ['HS256'],
  };
  const verify = auth.jwksUrl
    ? (
        (jwks) => (token: string) =>
          jwtVerify(token, jwks, options)
      )(createRemoteJWKSet(new URL(auth.jwksUrl)))
    : (
        (key) => (token: string) =>
          jwtVerify(token, key, options)
      )(new TextEncoder().encode(auth.hs256Secret));
  const verified = new LRUCache<string, Identity>({ max: VERIFIED_TOKEN_LIMIT });
  return async (authorization) => {
    if (!authorization) return null;
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!bearer)
      throw unauthenticated('The Authorization header must be "Bearer <token>".', {
        reason: 'malformed',
        http: { status: 401 },
      });
    const token = bearer[1];
    const known = verified.get(token);
    if (known) return known;
    try {
      const { payload } = await verify(token);
      requireSaneLifetime(payload, auth);
      const identity = identityOf(payload, auth.roleGrants);
      const untilExpiry = payload.exp! * 1000 - Date.now();
      if (untilExpiry > 0) verified.set(token, identity, { ttl: Math.min(untilExpiry, VERIFIED_TOKEN_MAX_MS) });
      return identity;
    } catch (error) {
      throw refusal(error);
    }
  };
}
