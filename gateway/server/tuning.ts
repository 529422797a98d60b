/**
 * The gateway's performance settings, kept apart from its wiring so each one can be switched
 * off and measured: `npm run bench` runs the same load against `@apollo/gateway` as it ships
 * ("default") and against this project's configuration ("tuned"), side by side.
 */
import '../../platform/no-telemetry';
import { GatewayConfig, GraphQLDataSource, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { deduplicatingDataSource } from '../transport/deduplicate-representations';
import { keepAliveFetcher } from '../transport/subgraph-fetcher';

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
  default: { keepAlive: false, maxSocketsPerSubgraph: Infinity, deduplicateRepresentations: false, queryPlanCacheMiB: 30, reportingOff: false, cacheControlOff: false },
  /** Only the keep-alive fetcher, to measure what it alone is worth. */
  'keep-alive': { keepAlive: true, maxSocketsPerSubgraph: Infinity, deduplicateRepresentations: false, queryPlanCacheMiB: 30, reportingOff: false, cacheControlOff: false },
  /** This project's configuration: the default of `startGateway`. */
  tuned: { keepAlive: true, maxSocketsPerSubgraph: Infinity, deduplicateRepresentations: true, queryPlanCacheMiB: 64, reportingOff: true, cacheControlOff: true, entityCache: true },
} satisfies Record<string, GatewayTuning>;

export type TuningName = keyof typeof TUNINGS;

export function resolveTuning(tuning: TuningName | GatewayTuning = 'tuned'): GatewayTuning {
  return typeof tuning === 'string' ? TUNINGS[tuning] : tuning;
}

/** What one gateway instance needs from its tuning; `close` releases the pooled sockets. */
export interface AppliedTuning {
  /**
   * The data source the gateway uses for a subgraph: `source` (any RemoteGraphQLDataSource,
   * subclasses included) on the tuned fetcher, inside `protect` (timeouts, retries, breaker),
   * with representations de-duplicated outermost.
   */
  service(source: GraphQLDataSource, protect: (source: GraphQLDataSource) => GraphQLDataSource): GraphQLDataSource;
  /** Spread into the ApolloGateway options. */
  gateway: Pick<GatewayConfig, 'experimental_approximateQueryPlanStoreMiB'>;
  /** Added to the gateway's Apollo Server plugins. */
  plugins: ApolloServerPlugin[];
  close(): void;
}

export function applyTuning(tuning: TuningName | GatewayTuning = 'tuned'): AppliedTuning {
  const settings = resolveTuning(tuning);
  const pooled = settings.keepAlive ? keepAliveFetcher({ maxSockets: settings.maxSocketsPerSubgraph }) : undefined;
  return {
    service(source, protect) {
      if (pooled && source instanceof RemoteGraphQLDataSource) source.fetcher = pooled;
      const protectedSource = protect(source);
      return settings.deduplicateRepresentations ? deduplicatingDataSource(protectedSource) : protectedSource;
    },
    gateway: { experimental_approximateQueryPlanStoreMiB: settings.queryPlanCacheMiB },
    plugins: [
      ...(settings.reportingOff ? [ApolloServerPluginUsageReportingDisabled(), ApolloServerPluginSchemaReportingDisabled()] : []),
      ...(settings.cacheControlOff ? [ApolloServerPluginCacheControlDisabled()] : []),
    ],
    close: () => pooled?.close(),
  };
}
