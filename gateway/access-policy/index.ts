/** The supergraph's `@authenticated` and `@requiresScopes`, enforced before planning (see access-policy.ts and refusal-filter.ts). */
import type { FieldRule } from '../../contract/access-rules';
import type { GatewayFeature } from '../server/feature';
import { accessPolicyPlugin } from './access-policy';
import { RefusalMode, refusalFilterPlugin } from './refusal-filter';

export function createAccessPolicyFeature(refusalMode: RefusalMode): GatewayFeature {
  let rules: Map<string, FieldRule> = new Map();
  const currentRules = () => rules;
  return {
    name: 'access-policy',
    plugins: [refusalMode === 'filter' ? refusalFilterPlugin(currentRules) : accessPolicyPlugin(currentRules)],
    onSupergraphLoad: (loaded) => {
      rules = loaded.accessRules;
    },
  };
}
