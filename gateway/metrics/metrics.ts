/**
 * The gateway's Prometheus metrics, served at `/metrics` behind the operations token: request
 * rate and latency per operation, each subgraph fetch's latency and failures, errors by
 * `extensions.code`, breaker state and supergraph reloads.
 *
 * The operation label is bounded: a client's operation name counts only if it is one the
 * federation lists (schema/operations/, and the persisted-query manifest when there is one);
 * every other name, anonymous operations included, is "unknown". A client can therefore not
 * grow the series set, and no query text or variable ever becomes a label.
 */
import '../../platform/no-telemetry';
import fs from 'node:fs';
import path from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLDataSource } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { LATENCY_BUCKETS, serviceRegistry } from '../../platform/metrics';
import { errorCode } from '../../platform/request-logging';
import { readOperations } from '../../platform/graphql/operations';
import type { SubgraphHealth } from '../resilience/resilience';
import type { EntityCacheStats } from '../entity-cache/entity-cache';

/** The agreed manifest of persisted operations (Apollo's persisted query list format). */
const MANIFEST = path.join('schema', 'persisted-query-manifest.json');

/** Operation names the federation lists: the label values an operation may have besides "unknown". */
export function listedOperationNames(projectRoot: string): Set<string> {
  const names = new Set<string>();
  try {
    for (const operation of readOperations(path.join(projectRoot, 'schema', 'operations'), projectRoot))
      if (operation.name) names.add(operation.name);
  } catch {
    // A deployment without the operations folder labels every operation "unknown".
  }
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, MANIFEST), 'utf8')) as {
      operations?: { name?: string }[];
    };
    for (const operation of manifest.operations ?? []) if (operation.name) names.add(operation.name);
  } catch {
    // No manifest yet: the listed operations alone.
  }
  return names;
}

export class GatewayMetrics {
  readonly registry: Registry;
  readonly requestSeconds: Histogram<'operation' | 'type'>;
  readonly errors: Counter<'code'>;
  readonly fetchSeconds: Histogram<'subgraph'>;
  readonly fetchErrors: Counter<'subgraph' | 'code'>;
  readonly supergraphReloads: Counter<'outcome'>;

  constructor(
    private readonly listed: ReadonlySet<string>,
    processMetrics = false,
  ) {
    this.registry = serviceRegistry('gateway', processMetrics);
    const registers = [this.registry];
    this.requestSeconds = new Histogram({
      name: 'gateway_request_duration_seconds',
      help: 'Time from receiving a GraphQL operation to its answer, in seconds, by listed operation name',
      labelNames: ['operation', 'type'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: 'gateway_errors_total',
      help: 'Errors in answers, by extensions.code',
      labelNames: ['code'],
      registers,
    });
    this.fetchSeconds = new Histogram({
      name: 'gateway_subgraph_fetch_duration_seconds',
      help: 'Time a subgraph fetch took, retries and breaker included, in seconds',
      labelNames: ['subgraph'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.fetchErrors = new Counter({
      name: 'gateway_subgraph_fetch_errors_total',
      help: 'Subgraph fetches answered with errors, by subgraph and the first error code',
      labelNames: ['subgraph', 'code'],
      registers,
    });
    this.supergraphReloads = new Counter({
      name: 'gateway_supergraph_reloads_total',
      help: 'Supergraph files loaded after start (outcome=loaded) or refused (outcome=refused)',
      labelNames: ['outcome'],
      registers,
    });
  }

  operationLabel = (name: string | null | undefined): string => (name && this.listed.has(name) ? name : 'unknown');

  /** Breaker state per subgraph, read from the breakers at scrape time: 1 for the state it is in. */
  observeBreakers(health: () => Record<string, SubgraphHealth>): void {
    new Gauge({
      name: 'gateway_breaker_state',
      help: 'Circuit breaker state per subgraph: 1 on the current state (closed, halfOpen, open)',
      labelNames: ['subgraph', 'state'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [subgraph, { circuit }] of Object.entries(health())) {
          for (const state of ['closed', 'halfOpen', 'open']) this.set({ subgraph, state }, state === circuit ? 1 : 0);
        }
      },
    });
  }

  /**
   * The entity cache's counters (entity-cache.ts keeps them per process), read at scrape time:
   * hits and misses per entity, fetches not sent, and writes that invalidated entries.
   */
  observeEntityCache(stats: () => EntityCacheStats): void {
    const series: [keyof EntityCacheStats, string, string][] = [
      ['hits', 'gateway_entity_cache_hits_total', 'Entities answered from the entity cache'],
      [
        'misses',
        'gateway_entity_cache_misses_total',
        'Cacheable entities fetched from their subgraph because no fresh entry existed',
      ],
      [
        'fetchesSaved',
        'gateway_entity_cache_fetches_saved_total',
        'Subgraph fetches not sent, every entity being a hit',
      ],
      [
        'invalidations',
        'gateway_entity_cache_invalidations_total',
        'Writes that invalidated cached entries (through this gateway or announced by an owner)',
      ],
      [
        'storeErrors',
        'gateway_entity_cache_store_errors_total',
        'Redis commands of the entity cache that failed (entries not stored, invalidations not subscribed)',
      ],
    ];
    for (const [key, name, help] of series) {
      let reported = 0;
      new Counter({
        name,
        help,
        registers: [this.registry],
        collect() {
          const now = stats()[key];
          if (now > reported) this.inc(now - reported);
          reported = now;
        },
      });
    }
  }

  /** A subgraph's data source, timed: the outermost wrapper, so retries and an open breaker count. */
  timeFetches(name: string, source: GraphQLDataSource): GraphQLDataSource {
    return {
      process: async (options) => {
        if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION) return source.process(options);
        const end = this.fetchSeconds.startTimer({ subgraph: name });
        try {
          const response = await source.process(options);
          const first = response.errors?.[0];
          if (first)
            this.fetchErrors.inc({
              subgraph: name,
              code: typeof first.extensions?.code === 'string' ? first.extensions.code : 'UNKNOWN',
            });
          return response;
        } catch (error) {
          this.fetchErrors.inc({ subgraph: name, code: 'FETCH_FAILED' });
          throw error;
        } finally {
          end();
        }
      },
    };
  }

  plugin<TContext extends object>(): ApolloServerPlugin<TContext> {
    const metrics = this;
    return {
      async requestDidStart() {
        const end = metrics.requestSeconds.startTimer();
        let type = 'unknown';
        return {
          async didResolveOperation({ operation }) {
            type = operation?.operation ?? 'unknown';
          },
          async didEncounterErrors({ errors }) {
            for (const error of errors) metrics.errors.inc({ code: errorCode(error) });
          },
          async willSendResponse({ operationName }) {
            end({ operation: metrics.operationLabel(operationName), type });
          },
        };
      },
    };
  }
}
