/**
 * The gateway's performance settings, kept apart from its wiring so each one can be switched
 * off and measured: `npm run bench` runs the same load against `@apollo/gateway` as it ships
 * ("default") and against this project's configuration ("tuned"), side by side. Each setting is
 * applied by the feature it belongs to (transport/, entity-cache/) or by startGateway.
 */
import '../../platform/no-telemetry';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';

export interface GatewayTuning {
  /** Subgraph calls over node:http with a pooled keep-alive agent (instead of make-fetch-happen). */
  keepAlive: boolean;
  /** Open sockets per subgraph when `keepAlive` is on (idle ones are kept for reuse). */
  maxSocketsPerSubgraph: number;
  /** Each distinct entity representation sent once per subgraph fetch. */
  deduplicateRepresentations: boolean;
  /** Approximate size of the query plan cache; Apollo's default is 30 MiB. */
  queryPlanCacheMiB: number;
  /** Usage and schema reporting to Apollo's hosted service explicitly off (never on this path). */
  reportingOff: boolean;
  /** No per-field cache-hint bookkeeping: no @cacheControl hints exist in this graph. */
  cacheControlOff: boolean;
  /** Regions, allocations and funders served from the entity cache (entity-cache.ts) while fresh. */
  entityCache?: boolean;
}

export const TUNINGS = {
  /** `@apollo/gateway` and `@apollo/server` settings as they ship (the project's timeouts and breakers still apply). */
  default: {
    keepAlive: false,
    maxSocketsPerSubgraph: Infinity,
    deduplicateRepresentations: false,
    queryPlanCacheMiB: 30,
    reportingOff: false,
    cacheControlOff: false,
  },
  /** Only the keep-alive fetcher, to measure what it alone is worth. */
  'keep-alive': {
    keepAlive: true,
    maxSocketsPerSubgraph: Infinity,
    deduplicateRepresentations: false,
    queryPlanCacheMiB: 30,
    reportingOff: false,
    cacheControlOff: false,
  },
  /** This project's configuration: the default of `startGateway`. */
  tuned: {
    keepAlive: true,
    maxSocketsPerSubgraph: Infinity,
    deduplicateRepresentations: true,
    queryPlanCacheMiB: 64,
    reportingOff: true,
    cacheControlOff: true,
    entityCache: true,
  },
} satisfies Record<string, GatewayTuning>;

export type TuningName = keyof typeof TUNINGS;

export function resolveTuning(tuning: TuningName | GatewayTuning = 'tuned'): GatewayTuning {
  return typeof tuning === 'string' ? TUNINGS[tuning] : tuning;
}

/**
 * Apollo Server's own bookkeeping the tuning switches off. These plugins only mark a built-in as
 * off (they have no hooks), so where they sit among the features' plugins does not matter.
 */
export function serverPluginsOff(tuning: GatewayTuning): ApolloServerPlugin[] {
  return [
    ...(tuning.reportingOff
      ? [ApolloServerPluginUsageReportingDisabled(), ApolloServerPluginSchemaReportingDisabled()]
      : []),
    ...(tuning.cacheControlOff ? [ApolloServerPluginCacheControlDisabled()] : []),
  ];
}
