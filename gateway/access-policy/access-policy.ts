/**
 * The gateway enforces the supergraph's `@authenticated` and `@requiresScopes` itself (stock
 * @apollo/gateway ignores them). The rules are read from the supergraph SDL, so a subgraph that
 * declares them is protected without touching the gateway. Every field the operation selects,
 * through fragments included, is checked before the query is planned; one denied field refuses
 * the whole operation, so no subgraph is ever asked for anything on its behalf.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { checkOperation, FieldRule } from '../../contract/access-rules';
import type { GatewayContext } from '../caller-forwarding/caller-forwarding';

/** `currentRules` are the rules of the supergraph being served now, so a hot reload brings its rules along. */
export function accessPolicyPlugin(currentRules: () => Map<string, FieldRule>): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, contextValue }) {
          if (!operation) return;
          const rules = currentRules();
          const identity = contextValue.identity;
          checkOperation(rules, schema, document, operation, identity ? new Set(identity.scopes) : null);
        },
      };
    },
  };
}
