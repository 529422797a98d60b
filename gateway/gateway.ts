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
import { ApolloGateway } from '@apollo/gateway';
import { loadConfig, ResilienceSettings, SANDBOX_ORIGIN } from '../subgraphs/shared/config';
import { formatError, withoutSuggestions } from '../subgraphs/shared/errors';
import { createHttpServer, serveApollo } from '../subgraphs/shared/http';
import { operationsToken } from '../subgraphs/shared/operations-token';
import { SubgraphResilience } from './resilience';
import { applyTuning, GatewayTuning, TuningName } from './tuning';
import { validateSharedScalarsAtGateway } from './scalars';
import { gatewaySecurity, SecurityOptions } from './security';
import type { RefusalMode } from './refusal-filter';
import { SupergraphFile, supergraphForGateway } from './supergraph-file';
import { createLogger, Logger, requestLogger } from '../subgraphs/shared/logger';
import { requestLoggingPlugin } from '../subgraphs/shared/request-logging';
import { currentTraceId, randomTraceId } from '../subgraphs/shared/tracing';
import { TextResponse } from '../subgraphs/shared/http';
import { GatewayMetrics, listedOperationNames } from './metrics';

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
  /** Token verification, gateway<->subgraph trust and operation limits; from config when not given. */
  security?: Partial<Omit<SecurityOptions, 'production'>>;
  /** Browser origins allowed by CORS; from config when not given. */
  corsOrigins?: string[];
  /** Whether local dev-server origins are allowed (never in production); from config when not given. */
  corsAllowLocalhost?: boolean;
  /** Denied fields answered null with FORBIDDEN ('filter') or the whole operation refused ('reject'); from config when not given. */
  refusalMode?: RefusalMode;
  /** Performance settings (see tuning.ts); 'default' is @apollo/gateway as it ships. */
  tuning?: TuningName | GatewayTuning;
  /** Where log lines go; from LOG_LEVEL, LOG_FORMAT and LOG_FILE when not given. */
  logger?: Logger;
  /** Also export the process's CPU, memory and event-loop figures (once per process). */
  processMetrics?: boolean;
}

export interface RunningGateway {
  url: string;
  port: number;
  /** Circuit state and recent request counts per subgraph (also served at /health/subgraphs). */
  resilience: SubgraphResilience;
  supergraph: SupergraphFile;
  /** The series served at /metrics. */
  metrics: GatewayMetrics;
  stop(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const config = loadConfig();
  const defaults = config.gateway;
  const logger = options.logger ?? createLogger('gateway');
  const metrics = new GatewayMetrics(listedOperationNames(config.projectRoot), options.processMetrics);
  const supergraph = new SupergraphFile(
    options.supergraphPath,
    options.supergraphPollMs ?? defaults.supergraphPollMs,
    {
      info: (message) => {
        metrics.supergraphReloads.inc({ outcome: 'loaded' });
        logger.info(message);
      },
      error: (message) => {
        metrics.supergraphReloads.inc({ outcome: 'refused' });
        logger.error(message);
      },
    },
    supergraphForGateway,
  );
  const resilience = new SubgraphResilience({ ...defaults.resilience, ...options.resilience }, (message) => logger.warn(message));
  metrics.observeBreakers(() => resilience.health());
  let stopping = false;
  // The access rules and personal-data marks follow the supergraph being served, reloads included.
  let servingSupergraph = '';
  const securityConfig = {
    ...config,
    ...options.security,
    refusalMode: options.refusalMode ?? config.refusalMode,
    production: Boolean(options.production),
  };
  if (!securityConfig.trust.gatewaySecret) throw new Error('The gateway signs caller assertions: set GATEWAY_SUBGRAPH_SECRET (CALLER_PUBLIC_KEY alone is for subgraphs)');
  const security = gatewaySecurity(() => servingSupergraph, securityConfig);
  const tuning = applyTuning(options.tuning);
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph.hook,
    ...tuning.gateway,
    // Signed caller forwarding innermost, under the per-subgraph timeout, retries and breaker.
    buildService: ({ name, url }) =>
      metrics.timeFetches(name, tuning.service(security.buildService({ name, url: options.subgraphUrls?.[name] ?? url }), (source) => resilience.protect(name, source))),
  });
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    servingSupergraph = coreSupergraphSdl;
  });
  validateSharedScalarsAtGateway(gateway);
  const httpServer = createHttpServer();
  const apollo = new ApolloServer({
    gateway,
    formatError: options.production ? withoutSuggestions(formatError) : formatError,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    // Signals are handled by our own shutdown, which also closes the database.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: true,
    validationRules: security.validationRules,
    parseOptions: security.parseOptions,
    plugins: [
      ...tuning.plugins,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      options.production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
      ...security.plugins,
      metrics.plugin(),
      requestLoggingPlugin(logger, 'info', metrics.operationLabel),
    ],
  });
  await apollo.start();
  const served = await serveApollo(httpServer, apollo, {
    port: options.port,
    host: options.host,
    context: async (request) => {
      const context = await security.context(request);
      // One trace id per request, the client's when it sent one; forwarded to every subgraph (caller-forwarding.ts).
      const traceId = currentTraceId(request.headers) ?? randomTraceId();
      return { ...context, traceId, log: requestLogger(logger, context.requestId, traceId) };
    },
    ready: async () => supergraph.loaded && !stopping,
    routesToken: operationsToken(options.security?.trust?.gatewaySecret ?? config.trust.gatewaySecret, options.security?.trust?.operationsToken ?? config.trust.operationsToken),
    routes: {
      '/health/subgraphs': async () => ({ subgraphs: resilience.health(), supergraph: { refusals: supergraph.refusals, lastRefusal: supergraph.refusal ?? null } }),
      '/metrics': async () => new TextResponse(metrics.registry.contentType, await metrics.registry.metrics()),
    },
    corsOrigins: [...(options.corsOrigins ?? config.corsOrigins), ...(options.production ? [] : [SANDBOX_ORIGIN])],
    corsAllowLocalhost: !options.production && (options.corsAllowLocalhost ?? config.corsAllowLocalhost),
    maxBatchSize: options.security?.limits?.maxBatchSize ?? config.limits.maxBatchSize,
    service: 'gateway',
    log: logger,
  });
  return {
    url: served.url,
    port: served.port,
    resilience,
    supergraph,
    metrics,
    async stop() {
      stopping = true;
      await apollo.stop();
      resilience.shutdown();
      tuning.close();
    },
  };
}
