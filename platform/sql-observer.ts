/**
 * Times every SQL statement a subgraph's pool sends, for the `sql_duration_seconds` histogram
 * and, when tracing is on, a span per statement. It wraps each pooled client's `query` once,
 * at its first checkout, so typeorm's queries and the prepared reads beside it are all seen.
 */
import type { Pool, PoolClient } from 'pg';
import { SpanStatusCode } from '@opentelemetry/api';
import { SubgraphMetrics, sqlVerb } from './metrics';
import { startSqlSpan } from './tracing';

const OBSERVED = Symbol('sql observed');

type Query = (...args: unknown[]) => unknown;

export function observePool(pool: Pool, service: string, metrics: SubgraphMetrics): void {
  pool.on('acquire', (client: PoolClient & { [OBSERVED]?: true }) => {
    if (client[OBSERVED]) return;
    client[OBSERVED] = true;
    const original = client.query as unknown as Query;
    (client as unknown as { query: Query }).query = function observedQuery(this: unknown, ...args: unknown[]) {
      const first = args[0] as string | { text?: string; submit?: unknown } | undefined;
      // A submittable (a cursor or stream) reports its own end; nothing here uses one.
      if (first && typeof first === 'object' && typeof first.submit === 'function') return original.apply(this, args);
      const text = typeof first === 'string' ? first : (first?.text ?? '');
      const statement = sqlVerb(text);
      const end = metrics.sqlSeconds.startTimer({ statement });
      const span = startSqlSpan(service, text);
      metrics.sqlStatements.inc({ statement });
      const finish = (error?: unknown) => {
        end({ outcome: error ? 'error' : 'ok' });
        if (span) {
          if (error)
            span.setStatus({ code: SpanStatusCode.ERROR, message: (error as { code?: string }).code ?? 'error' });
          span.end();
        }
      };
      const callback = args[args.length - 1];
      if (typeof callback === 'function') {
        args[args.length - 1] = (error: unknown, result: unknown) => {
          finish(error ?? undefined);
          callback(error, result);
        };
        return original.apply(this, args);
      }
      return (original.apply(this, args) as Promise<unknown>).then(
        (result) => {
          finish();
          return result;
        },
        (error) => {
          finish(error);
          throw error;
        },
      );
    };
  });
}
