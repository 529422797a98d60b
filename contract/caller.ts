/**
 * The verified caller, as the gateway forwards it to the subgraphs: a short-lived EdDSA (Ed25519)
 * token, addressed to one subgraph and bound to the one operation it travels with (a digest of its
 * query and variables), so that a token copied from the gateway's traffic cannot carry another
 * query. A subgraph answers nothing else, so reaching its port directly yields only an error.
 *
 * Signing and verifying use different keys (caller-keys.ts): the gateway signs with its private
 * Ed25519 key and publishes the public halves as a JWKS; every subgraph, a partner's above all,
 * verifies by `kid` with public keys alone, which verify an assertion but cannot make one.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createDecoder, createSigner, createVerifier } from 'fast-jwt';
import { CallerKeys, CallerSigningKey, derivedSigningKey } from './caller-keys';

/** Where callers of this module have always found it; the pair is derived beside the other keys. */
export { callerKeyPair } from './caller-keys';
import { unauthenticated } from '../platform/errors';
import { Scope } from './scopes';

/** The header carrying the gateway's assertion of who is asking. */
export const CALLER_HEADER = 'x-caller-assertion';
const ISSUER = 'ambon-coverage-gateway';

export interface CallerClaims {
  /** The person or system account, from the client token's `sub`. */
  subject: string;
  agency: string;
  roles: string[];
  scopes: string[];
  /** Village codes the caller is limited to; ignored with the all-villages scope. */
  villages: string[];
  /** The client's operation name, for the read audit. */
  operationName: string | null;
  /** One id per client operation, shared by every subgraph request it causes. */
  requestId: string;
  /**
   * The signer masks personal data itself before any of it reaches a person: our gateway at its
   * edge, a subgraph calling a peer for its own use. Only to such a signer does a subgraph hand
   * out an entity key that is personal data (a NIK) in clear, so that it can join by it
   * (subgraphs/kit/owner-masking.ts); any other gets the key masked like every marked field.
   */
  masksPersonalData?: boolean;
}

/** The subject the gateway forwards for a request without a token. */
export const ANONYMOUS_SUBJECT = 'anonymous';

export class Caller {
  readonly scopes: ReadonlySet<string>;
  private readonly villages: ReadonlySet<string>;

  constructor(readonly claims: CallerClaims) {
    this.scopes = new Set(claims.scopes);
    this.villages = new Set(claims.villages);
  }

  /**
   * A subgraph's own identity for upkeep no client asked for (settling an enrollment a failure
   * left half-done): it reads and settles records across all villages, and sees no more than that.
   */
  static service(subgraph: string): Caller {
    return new Caller({
      subject: `service:${subgraph}`,
      agency: `${subgraph} subgraph`,
      roles: ['service'],
      scopes: [
        Scope.WORKERS_READ,
        Scope.ALL_VILLAGES,
        Scope.BUDGET_READ,
        Scope.BUDGET_WRITE,
        Scope.COVERAGE_READ,
        Scope.MEMBERSHIP_WRITE,
      ],
      villages: [],
      operationName: 'upkeep',
      requestId: `upkeep-${subgraph}`,
    });
  }

  has(scope: string): boolean {
    return this.scopes.has(scope);
  }

  get anonymous(): boolean {
    return this.claims.subject === ANONYMOUS_SUBJECT;
  }

  get villageScoped(): boolean {
    return !this.scopes.has(Scope.ALL_VILLAGES);
  }

  /** Villages whose residents this caller may see; null means every village. */
  get assignedVillages(): string[] | null {
    return this.villageScoped ? [...this.villages] : null;
  }

  seesVillage(code: string): boolean {
    return !this.villageScoped || this.villages.has(code);
  }
}

/**
 * Every subgraph fetch signs one assertion and every subgraph verifies one, so both stay on
 * node:crypto's synchronous Ed25519 (fast-jwt): jose's WebCrypto path cost about 0.27 ms of CPU
 * per token, over a millisecond per federated request. Signers and verifiers are built once per key.
 */
const memo = <T>(build: (...key: string[]) => T) => {
  const built = new Map<string, T>();
  return (...key: string[]) => {
    const id = key.join('\u0000');
    let value = built.get(id);
    if (!value) built.set(id, (value = build(...key)));
    return value;
  };
};
const signerFor = memo((privateKeyPem: string, kid: string) =>
  createSigner({ key: privateKeyPem, kid, algorithm: 'EdDSA', noTimestamp: false }),
);
const decodeHeader = createDecoder({ complete: true });
// Only EdDSA is accepted: an HS256 token "signed" with the public key as its secret is refused.
const verifierFor = memo((publicKey: string, audience: string) =>
  createVerifier({
    key: publicKey,
    algorithms: ['EdDSA'],
    allowedIss: ISSUER,
    allowedAud: audience,
    requiredClaims: ['exp', 'sub', 'iss', 'aud', 'jti'],
  }),
);

/** What binds an assertion to its operation; both sides compute it from what travels over HTTP. */
export function operationDigest(query: unknown, variables: unknown): string {
  return createHash('sha256')
    .update(`${typeof query === 'string' ? query : ''}\n${JSON.stringify(variables ?? {})}`)
    .digest('base64url');
}

/** `signer`: the signing key, or (development) the gateway secret it derives from. */
export async function signCaller(
  claims: CallerClaims,
  audience: string,
  signer: string | CallerSigningKey,
  ttlSeconds: number,
  digest: string,
): Promise<string> {
  const { subject, ...rest } = claims;
  const key = typeof signer === 'string' ? derivedSigningKey(signer) : signer;
  // `jti` makes every assertion unique, so a subgraph can accept each one once (see ReplayGuard).
  return signerFor(
    key.privateKeyPem,
    key.kid,
  )({
    ...rest,
    digest,
    jti: randomUUID(),
    sub: subject,
    iss: ISSUER,
    aud: audience,
    exp: Math.floor(Date.now() / 1000) + ttlSeconds,
  });
}

/**
 * Remembers the assertions a subgraph has accepted until they expire: a captured one sent again
 * unchanged (the same query, the same variables) is refused. `firstUse` answers false for an id
 * seen before. See replay-guard.ts for the in-process and the shared (Redis) memory.
 */
export interface ReplayGuard {
  firstUse(id: string, expiresAtMs: number): boolean | Promise<boolean>;
}

/**
 * Refuses, with UNAUTHENTICATED, anything the gateway did not sign for this subgraph. `keys`: the
 * trusted public keys by `kid` (caller-keys.ts), or one public key's PEM.
 */
export async function verifyCaller(
  token: string | undefined,
  audience: string,
  keys: string | CallerKeys,
  digest: string,
  replays?: ReplayGuard,
): Promise<Caller> {
  if (!token)
    throw unauthenticated('This service answers only requests forwarded by the gateway.', { http: { status: 401 } });
  let payload: Record<string, unknown> & { sub: string; jti: string; exp: number };
  try {
    const publicKey = typeof keys === 'string' ? keys : await keys.publicKeyFor(decodeHeader(token).header.kid);
    if (!publicKey) throw new Error('no trusted key has this kid');
    payload = verifierFor(publicKey, audience)(token) as typeof payload;
    if (payload.digest !== digest) throw new Error('the assertion was signed for another operation');
  } catch {
    throw unauthenticated(
      'The caller assertion is not signed by the gateway, is addressed elsewhere or to another operation, or has expired.',
      {
        http: { status: 401 },
      },
    );
  }
  if (replays && !(await replays.firstUse(`${audience}:${payload.jti}`, payload.exp * 1000))) {
    throw unauthenticated('The caller assertion was already used: each one is good for a single request.', {
      reason: 'replayed',
      http: { status: 401 },
    });
  }
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  return new Caller({
    subject: payload.sub,
    agency: typeof payload.agency === 'string' ? payload.agency : '',
    roles: strings(payload.roles),
    scopes: strings(payload.scopes),
    villages: strings(payload.villages),
    operationName: typeof payload.operationName === 'string' ? payload.operationName : null,
    requestId: typeof payload.requestId === 'string' ? payload.requestId : '',
    ...(payload.masksPersonalData === true ? { masksPersonalData: true } : {}),
  });
}
