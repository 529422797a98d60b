/** Cache-Control decided from what an operation selects (see cache-hints.ts). */
import type { FieldRule } from '../../contract/access-rules';
import type { GatewayFeature } from '../server/feature';
import { cacheHintsPlugin } from './cache-hints';

export function createCacheHintsFeature(): GatewayFeature {
  let rules: Map<string, FieldRule> = new Map();
  return {
    name: 'cache-hints',
    plugins: [cacheHintsPlugin(() => rules)],
    onSupergraphLoad: (loaded) => {
      rules = loaded.accessRules;
    },
  };
}
