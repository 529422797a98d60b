/**
 * The partner kit: what a partner's subgraph needs to trust the gateway, in one file with two
 * dependencies (`jose`, `graphql`), for any Node GraphQL server (Apollo Server, GraphQL Yoga,
 * Mercurius...). Copy it into your service, or import it from this repository.
 *
 *   const verifier = createCallerVerifier({ audience: 'social', jwksUrl: 'https://gateway.example/.well-known/jwks.json' });
 *   // Apollo Server (standalone): the caller of every request, or a 401 before any resolver runs
 *   context: async ({ req }) => ({ caller: await verifier.verify(req.headers, req.body) }),
 *   // in a resolver
 *   caller.requireScopes('social-assistance:read');  caller.requireVillage(worker.villageCode);
 *
 * The contract it checks is in docs/partners.md ("The caller assertion"): an EdDSA JWT in the
 * `x-caller-assertion` header, signed by a key of the gateway's JWKS (by `kid`), issued by
 * `ambon-coverage-gateway`, addressed to your subgraph (`aud`), alive for seconds (`exp`), bound to
 * this request's query and variables (`digest`), and accepted once (`jti`).
 */
import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { createLocalJWKSet, createRemoteJWKSet, JSONWebKeySet, jwtVerify } from 'jose';

export const CALLER_HEADER = 'x-caller-assertion';
export const GATEWAY_ISSUER = 'ambon-coverage-gateway';
/** The scope that lifts the village limit. */
export const ALL_VILLAGES_SCOPE = 'workers:all-villages';

export interface CallerVerifierOptions {
  /** Your subgraph's name in the registry: assertions addressed to anyone else are refused. */
  audience: string;
  /** The gateway's key set, e.g. https://gateway.example/.well-known/jwks.json (fetched and cached by jose). */
  jwksUrl?: string;
  /** Or the key set itself, e.g. read from a file the operators handed you. */
  jwks?: JSONWebKeySet;
  issuer?: string;
  /** Clock difference tolerated with the gateway, in seconds. */
  clockToleranceSeconds?: number;
  /** Where accepted `jti`s are remembered until they expire; in-process by default (use a shared store for replicas). */
  replays?: ReplayStore;
}

export interface ReplayStore {
  /** False when `id` was seen before. */
  firstUse(id: string, expiresAtMs: number): boolean | Promise<boolean>;
}

/** The person or system the gateway says is asking, with the checks resolvers need. */
export class VerifiedCaller {
  constructor(
    readonly subject: string,
    readonly agency: string,
    readonly roles: readonly string[],
    readonly scopes: readonly string[],
    readonly villages: readonly string[],
    readonly operationName: string | null,
    readonly requestId: string,
  ) {}

  has(scope: string): boolean {
    return this.scopes.includes(scope);
  }

  /** `anyOf` alternatives as in `@requiresScopes`: a string is one scope, an array needs all of its scopes. */
  requireScopes(...anyOf: (string | string[])[]): void {
    if (
      !anyOf.some((alternative) =>
        (Array.isArray(alternative) ? alternative : [alternative]).every((scope) => this.has(scope)),
      )
    ) {
      throw new GraphQLError(
        `This needs the scope ${anyOf.map((a) => (Array.isArray(a) ? a.join(' and ') : a)).join(' or ')}.`,
        { extensions: { code: 'FORBIDDEN' } },
      );
    }
  }

  /** Whether the caller may see a person living in `villageCode` (a Kemendagri village code). */
  seesVillage(villageCode: string): boolean {
    return this.has(ALL_VILLAGES_SCOPE) || this.villages.includes(villageCode);
  }

  requireVillage(villageCode: string): void {
    if (!this.seesVillage(villageCode))
      throw new GraphQLError('This record lies outside the villages you are assigned to.', {
        extensions: { code: 'FORBIDDEN' },
      });
  }
}

/** SHA-256 (base64url) of the query, a newline and the JSON of the variables, exactly as they travel. */
export function operationDigest(query: unknown, variables: unknown): string {
  return createHash('sha256')
    .update(`${typeof query === 'string' ? query : ''}\n${JSON.stringify(variables ?? {})}`)
    .digest('base64url');
}

function inProcessReplays(): ReplayStore {
  const seen = new Map<string, number>();
  return {
    firstUse(id, expiresAtMs) {
      const now = Date.now();
      if (seen.size > 100_000) for (const [key, expiry] of seen) if (expiry < now) seen.delete(key);
      if ((seen.get(id) ?? 0) >= now) return false;
      seen.set(id, expiresAtMs);
      return true;
    },
  };
}

const refused = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

export function createCallerVerifier(options: CallerVerifierOptions) {
  if (!options.jwksUrl && !options.jwks)
    throw new Error('createCallerVerifier needs the gateway keys: jwksUrl or jwks');
  const keys = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : createLocalJWKSet(options.jwks!);
  const replays = options.replays ?? inProcessReplays();
  return {
    /** The verified caller of one request (`body`: its parsed JSON, `{ query, variables }`); throws UNAUTHENTICATED (HTTP 401) otherwise. */
    async verify(headers: HeaderBag, body: unknown): Promise<VerifiedCaller> {
      const raw = headers instanceof Headers ? headers.get(CALLER_HEADER) : headers[CALLER_HEADER];
      const token = Array.isArray(raw) ? raw[0] : raw;
      if (!token) throw refused('This service answers only requests forwarded by the gateway.');
      const operation = (body && typeof body === 'object' ? body : {}) as { query?: unknown; variables?: unknown };
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          algorithms: ['EdDSA'],
          issuer: options.issuer ?? GATEWAY_ISSUER,
          audience: options.audience,
          requiredClaims: ['exp', 'sub', 'jti', 'digest'],
          clockTolerance: options.clockToleranceSeconds ?? 5,
        }));
      } catch (error) {
        throw refused(`The caller assertion is not the gateway's for this service: ${(error as Error).message}`);
      }
      if (payload.digest !== operationDigest(operation.query, operation.variables))
        throw refused('The caller assertion was signed for another operation.');
      if (!(await replays.firstUse(String(payload.jti), Number(payload.exp) * 1000)))
        throw refused('The caller assertion was already used: each one is good for a single request.');
      const strings = (value: unknown) =>
        Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
      return new VerifiedCaller(
        String(payload.sub),
        typeof payload.agency === 'string' ? payload.agency : '',
        strings(payload.roles),
        strings(payload.scopes),
        strings(payload.villages),
        typeof payload.operationName === 'string' ? payload.operationName : null,
        typeof payload.requestId === 'string' ? payload.requestId : '',
      );
    },
  };
}
