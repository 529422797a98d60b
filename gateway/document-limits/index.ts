/**
 * Limits on the document alone (graphql-armor): depth, aliases, directives and a static cost,
 * judged before anything is planned. Limits that need the request's variables and the caller's
 * share are the operation limits (gateway/limits/).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { LimitsConfig } from '../server/settings';
import type { GatewayContext } from '../caller-forwarding/caller-forwarding';
import type { GatewayFeature } from '../server/feature';

export function createDocumentLimitsFeature(limits: LimitsConfig, production: boolean): GatewayFeature {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    // Counted by graphql-js's own parser instead (the gateway's parseOptions): armor's count throws
    // from a plugin hook, which Apollo answers as HTTP 500 rather than a refused document.
    maxTokens: { enabled: false },
    costLimit: { maxCost: limits.maxCost },
    // Suggestions ("did you mean ...?") help developers and map the schema for attackers.
    blockFieldSuggestion: { enabled: production },
  }).protect();
  return {
    name: 'document-limits',
    plugins: armor.plugins as ApolloServerPlugin<GatewayContext>[],
    validationRules: armor.validationRules,
  };
}
