/**
 * THE list of the gateway's features. One order serves both folds (feature.ts):
 * - plugins: within each Apollo hook, a feature's plugins run before those of every later one;
 * - data-source wrappers: a feature's wrapper is around those of every later one (the first
 *   listed is outermost), and the one sender (caller-forwarding) is inside them all.
 * test/gateway-feature-order.test.ts pins the order and says why it matters where it does.
 *
 * A new feature: a folder gateway/<feature>/ whose index.ts exports one factory, and one line here.
 */
import path from 'node:path';
import { createAccessPolicyFeature } from '../access-policy';
import { createAuthenticationFeature } from '../authentication';
import { createBrowserPagesFeature } from '../browser-pages';
import { createCacheHintsFeature } from '../cache-hints';
import { createCallerForwardingFeature } from '../caller-forwarding';
import { createDeferRefusalFeature } from '../defer-refusal';
import { createDocumentLimitsFeature } from '../document-limits';
import { createEntityCacheFeature } from '../entity-cache';
import { createOperationLimitsFeature } from '../limits';
import { createMaskingFeature } from '../masking';
import { createMetricsFeature } from '../metrics';
import { createPartnerAuditFeature } from '../partner-audit';
import { createRequestLoggingFeature } from '../request-logging';
import { createResilienceFeature } from '../resilience';
import { createSandboxFeature } from '../sandbox';
import { explorerDefaults } from '../sandbox/sandbox';
import { createTransportFeature } from '../transport';
import { createTrustedDocumentsFeature } from '../trusted-documents';
import type { GatewayDeps, GatewayFeature } from './feature';
import type { ResolvedGatewayOptions } from './options';

export async function createGatewayFeatures(
  settings: ResolvedGatewayOptions,
  deps: GatewayDeps,
): Promise<GatewayFeature[]> {
  const { production, limits, trust } = settings;
  // What Sandbox and the explorer open with, made once at start for both pages.
  const explorer = await explorerDefaults(production, settings.auth, settings.projectRoot);
  const transport = createTransportFeature(settings.tuning);
  // Benchmarks only (layerOff): what the gateway's own checks cost, measured by leaving them out.
  const checks = settings.layerOff
    ? []
    : [
        createDocumentLimitsFeature(limits, production),
        createAccessPolicyFeature(settings.refusalMode),
        createOperationLimitsFeature(limits, settings.windowTime),
        createMaskingFeature(),
      ];
  return [
    createAuthenticationFeature(settings.auth),
    createTrustedDocumentsFeature(
      { ...settings.trustedDocuments, pollMs: settings.supergraphPollMs, maxTokens: limits.maxTokens },
      deps.logger,
    ),
    transport,
    createSandboxFeature(production, explorer),
    ...checks,
    createEntityCacheFeature(settings.entityCache, deps),
    createPartnerAuditFeature(
      { callerTokenTtlSeconds: trust.callerTokenTtlSeconds, timeoutMs: settings.resilience.timeoutMs },
      deps,
    ),
    createMetricsFeature(deps.metrics),
    createRequestLoggingFeature(deps),
    createCacheHintsFeature(),
    createDeferRefusalFeature(),
    createResilienceFeature(settings.resilience, trust.callerTokenTtlSeconds, deps, settings.windowTime),
    createBrowserPagesFeature(production, explorer, settings.projectRoot),
    // Only a gateway that masks at its edge says so in the assertion (the subgraphs then hand it NIKs in clear for joining).
    createCallerForwardingFeature(
      trust,
      deps,
      transport.fetcher,
      !settings.layerOff,
      path.join(path.dirname(settings.supergraphPath), 'subgraphs.json'),
    ),
  ];
}
