/**
 * The one client a subgraph uses to call another subgraph (membership asks population whether a
 * worker exists and asks budget to reserve money). Every such call goes through `request`, on
 * behalf of a caller: it carries an assertion signed like the gateway's, naming the same person,
 * scopes and villages, so the other subgraph checks and audits the person who asked, and a
 * caller can never reach more through a peer than through the gateway.
 *
 * A refusal from the other side (a coded GraphQL error such as NOT_FOUND or CONFLICT) is raised
 * here again with the same code and message, so the caller's client sees the real reason; a
 * network failure or an internal error becomes PeerUnavailable.
 */
import { Caller, CALLER_HEADER, operationDigest, signCaller } from '../../contract/caller';
import type { CallerSigningKey } from '../../contract/caller-keys';
import { SubgraphName } from '../../contract/subgraph-names';
import { DomainError, ErrorCode } from '../../platform/errors';
import { injectTrace } from '../../platform/tracing';

export class PeerUnavailable extends Error {
  constructor(
    readonly peer: SubgraphName,
    detail: string,
  ) {
    super(`The ${peer} service could not be reached: ${detail}`);
  }
}

export interface PeerCall {
  timeoutMs?: number;
}

export interface PeerTrust {
  /** The key assertions are signed with (or the development secret it derives from); none in a verify-only subgraph. */
  signer?: string | CallerSigningKey;
  ttlSeconds: number;
}

const PASSED_THROUGH = new Set<string>([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.NOT_FOUND,
  ErrorCode.CONFLICT,
  ErrorCode.FORBIDDEN,
  ErrorCode.UNAUTHENTICATED,
]);

export class PeerClient {
  constructor(
    private readonly urls: Partial<Record<SubgraphName, string>>,
    private readonly trust: PeerTrust,
    private readonly caller?: Caller,
    private readonly traceId?: string,
  ) {}

  /** The same client, calling on behalf of `caller`, within trace `traceId` (see tracing.ts). */
  onBehalfOf(caller: Caller, traceId?: string): PeerClient {
    return new PeerClient(this.urls, this.trust, caller, traceId);
  }

  async request<T>(
    peer: SubgraphName,
    query: string,
    variables: Record<string, unknown>,
    call: PeerCall = {},
  ): Promise<T> {
    const url = this.urls[peer];
    if (!url) throw new PeerUnavailable(peer, 'no URL is configured');
    if (!this.caller) throw new PeerUnavailable(peer, 'no caller to call on behalf of');
    if (!this.trust.signer)
      throw new PeerUnavailable(peer, 'this subgraph holds only the public key, so it cannot sign a call');
    // The answer is this subgraph's to use (a worker's village, a hold), not a client's to read:
    // keys come back in clear, and whatever of it this subgraph answers its own masking covers.
    const claims = { ...this.caller.claims, masksPersonalData: true };
    const assertion = await signCaller(
      claims,
      peer,
      this.trust.signer,
      this.trust.ttlSeconds,
      operationDigest(query, variables),
    );
    const headers: Record<string, string> = { 'content-type': 'application/json', [CALLER_HEADER]: assertion };
    injectTrace((name, value) => (headers[name] = value), this.traceId);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(call.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new PeerUnavailable(peer, (error as Error).message);
    }
    let body: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new PeerUnavailable(peer, `HTTP ${response.status} without a GraphQL answer`);
    }
    const refusal = body.errors?.[0];
    if (refusal) {
      const { code, ...details } = refusal.extensions ?? {};
      if (typeof code === 'string' && PASSED_THROUGH.has(code))
        throw new DomainError(code as ErrorCode, refusal.message, details);
      throw new PeerUnavailable(peer, refusal.message);
    }
    if (!body.data) throw new PeerUnavailable(peer, `HTTP ${response.status} without data`);
    return body.data;
  }
}
