/**
 * The Apollo gateway: serves the composed supergraph read from a file (never introspection,
 * so a subgraph that is down cannot stop the gateway from starting), reloads it when the file
 * changes, and routes each subgraph's share of a query to the URL in the supergraph, or to an
 * override from config, behind a timeout and a circuit breaker.
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ACTOR_HEADER, actorOf } from '../subgraphs/shared/actor';
import { loadConfig, ResilienceSettings } from '../subgraphs/shared/config';
import { formatError } from '../subgraphs/shared/errors';
import { createHttpServer, serveApollo } from '../subgraphs/shared/http';
import { SubgraphResilience } from './resilience';
import { applyTuning, GatewayTuning, TuningName } from './tuning';
import { validateSharedScalarsAtGateway } from './scalars';
import { SupergraphFile } from './supergraph-file';

export interface GatewayOptions {
  port: number;
  host?: string;
  supergraphPath: string;
  /** Routing URL overrides by subgraph name (e.g. when subgraphs run on other hosts or ports). */
  subgraphUrls?: Record<string, string>;
  production?: boolean;
  /** Defaults from config: SUPERGRAPH_POLL_MS and the SUBGRAPH_* / BREAKER_* settings. */
  supergraphPollMs?: number;
  resilience?: Partial<ResilienceSettings>;
  /** Performance settings (see tuning.ts); 'default' is @apollo/gateway as it ships. */
  tuning?: TuningName | GatewayTuning;
}

export interface RunningGateway {
  url: string;
  port: number;
  /** Circuit state and recent request counts per subgraph (also served at /health/subgraphs). */
  resilience: SubgraphResilience;
  supergraph: SupergraphFile;
  stop(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const defaults = loadConfig().gateway;
  const supergraph = new SupergraphFile(options.supergraphPath, options.supergraphPollMs ?? defaults.supergraphPollMs);
  const resilience = new SubgraphResilience({ ...defaults.resilience, ...options.resilience });
  let stopping = false;
  const tuning = applyTuning(options.tuning);
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph.hook,
    ...tuning.gateway,
    buildService: ({ name, url }) =>
      tuning.service(
        new RemoteGraphQLDataSource<{ actor?: string }>({
          url: options.subgraphUrls?.[name] ?? url,
          // Subgraphs record who made each write; they learn it from the gateway.
          willSendRequest({ request, context }) {
            if (context.actor) request.http?.headers.set(ACTOR_HEADER, context.actor);
          },
        }),
        (source) => resilience.protect(name, source),
      ),
  });
  validateSharedScalarsAtGateway(gateway);
  const httpServer = createHttpServer();
  const apollo = new ApolloServer({
    gateway,
    formatError,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    // Signals are handled by our own shutdown, which also closes the database.
    stopOnTerminationSignals: false,
    plugins: [
      ...tuning.plugins,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      options.production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
    ],
  });
  await apollo.start();
  const served = await serveApollo(httpServer, apollo, {
    port: options.port,
    host: options.host,
    context: async (request) => ({ actor: actorOf(request.headers) }),
    ready: async () => supergraph.loaded && !stopping,
    routes: {
      '/health/subgraphs': async () => ({ subgraphs: resilience.health(), supergraph: { refusals: supergraph.refusals, lastRefusal: supergraph.refusal ?? null } }),
    },
  });
  return {
    url: served.url,
    port: served.port,
    resilience,
    supergraph,
    async stop() {
      stopping = true;
      await apollo.stop();
      resilience.shutdown();
      tuning.close();
    },
  };
}
