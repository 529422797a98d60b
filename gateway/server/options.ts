/**
 * What one gateway runs with, resolved once from what `startGateway` is given: an option not given
 * falls back to the process's settings (settings.ts, resolved at the process's edge and handed in
 * as `options.settings`) here and nowhere else, and every feature takes its share of the result.
 * Nothing under gateway/ reads the environment.
 */
import type { TrustConfig } from '../../contract/settings';
import { AuthConfig, LimitsConfig, ResilienceSettings, SANDBOX_ORIGIN } from './settings';
import { operationsToken } from '../../platform/operations-token';
import type { RefusalMode } from '../access-policy/refusal-filter';
import type { TrustedDocumentsMode } from '../trusted-documents/trusted-documents';
import type { GatewayOptions } from './gateway';
import { GatewayTuning, resolveTuning } from './tuning';
import type { WindowTime } from '../../platform/window-time';

export interface ResolvedGatewayOptions {
  /** Production behaviour for this gateway: no Sandbox, no suggestions, introspection to schema:read only. */
  production: boolean;
  /** Whether the process runs with NODE_ENV=production: a real caller signing key is then required, whatever `production` says. */
  productionProcess: boolean;
  projectRoot: string;
  supergraphPath: string;
  supergraphPollMs: number;
  subgraphUrls: Record<string, string>;
  resilience: ResilienceSettings;
  auth: AuthConfig;
  trust: TrustConfig;
  limits: LimitsConfig;
  refusalMode: RefusalMode;
  /** Benchmarks only: no operation limits, access policy or masking at the gateway (see GatewayOptions.security). */
  layerOff: boolean;
  tuning: GatewayTuning;
  /** Undefined when the tuning has no entity cache or its lifetime is 0. */
  entityCache?: { ttlSeconds: number; redisUrl?: string; namespace?: string };
  trustedDocuments: { mode: TrustedDocumentsMode; manifestPath: string };
  corsOrigins: string[];
  corsAllowLocalhost: boolean;
  /** Opens the operator routes (/health/subgraphs, /metrics). */
  routesToken?: string;
  processMetrics: boolean;
  /** What the circuits' windows and callers' shares are judged by; real time when not given. */
  windowTime?: WindowTime;
}

export function resolveGatewayOptions(options: GatewayOptions): ResolvedGatewayOptions {
  const config = options.settings;
  const defaults = config.gateway;
  const production = Boolean(options.production);
  const tuning = resolveTuning(options.tuning);
  const ttlSeconds = options.entityCache?.ttlSeconds ?? defaults.entityCacheTtlSeconds;
  return {
    production,
    productionProcess: config.production,
    projectRoot: config.projectRoot,
    supergraphPath: options.supergraphPath,
    supergraphPollMs: options.supergraphPollMs ?? defaults.supergraphPollMs,
    subgraphUrls: options.subgraphUrls ?? {},
    resilience: { ...defaults.resilience, ...options.resilience },
    auth: options.security?.auth ?? config.auth,
    trust: options.security?.trust ?? config.trust,
    limits: options.security?.limits ?? config.limits,
    refusalMode: options.refusalMode ?? config.refusalMode,
    layerOff: Boolean(options.security?.layerOff),
    tuning,
    entityCache:
      tuning.entityCache && ttlSeconds > 0
        ? {
            ttlSeconds,
            redisUrl: options.entityCache ? options.entityCache.redisUrl : config.redisUrl,
            namespace: options.entityCache?.namespace,
          }
        : undefined,
    trustedDocuments: {
      mode: options.trustedDocuments ?? config.trustedDocuments,
      manifestPath: options.persistedQueryManifestPath ?? defaults.persistedQueryManifestPath,
    },
    corsOrigins: [...(options.corsOrigins ?? config.corsOrigins), ...(production ? [] : [SANDBOX_ORIGIN])],
    corsAllowLocalhost: !production && (options.corsAllowLocalhost ?? config.corsAllowLocalhost),
    routesToken: operationsToken(
      options.security?.trust?.gatewaySecret ?? config.trust.gatewaySecret,
      options.security?.trust?.operationsToken ?? config.trust.operationsToken,
    ),
    processMetrics: Boolean(options.processMetrics),
    windowTime: options.windowTime,
  };
}
