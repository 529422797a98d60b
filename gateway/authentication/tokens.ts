/**
 * Development tokens, one per role, signed with the local HS256 secret: what `npm run token`
 * prints and what the tests send. Production tokens come from the identity provider instead.
 */
import { SignJWT } from 'jose';
import type { AuthConfig } from '../server/settings';
import { ROLE_NAMES, ROLES, Role } from '../../contract/scopes';

/** Rijali and Amantelu (Sirimau), so a development outreach token has something to see. */
export const DEFAULT_OUTREACH_VILLAGES = ['81.71.02.1011', '81.71.02.1012'];

export interface TokenRequest {
  role?: Role;
  subject?: string;
  villages?: string[];
  /** Extra OAuth-style scopes, beyond those of the role. */
  scopes?: string[];
  agency?: string;
  /** Seconds from now; negative for an already expired token. */
  expiresIn?: number;
  /** `iat`, in seconds from now (e.g. a token claiming to be issued next year); by default now. */
  issuedIn?: number;
  issuer?: string;
  audience?: string;
  /** Signs with another secret, e.g. to forge one. */
  secret?: string;
}

export async function mintToken(
  auth: Pick<AuthConfig, 'issuer' | 'audience' | 'hs256Secret' | 'devTokenTtlSeconds'>,
  request: TokenRequest,
): Promise<string> {
  const secret = request.secret ?? auth.hs256Secret;
  if (!secret)
    throw new Error('No HS256 secret is configured: with AUTH_JWKS_URL set, tokens come from the identity provider.');
  const role = request.role;
  const claims: Record<string, unknown> = {
    roles: role ? [role] : [],
    agency: request.agency ?? (role ? ROLES[role].agency : 'unknown'),
  };
  if (request.scopes?.length) claims.scope = request.scopes.join(' ');
  const villages = request.villages ?? (role && 'villageScoped' in ROLES[role] ? DEFAULT_OUTREACH_VILLAGES : undefined);
  if (villages) claims.villages = villages;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.subject ?? `${role ?? 'client'}@ambon.example`)
    .setIssuer(request.issuer ?? auth.issuer)
    .setAudience(request.audience ?? auth.audience)
    .setIssuedAt(
      request.issuedIn !== undefined ? now + request.issuedIn : Math.min(now, now + (request.expiresIn ?? 0)),
    )
    .setExpirationTime(now + (request.expiresIn ?? auth.devTokenTtlSeconds))
    .sign(new TextEncoder().encode(secret));
}

/** What a development gateway prints on start. */
export function developmentTokenHint(): string {
  return [
    'Development tokens (send as "Authorization: Bearer <token>"):',
    ...ROLE_NAMES.map(
      (role) =>
        `  npm run -s token -- ${role}${'villageScoped' in ROLES[role] ? ' [--villages 81.71.02.1011,81.71.02.1012]' : ''}`,
    ),
  ].join('\n');
}
