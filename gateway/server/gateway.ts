/**
 * The Apollo gateway: serves the composed supergraph read from a file (never introspection,
 * so a subgraph that is down cannot stop the gateway from starting), reloads it when the file
 * changes, and folds the features of features.ts into one server: their plugins, their
 * data-source wrappers around the one sender, their routes and pages. What the features derive
 * from the supergraph is built once per load (feature.ts's LoadedSupergraph) and handed to each.
 */
import '../../platform/no-telemetry';
import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloGateway } from '@apollo/gateway';
import type { TrustConfig } from '../../contract/settings';
import type { AuthConfig, LimitsConfig, ResilienceSettings } from './settings';
import { keyRingFrom } from '../../contract/caller-keys';
import { formatError, withoutSuggestions } from '../../platform/errors';
import { createHttpServer, serveApollo } from '../../platform/http';
import { createLogger, Logger, requestLogger } from '../../platform/logger';
import { currentTraceId, randomTraceId } from '../../platform/tracing';
import type { SubgraphResilience } from '../resilience/resilience';
import type { GatewayTuning, TuningName } from './tuning';
import { serverPluginsOff } from './tuning';
import type { RefusalMode } from '../access-policy/refusal-filter';
import { SupergraphFile } from './supergraph-file';
import { supergraphForGateway } from '../../platform/graphql/supergraph';
import { GatewayMetrics, listedOperationNames } from '../metrics/metrics';
import type { TrustedDocuments, TrustedDocumentsMode } from '../trusted-documents/trusted-documents';
import type { GatewayContext } from '../caller-forwarding/caller-forwarding';
import { validateSharedScalarsAtGateway } from './scalars';
import { dataSourceFor, GatewayFeature, loadSupergraph, pluginsOf, routesOf } from './feature';
import { createGatewayFeatures } from './features';
import { resolveGatewayOptions } from './options';
import type { GatewaySettings } from './settings';
import type { WindowTime } from '../../platform/window-time';

export interface SecurityOptions {
  auth: AuthConfig;
  trust: TrustConfig;
  limits: LimitsConfig;
  production: boolean;
  /** How a signed-in caller's denied fields are refused (see refusal-filter.ts); reject when not given. */
  refusalMode?: RefusalMode;
  /**
   * Benchmarks only: tokens are still verified and the caller still signed (the subgraphs check
   * scopes on their own), but no operation limits, access policy or masking run at the gateway,
   * so the bench can say what that layer costs.
   */
  layerOff?: boolean;
}

export interface GatewayOptions {
  /**
   * The process's gateway settings (settings.ts), resolved from the environment at the process's
   * edge: gateway/index.ts, the launchers, the test harness, the bench. Every option below that is
   * not given falls back to them.
   */
  settings: GatewaySettings;
  port: number;
  host?: string;
  supergraphPath: string;
  /** Routing URL overrides by subgraph name (e.g. when subgraphs run on other hosts or ports). */
  subgraphUrls?: Record<string, string>;
  production?: boolean;
  /** Defaults from the settings: SUPERGRAPH_POLL_MS and the SUBGRAPH_* / BREAKER_* settings. */
  supergraphPollMs?: number;
  resilience?: Partial<ResilienceSettings>;
  /** Token verification, gateway<->subgraph trust and operation limits; from the settings when not given. */
  security?: Partial<Omit<SecurityOptions, 'production'>>;
  /** Browser origins allowed by CORS; from the settings when not given. */
  corsOrigins?: string[];
  /** Whether local dev-server origins are allowed (never in production); from the settings when not given. */
  corsAllowLocalhost?: boolean;
  /** Denied fields answered null with FORBIDDEN ('filter') or the whole operation refused ('reject'); from the settings when not given. */
  refusalMode?: RefusalMode;
  /** Performance settings (see tuning.ts); 'default' is @apollo/gateway as it ships. */
  tuning?: TuningName | GatewayTuning;
  /** Where log lines go; from LOG_LEVEL, LOG_FORMAT and LOG_FILE when not given. */
  logger?: Logger;
  /** Also export the process's CPU, memory and event-loop figures (once per process). */
  processMetrics?: boolean;
  /** The entity cache (entity-cache.ts) when the tuning has it: REDIS_URL and ENTITY_CACHE_TTL_SECONDS from the settings when not given. */
  entityCache?: { redisUrl?: string; ttlSeconds?: number; namespace?: string };
  /** 'safelist' runs only the manifest's operations (see trusted-documents.ts); from the settings when not given. */
  trustedDocuments?: TrustedDocumentsMode;
  persistedQueryManifestPath?: string;
  /** What the circuits' windows and callers' shares are judged by (see platform/window-time.ts); real time when not given. */
  windowTime?: WindowTime;
}

export interface RunningGateway {
  url: string;
  port: number;
  /** Circuit state and recent request counts per subgraph (also served at /health/subgraphs). */
  resilience: SubgraphResilience;
  supergraph: SupergraphFile;
  /** The series served at /metrics. */
  metrics: GatewayMetrics;
  trustedDocuments: TrustedDocuments;
  stop(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const settings = resolveGatewayOptions(options);
  const logger = options.logger ?? createLogger('gateway', options.settings.logging);
  const metrics = new GatewayMetrics(listedOperationNames(settings.projectRoot), settings.processMetrics);
  const supergraph = new SupergraphFile(
    settings.supergraphPath,
    settings.supergraphPollMs,
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
  // Whether a real signing key is required follows the process (NODE_ENV), not a test's production flag.
  const callerKeys = keyRingFrom(settings.trust, settings.productionProcess);
  if (!callerKeys)
    throw new Error(
      'The gateway signs caller assertions: set CALLER_SIGNING_KEY (or, in development, GATEWAY_SUBGRAPH_SECRET); CALLER_PUBLIC_KEY alone is for subgraphs',
    );
  const subgraphUrls = new Map<string, string>();
  const features = await createGatewayFeatures(settings, {
    logger,
    metrics,
    callerKeys,
    subgraphUrl: (name) => subgraphUrls.get(name),
  });
  // What RunningGateway lends its callers, taken from the features that hold it.
  const held = <T>(name: string, key: string): T => {
    const feature = features.find((candidate) => candidate.name === name) as
      (GatewayFeature & Record<string, T>) | undefined;
    if (!feature?.[key]) throw new Error(`the gateway runs without its ${name} feature`);
    return feature[key];
  };
  const resilience = held<SubgraphResilience>('resilience', 'resilience');
  const trustedDocuments = held<TrustedDocuments>('trusted-documents', 'documents');
  let stopping = false;
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph.hook,
    experimental_approximateQueryPlanStoreMiB: settings.tuning.queryPlanCacheMiB,
    buildService: ({ name, url }) => {
      const target = settings.subgraphUrls[name] ?? url!;
      subgraphUrls.set(name, target);
      return dataSourceFor(features, name, target);
    },
  });
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl, apiSchema }) => {
    const loaded = loadSupergraph(coreSupergraphSdl, apiSchema);
    for (const feature of features) feature.onSupergraphLoad?.(loaded);
  });
  validateSharedScalarsAtGateway(gateway);
  const httpServer = createHttpServer();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: settings.production ? withoutSuggestions(formatError) : formatError,
    // Production answers introspection to schema:read only (sandbox.ts).
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // Signals are handled by our own shutdown, which also closes the database.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: true,
    ...(features.some((feature) => feature.persistedQueriesOff) ? { persistedQueries: false as const } : {}),
    validationRules: features.flatMap((feature) => feature.validationRules ?? []),
    parseOptions: { maxTokens: settings.limits.maxTokens },
    // The drain and the switched-off built-ins have no request hooks: first or last makes no difference.
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ...serverPluginsOff(settings.tuning),
      ...pluginsOf(features),
    ],
  });
  const closeFeatures = () => {
    for (const feature of [...features].reverse()) feature.close?.();
  };
  const serve = async () => {
    await apollo.start();
    return serveApollo(httpServer, apollo, {
      port: options.port,
      host: options.host,
      context: async (request, body) => {
        const context: GatewayContext = {
          identity: null,
          requestId: randomUUID(),
          ...(Array.isArray(body) ? { batch: body } : {}),
        };
        for (const feature of features) if (feature.context) Object.assign(context, await feature.context(request));
        // One trace id per request, the client's when it sent one; forwarded to every subgraph (caller-forwarding.ts).
        const traceId = currentTraceId(request.headers) ?? randomTraceId();
        return { ...context, traceId, log: requestLogger(logger, context.requestId, traceId) };
      },
      ready: async () => supergraph.loaded && !stopping,
      publicRoutes: routesOf(features, 'publicRoutes'),
      routesToken: settings.routesToken,
      routes: {
        '/health/subgraphs': async () => ({
          supergraph: { refusals: supergraph.refusals, lastRefusal: supergraph.refusal ?? null },
          ...Object.assign({}, ...features.map((feature) => feature.health?.() ?? {})),
        }),
        ...routesOf(features, 'routes'),
      },
      corsOrigins: settings.corsOrigins,
      corsAllowLocalhost: settings.corsAllowLocalhost,
      maxBatchSize: settings.limits.maxBatchSize,
      service: 'gateway',
      log: logger,
      pages: async (request, response, url) => {
        for (const feature of features) if (await feature.pages?.(request, response, url)) return true;
        return false;
      },
    });
  };
  // A gateway that cannot start leaves no watcher, timer or socket pool behind.
  const served = await serve().catch(async (error) => {
    await apollo
      .stop()
      .catch((stopError: unknown) =>
        logger.warn({ err: stopError }, 'the gateway failed to start and did not stop cleanly either'),
      );
    closeFeatures();
    throw error;
  });
  return {
    url: served.url,
    port: served.port,
    resilience,
    supergraph,
    metrics,
    trustedDocuments,
    async stop() {
      stopping = true;
      await apollo.stop();
      closeFeatures();
    },
  };
}
