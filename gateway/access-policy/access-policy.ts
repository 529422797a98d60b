/**
 * The gateway enforces the supergraph's `@authenticated` and `@requiresScopes` itself (stock
 * @apollo/gateway ignores them). The rules are read from the supergraph SDL, so a subgraph that
 * declares them is protected without touching the gateway. Every field the operation selects,
 * through fragments included, is checked before the query is planned; one denied field refuses
 * the whole operation, so no subgraph is ever asked for anything on its behalf.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { checkOperation, readAccessRules } from '../../contract/access-rules';
import type { GatewayContext } from '../caller-forwarding/caller-forwarding';

/** Re-derives from the supergraph only when a reload brought a new one. */
export function derivedFromSupergraph<T>(derive: (supergraphSdl: string) => T): (supergraphSdl: string) => T {
  let last: { sdl: string; value: T } | undefined;
  return (sdl) => {
    if (last?.sdl !== sdl) last = { sdl, value: derive(sdl) };
    return last.value;
  };
}

/** `currentSupergraph` is the supergraph being served now, so a hot reload brings its rules along. */
export function accessPolicyPlugin(currentSupergraph: () => string): ApolloServerPlugin<GatewayContext> {
  const rulesOf = derivedFromSupergraph(readAccessRules);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, contextValue }) {
          if (!operation) return;
          const rules = rulesOf(currentSupergraph());
          const identity = contextValue.identity;
          checkOperation(rules, schema, document, operation, identity ? new Set(identity.scopes) : null);
        },
      };
    },
  };
}
