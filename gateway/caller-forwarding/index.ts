/**
 * The sender of every subgraph fetch: it signs who is asking for that subgraph alone (see
 * caller-forwarding.ts), and publishes the public keys every subgraph verifies with.
 */
import type { Fetcher } from '@apollo/utils.fetcher';
import type { TrustConfig } from '../../contract/settings';
import type { GatewayDeps, GatewayFeature } from '../server/feature';
import { CallerForwardingDataSource } from './caller-forwarding';
import { PartnerViews } from './partner-view';

export function createCallerForwardingFeature(
  trust: TrustConfig,
  deps: Pick<GatewayDeps, 'callerKeys'>,
  fetcher?: Fetcher,
  masksPersonalData = true,
  /** The registry beside the supergraph, where a partner declares what it needs of the caller. */
  registryPath?: string,
): GatewayFeature {
  const partnerViews = new PartnerViews(
    // A gateway given its signing key may have no secret: the pseudonyms then derive from that key.
    trust.gatewaySecret || deps.callerKeys.signing.privateKeyPem,
    registryPath,
  );
  return {
    name: 'caller-forwarding',
    sendsTo: (subgraph, url) =>
      new CallerForwardingDataSource(
        subgraph,
        url,
        trust,
        deps.callerKeys.signing,
        fetcher,
        masksPersonalData,
        partnerViews,
      ),
    onSupergraphLoad: (loaded) => partnerViews.onSupergraphLoad(loaded),
    // Public keys only: every subgraph, a partner's included, verifies assertions by their `kid` here.
    publicRoutes: { '/.well-known/jwks.json': async () => deps.callerKeys.jwks() },
  };
}
