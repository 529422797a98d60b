/**
 * How an owner's writes reach the gateways' entity caches (gateway/entity-cache/entity-cache.ts) at once when
 * they share a Redis (REDIS_URL): each write bumps the owner's generation, a counter every cached
 * entry's key carries, and announces it on a channel every gateway replica listens to. An entry of
 * an older generation is never read again; its TTL clears it from Redis.
 *
 * A federation's keys and channel carry its namespace, so federations sharing one Redis (tests,
 * staging beside production) never see each other's entries.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import Redis from 'ioredis';
import { createLogger } from '../platform/logger';

export const DEFAULT_CACHE_NAMESPACE = 'ambon-coverage';

export function cacheNamespace(name: string = DEFAULT_CACHE_NAMESPACE): string {
  return `entity-cache:${name}`;
}
export const invalidationChannel = (namespace: string) => `${namespace}:written`;
export const generationKey = (namespace: string, subgraph: string) => `${namespace}:generation:${subgraph}`;

/** Bumps `subgraph`'s generation and tells every replica; resolves with the new generation. */
export async function publishWrite(redis: Redis, namespace: string, subgraph: string): Promise<number> {
  const generation = await redis.incr(generationKey(namespace, subgraph));
  await redis.publish(invalidationChannel(namespace), `${subgraph} ${generation}`);
  return generation;
}

/** A Redis client that fails a command at once when Redis is away, instead of queueing it. */
export function sharedRedis(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false });
  redis.on('error', () => undefined);
  return redis;
}

/**
 * A subgraph's side: after it answers a mutation (its writes committed), the announcement leaves
 * before the answer does, so the client's next read through any replica misses the stale entry.
 */
export function writeAnnouncer(
  subgraph: string,
  redisUrl: string,
  namespaceName?: string,
): { plugin: ApolloServerPlugin<any>; close(): void } {
  const redis = sharedRedis(redisUrl);
  const namespace = cacheNamespace(namespaceName);
  const log = createLogger(subgraph);
  return {
    plugin: {
      async requestDidStart() {
        return {
          async willSendResponse({ operation }) {
            if (operation?.operation !== 'mutation') return;
            // A lost announcement leaves entries until their TTL; the write itself stands.
            await publishWrite(redis, namespace, subgraph).catch((error) =>
              log.warn({ err: error }, 'entity cache invalidation not published'),
            );
          },
        };
      },
    },
    close: () => redis.disconnect(),
  };
}
