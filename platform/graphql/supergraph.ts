/**
 * The API schema a composed supergraph gives clients, as the gateway serves it. Both the gateway
 * (before it takes a new supergraph file) and the schema tools (compose, check) ask it, so it
 * lives below both.
 */
import '../no-telemetry';
import { ApolloGateway } from '@apollo/gateway';
import { GraphQLSchema } from 'graphql';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * @apollo/gateway refuses a supergraph linking features `for: SECURITY` it does not implement
 * itself. The gateway's access-policy plugin implements @authenticated and @requiresScopes, so the
 * gateway is handed the supergraph with that purpose removed; the rules are read from the original.
 */
export function supergraphForGateway(supergraphSdl: string): string {
  return supergraphSdl.replace(
    /(@link\(url: "https:\/\/specs\.apollo\.dev\/(?:authenticated|requiresScopes)\/v[\d.]+"), for: SECURITY\)/g,
    '$1)',
  );
}

/**
 * The API schema clients see when the gateway serves `supergraphSdl` (a composed supergraph, as
 * written to schema/supergraph.graphql); throws with the gateway's own explanation when it cannot
 * be served.
 */
export async function apiSchemaOf(supergraphSdl: string): Promise<GraphQLSchema> {
  const probe = new ApolloGateway({ supergraphSdl: supergraphForGateway(supergraphSdl), logger: silent });
  try {
    return (await probe.load()).schema;
  } finally {
    // stop() throws when load() failed, and load()'s own error is the one the caller needs.
    // eslint-disable-next-line no-restricted-syntax
    await probe.stop().catch(() => undefined);
  }
}
