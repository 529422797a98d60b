/** Rarely written, impersonal entities answered from a cache (see entity-cache.ts); off when the settings give it no lifetime. */
import type { GatewayDeps, GatewayFeature } from '../server/feature';
import { EntityCache, entityCacheStats } from './entity-cache';

export interface EntityCacheSettings {
  ttlSeconds: number;
  redisUrl?: string;
  namespace?: string;
}

export function createEntityCacheFeature(
  settings: EntityCacheSettings | undefined,
  deps: Pick<GatewayDeps, 'metrics'>,
): GatewayFeature {
  if (!settings) return { name: 'entity-cache' };
  let personalFieldNames: ReadonlySet<string> = new Set();
  const cache = new EntityCache({ ...settings, personalFieldNames: () => personalFieldNames });
  deps.metrics.observeEntityCache(entityCacheStats);
  return {
    name: 'entity-cache',
    wrapDataSource: (source, subgraph) => cache.wrap(subgraph, source),
    onSupergraphLoad: (loaded) => {
      personalFieldNames = loaded.personalFieldNames;
    },
    health: () => ({ entityCache: entityCacheStats() }),
    close: () => cache.close(),
  };
}
