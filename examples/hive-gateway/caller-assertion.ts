/**
 * A Hive Gateway plugin that speaks the subgraphs' trust contract (docs/partners.md, "Running
 * another gateway in front of the subgraphs"): every request it sends to a subgraph carries
 * `x-caller-assertion`, an Ed25519 token addressed to that subgraph and bound to the exact query
 * and variables sent, signed with the key pair derived from GATEWAY_SUBGRAPH_SECRET. Without it a
 * subgraph answers only 401, so any gateway that wants to sit in front of them needs this much.
 *
 * The subgraph's name comes from Hive's subgraph-execution hook; the digest is taken over the body
 * as it leaves (onFetch), so it covers what the subgraph will read, batching and de-duplication
 * included.
 */
import { randomUUID } from 'node:crypto';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { ANONYMOUS_SUBJECT, CALLER_HEADER, CallerClaims, operationDigest, signCaller } from '../../contract/caller';
import type { CallerSigningKey } from '../../contract/caller-keys';

/** Who is asking, as the gateway's own authentication established it; null for no token. */
export interface CallerIdentity {
  subject: string;
  agency: string;
  roles: string[];
  scopes: string[];
  villages: string[];
}

export interface CallerAssertionOptions {
  /** The assertion signing key (CALLER_SIGNING_KEY), or in development GATEWAY_SUBGRAPH_SECRET, from which one derives. */
  signer: string | CallerSigningKey;
  /** Lifetime of each assertion; a subgraph accepts each one once, so seconds are enough. */
  ttlSeconds?: number;
  /** The client request's caller; a thrown error (e.g. a bad token) refuses the request. */
  identify(request: Request): Promise<CallerIdentity | null>;
}

const ANONYMOUS: CallerIdentity = { subject: ANONYMOUS_SUBJECT, agency: '', roles: [], scopes: [], villages: [] };

export function useCallerAssertion(options: CallerAssertionOptions): GatewayPlugin {
  const ttl = options.ttlSeconds ?? 60;
  // One identity per client request, however many subgraph fetches its plan makes.
  const callers = new WeakMap<object, Promise<Omit<CallerClaims, 'operationName'>>>();
  const subgraphOf = new WeakMap<object, string>();
  const callerOf = (context: { request?: Request }) => {
    let caller = callers.get(context);
    if (!caller) {
      caller = (context.request ? options.identify(context.request) : Promise.resolve(null)).then((identity) => ({
        ...(identity ?? ANONYMOUS),
        requestId: randomUUID(),
      }));
      callers.set(context, caller);
    }
    return caller;
  };
  return {
    onContextBuilding({ context }) {
      // Refuses a bad token before any planning, as our own gateway does.
      return callerOf(context as { request?: Request }).then(() => undefined);
    },
    onSubgraphExecute({ subgraphName, executionRequest }) {
      subgraphOf.set(executionRequest, subgraphName);
    },
    async onFetch({ executionRequest, options: init, setOptions }) {
      const subgraph = executionRequest && subgraphOf.get(executionRequest);
      if (!subgraph || !executionRequest?.context) return;
      const body = JSON.parse(String(init.body ?? '{}')) as {
        query?: string;
        variables?: unknown;
        operationName?: string;
      };
      const claims: CallerClaims = {
        ...(await callerOf(executionRequest.context as { request?: Request })),
        operationName: executionRequest.context.params?.operationName ?? null,
      };
      const assertion = await signCaller(
        claims,
        subgraph,
        options.signer,
        ttl,
        operationDigest(body.query, body.variables),
      );
      setOptions({ ...init, headers: { ...(init.headers as Record<string, string>), [CALLER_HEADER]: assertion } });
    },
  };
}
