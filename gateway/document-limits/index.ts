/**
 * Limits on the document alone (graphql-armor): depth, aliases, directives and a static cost,
 * judged before anything is planned. Limits that need the request's variables and the caller's
 * share are the operation limits (gateway/limits/).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../platform/errors';
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
    plugins: [namedOperationPlugin, ...(armor.plugins as ApolloServerPlugin<GatewayContext>[])],
    validationRules: armor.validationRules,
  };
}

/**
 * An `operationName` the document does not hold is the client's mistake: refused here as a 400,
 * before the later checks, which all judge the operation and would otherwise fail on its absence
 * and answer a 500 logged as our own failure.
 */
const namedOperationPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, request }) {
        if (operation) return;
        const named =
          typeof request.operationName === 'string'
            ? `no operation named "${request.operationName.slice(0, 100)}"`
            : 'several operations and no operationName';
        throw new GraphQLError(
          `The document holds ${named}: send the name of one of its operations as operationName.`,
          {
            extensions: { code: ErrorCode.BAD_REQUEST, reason: 'UNKNOWN_OPERATION', http: { status: 400 } },
          },
        );
      },
    };
  },
};
