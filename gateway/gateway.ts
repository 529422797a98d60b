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
import { ApolloGateway } from '@apollo/gateway';
import { loadConfig, SANDBOX_ORIGIN } from '../subgraphs/shared/config';
import { formatError } from '../subgraphs/shared/errors';
import { createHttpServer, serveApollo } from '../subgraphs/shared/http';
import { gatewaySecurity, SecurityOptions, supergraphForGateway } from './security';

export interface GatewayOptions {
  port: number;
  host?: string;
  supergraphPath: string;
  /** Routing URL overrides by subgraph name (e.g. when subgraphs run on other hosts or ports). */
  subgraphUrls?: Record<string, string>;
  production?: boolean;
  /** Token verification, gateway<->subgraph trust and operation limits; from config when not given. */
  security?: Partial<Omit<SecurityOptions, 'production'>>;
  /** Browser origins allowed by CORS; from config when not given. */
  corsOrigins?: string[];
}

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const supergraphSdl = fs.readFileSync(options.supergraphPath, 'utf8');
  const config = loadConfig();
  const security = gatewaySecurity(supergraphSdl, { ...config, ...options.security, production: Boolean(options.production) });
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphForGateway(supergraphSdl),
    buildService: ({ name, url }) => security.buildService({ name, url: options.subgraphUrls?.[name] ?? url }),
  });
  const httpServer = createHttpServer();
  const apollo = new ApolloServer({
    gateway,
    formatError,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: true,
    validationRules: security.validationRules,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      options.production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
      ...security.plugins,
    ],
  });
  await apollo.start();
  const served = await serveApollo(httpServer, apollo, {
    port: options.port,
    host: options.host,
    context: security.context,
    ready: async () => true,
    corsOrigins: [...(options.corsOrigins ?? config.corsOrigins), ...(options.production ? [] : [SANDBOX_ORIGIN])],
    maxBatchSize: options.security?.limits?.maxBatchSize ?? config.limits.maxBatchSize,
  });
  return {
    url: served.url,
    port: served.port,
    async stop() {
      await apollo.stop();
    },
  };
}
