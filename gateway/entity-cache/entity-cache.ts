/**
 * The gateway's entity cache, for entities that change rarely and carry no personal data:
 * regions (population's villages, districts, regencies) and allocations and funders (budget).
 * The headline query's last hop, budget's `Allocation`, is then answered without leaving the
 * gateway on a hit.
 *
 * An entry is one entity as one subgraph answered it for one selection: its key is the subgraph,
 * the subgraph's write generation, the caller's scopes (and villages when village-scoped: a
 * subgraph may answer differently per scope, so entries are never shared across scope sets), the
 * fetch's query text (the selection) and other variables, and the entity's representation. It
 * lives `ttlSeconds`. A fetch whose selection reaches any field tagged as personal data, a live
 * figure (LIVE_FIELDS), or an entity type not listed, goes to the subgraph as before.
 *
 * Writes invalidate at once: a mutation passing through this gateway drops every subgraph's
 * entries before its answer leaves (a write may reach other owners through peer calls), and with
 * REDIS_URL the owners announce their own writes (contract/entity-invalidation.ts), so
 * every replica drops them, whichever gateway or peer call caused them. With REDIS_URL the entries
 * live in Redis, shared by every replica; without it, in this process.
 */
import '../../platform/no-telemetry';
import { createHash } from 'node:crypto';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { Kind, parse, visit } from 'graphql';
import type Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import {
  cacheNamespace,
  generationKey,
  invalidationChannel,
  publishWrite,
  sharedRedis,
} from '../../contract/entity-invalidation';
import { Scope } from '../../contract/scopes';
import type { GatewayContext } from '../caller-forwarding/caller-forwarding';

/** Entity types worth caching, by owning subgraph: rarely written, no personal data. */
export const CACHED_ENTITIES: Record<string, readonly string[]> = {
  population: ['Village', 'District', 'Regency'],
  budget: ['Allocation', 'Funder'],
};

/**
 * Fields that move with every enrollment, payment or upkeep run, some written outside any
 * mutation (upkeep settling reservations): a selection reading one is always fetched.
 */
export const LIVE_FIELDS: ReadonlySet<string> = new Set([
  'committed',
  'reserved',
  'realised',
  'available',
  'invoices',
  'workerCount',
  'workers',
]);

export interface EntityCacheOptions {
  ttlSeconds: number;
  /** Shared by every replica when set; this process's memory otherwise. */
  redisUrl?: string;
  /** Names this federation's keys and channel in a shared Redis (see entity-invalidation.ts). */
  namespace?: string;
  /** Field names tagged as personal data in the supergraph being served: a selection reaching one is never cached. */
  personalFieldNames(): ReadonlySet<string>;
  types?: Record<string, readonly string[]>;
}

export interface EntityCacheStats {
  /** Entities answered from the cache... */
  hits: number;
  /** ...and fetched from their subgraph because no fresh entry existed. */
  misses: number;
  /** Subgraph fetches not sent at all, every entity being a hit. */
  fetchesSaved: number;
  /** Writes seen (mutations through this gateway, or announced by an owner). */
  invalidations: number;
  /** Redis commands that failed: entries not stored, or invalidations not heard from other replicas. */
  storeErrors: number;
}

const stats: EntityCacheStats = { hits: 0, misses: 0, fetchesSaved: 0, invalidations: 0, storeErrors: 0 };

/** This process's counters since start, for metrics and the benchmark's hit ratio. */
export function entityCacheStats(): EntityCacheStats {
  return { ...stats };
}

interface Store {
  get(keys: string[]): Promise<(unknown | undefined)[]>;
  set(entries: [string, unknown][], ttlMs: number): Promise<void>;
  close(): void;
}

function memoryStore(): Store {
  const entries = new LRUCache<string, { value: unknown }>({ max: 50_000 });
  return {
    async get(keys) {
      return keys.map((key) => entries.get(key)?.value);
    },
    async set(pairs, ttl) {
      for (const [key, value] of pairs) entries.set(key, { value }, { ttl });
    },
    close() {
      entries.clear();
    },
  };
}

function redisStore(redis: Redis): Store {
  return {
    async get(keys) {
      // Redis away: every entity is a miss and the subgraph answers, as without a cache.
      const values = await redis.mget(...keys).catch(() => keys.map(() => null));
      return values.map((value) => (value === null ? undefined : JSON.parse(value)));
    },
    async set(pairs, ttl) {
      const pipeline = redis.pipeline();
      for (const [key, value] of pairs) pipeline.set(key, JSON.stringify(value), 'PX', ttl);
      await pipeline.exec().catch(() => void stats.storeErrors++);
    },
    close: () => undefined,
  };
}

const isMutation = (query: string | undefined) => /^\s*mutation\b/.test(query ?? '');

interface EntitiesError {
  path?: readonly (string | number)[];
}

export class EntityCache {
  private readonly namespace: string;
  private readonly store: Store;
  private readonly redis?: Redis;
  private readonly subscriber?: Redis;
  private readonly generations = new Map<string, number | Promise<number>>();
  /** Per fetch query text: whether its entities may be cached (parsed once per distinct query). */
  private readonly cacheable = new Map<string, boolean>();
  private personalNames: ReadonlySet<string> | undefined;

  constructor(private readonly options: EntityCacheOptions) {
    this.namespace = cacheNamespace(options.namespace);
    if (options.redisUrl) {
      this.redis = sharedRedis(options.redisUrl);
      this.subscriber = sharedRedis(options.redisUrl);
      this.subscriber.subscribe(invalidationChannel(this.namespace)).catch(() => void stats.storeErrors++);
      this.subscriber.on('message', (_channel: string, message: string) => {
        const [subgraph, generation] = message.split(' ');
        this.advance(subgraph, Number(generation));
      });
      this.store = redisStore(this.redis);
    } else {
      this.store = memoryStore();
    }
  }

  /** `source` answering `subgraph`'s fetches, with cached entities served without a request. */
  wrap(subgraph: string, source: GraphQLDataSource): GraphQLDataSource {
    return { process: (options) => this.process(subgraph, source, options) };
  }

  /** Drops every entry of `subgraphs` (all when not given), here and, with Redis, on every replica. */
  async invalidate(subgraphs: string[] = Object.keys(this.options.types ?? CACHED_ENTITIES)): Promise<void> {
    stats.invalidations++;
    await Promise.all(
      subgraphs.map(async (subgraph) => {
        if (!this.redis) return this.advance(subgraph, ((await this.generation(subgraph)) ?? 0) + 1);
        const generation = await publishWrite(this.redis, this.namespace, subgraph).catch(() => undefined);
        // Redis away: this replica still stops serving what it had.
        this.advance(subgraph, generation ?? (await this.generation(subgraph)) + 1);
      }),
    );
  }

  close(): void {
    this.store.close();
    this.redis?.disconnect();
    this.subscriber?.disconnect();
  }

  private advance(subgraph: string, generation: number) {
    const current = this.generations.get(subgraph);
    if (typeof current !== 'number' || generation > current) this.generations.set(subgraph, generation);
  }

  private generation(subgraph: string): number | Promise<number> {
    let known = this.generations.get(subgraph);
    if (known === undefined) {
      known = this.redis
        ? this.redis.get(generationKey(this.namespace, subgraph)).then(
            (value) => {
              const generation = Number(value ?? 0);
              const now = this.generations.get(subgraph);
              // An announcement may have arrived meanwhile.
              if (typeof now === 'number') return now;
              this.generations.set(subgraph, generation);
              return generation;
            },
            () => {
              this.generations.delete(subgraph);
              return -1;
            },
          )
        : 0;
      this.generations.set(subgraph, known);
    }
    return known;
  }

  private isCacheable(subgraph: string, query: string): boolean {
    const names = this.options.personalFieldNames();
    if (names !== this.personalNames) {
      // A new supergraph may tag other fields: decide again.
      this.personalNames = names;
      this.cacheable.clear();
    }
    let decision = this.cacheable.get(query);
    if (decision === undefined) {
      const types = (this.options.types ?? CACHED_ENTITIES)[subgraph] ?? [];
      decision = types.length > 0;
      visit(parse(query), {
        Field: (node) => {
          if (names.has(node.name.value) || LIVE_FIELDS.has(node.name.value)) decision = false;
        },
        InlineFragment: (node) => {
          if (node.typeCondition && !types.includes(node.typeCondition.name.value)) decision = false;
        },
        FragmentDefinition: (node) => {
          if (!types.includes(node.typeCondition.name.value)) decision = false;
        },
        OperationDefinition: (node) => {
          if (node.operation !== 'query') decision = false;
          const root = node.selectionSet.selections;
          if (root.length !== 1 || root[0].kind !== Kind.FIELD || root[0].name.value !== '_entities') decision = false;
        },
      });
      this.cacheable.set(query, decision);
    }
    return decision;
  }

  private async process(
    subgraph: string,
    source: GraphQLDataSource,
    options: GraphQLDataSourceProcessOptions,
  ): Promise<GatewayGraphQLResponse> {
    if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION) return source.process(options);
    const { query, variables } = options.request;
    if (isMutation(query)) {
      const response = await source.process(options);
      await this.invalidate();
      return response;
    }
    const representations = variables?.representations;
    const types = (this.options.types ?? CACHED_ENTITIES)[subgraph];
    if (!query || !types || !Array.isArray(representations) || !this.isCacheable(subgraph, query))
      return source.process(options);
    if (!representations.every((r) => types.includes((r as { __typename?: string })?.__typename ?? '')))
      return source.process(options);
    const generation = await this.generation(subgraph);
    if (generation < 0) return source.process(options);

    const { representations: _, ...otherVariables } = variables!;
    const identity = (options.context as Partial<GatewayContext>).identity;
    const scopes = identity ? [...identity.scopes].sort().join(' ') : '';
    const villages =
      identity && !identity.scopes.includes(Scope.ALL_VILLAGES) ? [...identity.villages].sort().join(' ') : '*';
    const prefix = `${scopes}\n${villages}\n${query}\n${JSON.stringify(otherVariables)}\n`;
    const keys = representations.map(
      (r) =>
        `${this.namespace}:${subgraph}:${generation}:${createHash('sha1')
          .update(prefix + JSON.stringify(r))
          .digest('base64url')}`,
    );
    const cached = await this.store.get(keys);
    const missing = keys.flatMap((_, i) => (cached[i] === undefined ? [i] : []));
    stats.hits += keys.length - missing.length;
    stats.misses += missing.length;
    if (!missing.length) {
      stats.fetchesSaved++;
      return { data: { _entities: cached } };
    }

    const response =
      missing.length === keys.length
        ? await source.process(options)
        : await source.process({
            ...options,
            request: {
              ...options.request,
              variables: { ...variables, representations: missing.map((i) => representations[i]) },
            },
          } as GraphQLDataSourceProcessOptions);
    const fetched = response.data?._entities;
    if (!Array.isArray(fetched)) return response;
    const failed = new Set(
      (response.errors ?? []).map((e) =>
        (e as EntitiesError).path?.[0] === '_entities' ? (e as EntitiesError).path?.[1] : 'all',
      ),
    );
    if (!failed.has('all')) {
      const fresh = missing.flatMap((at, i): [string, unknown][] =>
        fetched[i] != null && !failed.has(i) ? [[keys[at], fetched[i]]] : [],
      );
      if (fresh.length) await this.store.set(fresh, this.options.ttlSeconds * 1000);
    }
    if (missing.length === keys.length) return response;
    const entities = [...cached];
    missing.forEach((at, i) => (entities[at] = fetched[i]));
    const errors = response.errors?.map((error) => {
      const [head, at, ...rest] = (error as EntitiesError).path ?? [];
      return head === '_entities' && typeof at === 'number'
        ? { ...error, path: ['_entities', missing[at], ...rest] }
        : error;
    });
    return { ...response, data: { ...response.data, _entities: entities }, ...(errors ? { errors } : {}) };
  }
}
