/**
 * The sender of every subgraph fetch: it signs who is asking for that subgraph alone (see
 * caller-forwarding.ts), and publishes the public keys every subgraph verifies with.
 */
import type { Fetcher } from '@apollo/utils.fetcher';
import type { TrustConfig } from '../../contract/settings';
import type { GatewayDeps, GatewayFeature } from '../server/feature';
import { CallerForwardingDataSource } from './caller-forwarding';

export function createCallerForwardingFeature(
  trust: TrustConfig,
  deps: Pick<GatewayDeps, 'callerKeys'>,
  fetcher?: Fetcher,
  masksPersonalData = true,
): GatewayFeature {
  return {
    name: 'caller-forwarding',
    sendsTo: (subgraph, url) =>
      new CallerForwardingDataSource(subgraph, url, trust, deps.callerKeys.signing, fetcher, masksPersonalData),
    // Public keys only: every subgraph, a partner's included, verifies assertions by their `kid` here.
    publicRoutes: { '/.well-known/jwks.json': async () => deps.callerKeys.jwks() },
  };
}
