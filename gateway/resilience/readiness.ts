/**
 * Whether a subgraph can answer, for the circuit breaker's probe (resilience.ts). Subgraphs built
 * on this repository's bootstrap answer `/health/ready`; a partner's plain Apollo server has no
 * such route (a 404, or a 400 from a server answering GraphQL on every path), so that is followed by the smallest query there is, `{ __typename }`, sent
 * with a caller assertion like any other request the gateway makes.
 */
import { ANONYMOUS_SUBJECT, CALLER_HEADER, CallerClaims, operationDigest, signCaller } from '../../contract/caller';
import type { CallerSigningKey } from '../../contract/caller-keys';

const TIMEOUT_MS = 1_000;
const PROBE_QUERY = '{ __typename }';

export type ReadinessProbe = (subgraph: string, graphqlUrl: string) => Promise<boolean>;

export function readinessProbe(signer: CallerSigningKey, ttlSeconds = 60): ReadinessProbe {
  const prober: CallerClaims = {
    subject: ANONYMOUS_SUBJECT,
    agency: 'gateway readiness probe',
    roles: [],
    scopes: [],
    villages: [],
    operationName: null,
    requestId: 'readiness',
  };
  return async (subgraph, graphqlUrl) => {
    const route = await fetch(new URL('/health/ready', graphqlUrl), { signal: AbortSignal.timeout(TIMEOUT_MS) }).catch(
      () => undefined,
    );
    // 503 is a bootstrap subgraph saying it is not ready; anything else but 200 means it has no such route.
    if (!route || route.ok || route.status === 503) return route?.ok ?? false;
    const assertion = await signCaller(
      { ...prober, requestId: `readiness-${Date.now()}` },
      subgraph,
      signer,
      ttlSeconds,
      operationDigest(PROBE_QUERY, {}),
    );
    try {
      const answer = await fetch(graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CALLER_HEADER]: assertion },
        body: JSON.stringify({ query: PROBE_QUERY, variables: {} }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const body = (await answer.json()) as { data?: { __typename?: string } };
      return answer.ok && typeof body.data?.__typename === 'string';
    } catch {
      return false;
    }
  };
}
