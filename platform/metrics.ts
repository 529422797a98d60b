/**
 * A subgraph's Prometheus metrics (prom-client), served at `/metrics` behind the operations
 * token (see operations-token.ts). Each service keeps its own registry, labelled with its name,
 * so several services in one process (tests, benchmarks) never mix their series.
 *
 * Labels stay bounded: a root field's name (from the schema), a SQL statement's verb, an error
 * code, an upkeep result. Never a query text, a variable or anything about a person.
 */
import './no-telemetry';
import { ApolloServerPlugin } from '@apollo/server';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds, from a millisecond to the gateway's longest mutation wait. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function serviceRegistry(service: string, processMetrics = false): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  // Process figures (CPU, memory, event-loop lag) once per process: a test hosting several services skips them.
  if (processMetrics) collectDefaultMetrics({ register: registry });
  return registry;
}

const SQL_VERBS = new Set([
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'WITH',
  'BEGIN',
  'COMMIT',
  'ROLLBACK',
  'START',
  'SAVEPOINT',
  'RELEASE',
]);

export function sqlVerb(text: string): string {
  const verb = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? '';
  return SQL_VERBS.has(verb) ? verb : 'OTHER';
}

export interface UpkeepSettled {
  [result: string]: number;
}

export class SubgraphMetrics {
  readonly requests: Counter;
  readonly errors: Counter<'code'>;
  readonly resolverSeconds: Histogram<'field'>;
  readonly sqlStatements: Counter<'statement'>;
  readonly sqlSeconds: Histogram<'statement' | 'outcome'>;
  readonly upkeepRuns: Counter<'outcome'>;
  readonly upkeepSeconds: Histogram;
  readonly upkeepSettled: Counter<'result'>;

  constructor(readonly registry: Registry) {
    const registers = [registry];
    this.requests = new Counter({
      name: 'graphql_requests_total',
      help: 'GraphQL requests received, refused ones included',
      registers,
    });
    this.errors = new Counter({
      name: 'graphql_errors_total',
      help: 'GraphQL errors answered, by extensions.code',
      labelNames: ['code'],
      registers,
    });
    this.resolverSeconds = new Histogram({
      name: 'graphql_resolver_duration_seconds',
      help: 'Time to resolve a root field (entity fetches are _entities), in seconds',
      labelNames: ['field'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.sqlStatements = new Counter({
      name: 'sql_statements_total',
      help: 'SQL statements sent, by verb',
      labelNames: ['statement'],
      registers,
    });
    this.sqlSeconds = new Histogram({
      name: 'sql_duration_seconds',
      help: 'Time from sending a SQL statement to its answer, in seconds, by verb and outcome',
      labelNames: ['statement', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.upkeepRuns = new Counter({
      name: 'upkeep_runs_total',
      help: 'Upkeep runs, by outcome (ok, failed)',
      labelNames: ['outcome'],
      registers,
    });
    this.upkeepSeconds = new Histogram({
      name: 'upkeep_duration_seconds',
      help: 'Time an upkeep run took, in seconds',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.upkeepSettled = new Counter({
      name: 'upkeep_settled_total',
      help: 'Records upkeep settled, by result (e.g. enrollments confirmed or released)',
      labelNames: ['result'],
      registers,
    });
  }

  /** Pool gauges read at scrape time from the pool itself, so they never drift. */
  observePool(pool: () => Pool | undefined, size: number): void {
    const registers = [this.registry];
    new Gauge({
      name: 'db_pool_size',
      help: 'Most connections the pool may open',
      registers,
      collect() {
        this.set(size);
      },
    });
    new Gauge({
      name: 'db_pool_connections_in_use',
      help: 'Pooled connections checked out by a request or upkeep',
      registers,
      collect() {
        const current = pool();
        this.set(current ? current.totalCount - current.idleCount : 0);
      },
    });
    new Gauge({
      name: 'db_pool_waiting',
      help: 'Requests queued for a pooled connection (pool exhausted while above 0)',
      registers,
      collect() {
        this.set(pool()?.waitingCount ?? 0);
      },
    });
  }

  /** One upkeep run, timed, with what it settled when it reports that. */
  async timeUpkeep(run: () => Promise<void | UpkeepSettled>): Promise<void> {
    const end = this.upkeepSeconds.startTimer();
    try {
      const settled = await run();
      for (const [result, count] of Object.entries(settled ?? {}))
        if (count > 0) this.upkeepSettled.inc({ result }, count);
      this.upkeepRuns.inc({ outcome: 'ok' });
    } catch (error) {
      this.upkeepRuns.inc({ outcome: 'failed' });
      throw error;
    } finally {
      end();
    }
  }

  /** Root-field resolver latency and error codes; nested fields are the loaders' and SQL's story. */
  plugin(): ApolloServerPlugin {
    const metrics = this;
    return {
      async requestDidStart() {
        metrics.requests.inc();
        return {
          async didEncounterErrors({ errors }) {
            for (const error of errors) {
              const code =
                error.extensions?.code ??
                (error.originalError as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;
              metrics.errors.inc({ code: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR' });
            }
          },
          async executionDidStart() {
            return {
              willResolveField({ info }) {
                if (info.path.prev !== undefined) return;
                const end = metrics.resolverSeconds.startTimer({ field: `${info.parentType.name}.${info.fieldName}` });
                return () => void end();
              },
            };
          },
        };
      },
    };
  }
}
