/**
 * Dinas Sosial's subgraph: plain Apollo Server and @apollo/subgraph, no code from this repository
 * but the partner kit. Every request is verified before any resolver runs.
 */
import '../partner-kit/no-telemetry';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { JSONWebKeySet } from 'jose';
import { createCallerVerifier, type VerifiedCaller } from '../partner-kit';
import { Context, resolvers } from './resolvers';
import { typeDefs } from './schema';

export interface SocialAssistanceOptions {
  port: number;
  host?: string;
  /** The gateway's key set URL, or the key set itself. */
  jwksUrl?: string;
  jwks?: JSONWebKeySet;
  /** Sees each verified caller: how a test learns what the gateway told this partner. */
  onCaller?: (caller: VerifiedCaller) => void;
}

export async function startSocialAssistance(
  options: SocialAssistanceOptions,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const verifier = createCallerVerifier({ audience: 'social', jwksUrl: options.jwksUrl, jwks: options.jwks });
  const server = new ApolloServer<Context>({
    schema: buildSubgraphSchema([{ typeDefs, resolvers }]),
    // Inline traces feed Apollo's hosted usage reporting, which this graph does not use.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: options.port, host: options.host ?? '127.0.0.1' },
    context: async ({ req }) => {
      const caller = await verifier.verify(req.headers, (req as { body?: unknown }).body);
      options.onCaller?.(caller);
      return { caller };
    },
  });
  return { url: new URL('/graphql', url).toString(), stop: () => server.stop() };
}
