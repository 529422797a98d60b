/**
 * The Apollo gateway: serves the composed supergraph read from a file (never introspection,
 * so a subgraph that is down cannot stop the gateway from starting) and routes each
 * subgraph's share of a query to the URL in the supergraph, or to an override from config.
 */
import fs from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ACTOR_HEADER, actorOf } from '../subgraphs/shared/actor';
import { formatError } from '../subgraphs/shared/errors';
import { createHttpServer, serveApollo } from '../subgraphs/shared/http';

export interface GatewayOptions {
  port: number;
  host?: string;
  supergraphPath: string;
  /** Routing URL overrides by subgraph name (e.g. when subgraphs run on other hosts or ports). */
  subgraphUrls?: Record<string, string>;
  production?: boolean;
}

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const supergraphSdl = fs.readFileSync(options.supergraphPath, 'utf8');
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<{ actor?: string }>({
        url: options.subgraphUrls?.[name] ?? url,
        // Subgraphs record who made each write; they learn it from the gateway.
        willSendRequest({ request, context }) {
          if (context.actor) request.http?.headers.set(ACTOR_HEADER, context.actor);
        },
      }),
  });
  const httpServer = createHttpServer();
  const apollo = new ApolloServer({
    gateway,
    formatError,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      options.production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
    ],
  });
  await apollo.start();
  const served = await serveApollo(httpServer, apollo, {
    port: options.port,
    host: options.host,
    context: async (request) => ({ actor: actorOf(request.headers) }),
    ready: async () => true,
  });
  return {
    url: served.url,
    port: served.port,
    async stop() {
      await apollo.stop();
    },
  };
}
