/**
 * The Apollo gateway: serves the composed supergraph read from a file (never introspection,
 * so a subgraph that is down cannot stop the gateway from starting), reloads it when the file
 * changes, and routes each subgraph's share of a query to the URL in the supergraph, or to an
 * override from config, behind a timeout and a circuit breaker.
 */
import '../subgraphs/shared/no-telemetry';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloGateway } from '@apollo/gateway';
import { loadConfig, ResilienceSettings, SANDBOX_ORIGIN } from '../subgraphs/shared/config';
import { formatError, withoutSuggestions } from '../subgraphs/shared/errors';
import { createHttpServer, serveApollo } from '../subgraphs/shared/http';
import { operationsToken } from '../subgraphs/shared/operations-token';
import { SubgraphResilience } from './resilience';
import type { WindowTime } from './window-time';
import { readinessProbe, ReadinessProbe } from './readiness';
import { applyTuning, GatewayTuning, resolveTuning, TuningName } from './tuning';
import { EntityCache, entityCacheStats } from './entity-cache';
import { readPersonalFields } from './personal-data-masking';
import type { PersonalDataKind } from '../subgraphs/shared/personal-data';
import { PartnerReadAudit } from './partner-read-audit';
import { validateSharedScalarsAtGateway } from './scalars';
import { gatewaySecurity, SecurityOptions } from './security';
import type { RefusalMode } from './refusal-filter';
import { SupergraphFile, supergraphForGateway } from './supergraph-file';
import { createLogger, Logger, requestLogger } from '../subgraphs/shared/logger';
import { requestLoggingPlugin } from '../subgraphs/shared/request-logging';
import { currentTraceId, randomTraceId } from '../subgraphs/shared/tracing';
import { TextResponse } from '../subgraphs/shared/http';
import { GatewayMetrics, listedOperationNames } from './metrics';
import { explorerDefaults, landingPagePlugin, schemaAccessPlugin } from './sandbox';
import { TrustedDocuments, TrustedDocumentsMode, trustedDocumentsPlugin } from './trusted-documents';
import { cacheHintsPlugin } from './cache-hints';
import { deferRefusalPlugin } from './defer-refusal';
import { browserPages } from './browser-pages';

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
  /** The entity cache (entity-cache.ts) when the tuning has it: REDIS_URL and ENTITY_CACHE_TTL_SECONDS from config when not given. */
  entityCache?: { redisUrl?: string; ttlSeconds?: number; namespace?: string };
  /** 'safelist' runs only the manifest's operations (see trusted-documents.ts); from config when not given. */
  trustedDocuments?: TrustedDocumentsMode;
  persistedQueryManifestPath?: string;
  /** What the circuits' windows and callers' shares are judged by (see window-time.ts); real time when not given. */
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
  let probe: ReadinessProbe | undefined;
  const resilience = new SubgraphResilience(
    { ...defaults.resilience, ...options.resilience },
    (message) => logger.warn(message),
    (name, url) => probe!(name, url),
    options.windowTime,
  );
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
  // The supergraph's personal-data marks, read once per load for masking, the entity cache and the partner read audit.
  let personalFields: ReadonlyMap<string, PersonalDataKind> = new Map();
  const security = gatewaySecurity(() => servingSupergraph, () => personalFields, { ...securityConfig, windowTime: options.windowTime });
  probe = readinessProbe(security.callerKeys.signing, securityConfig.trust.callerTokenTtlSeconds);
  const tuning = applyTuning(options.tuning);
  let personalFieldNames: ReadonlySet<string> = new Set();
  const cacheTtl = options.entityCache?.ttlSeconds ?? defaults.entityCacheTtlSeconds;
  const entityCache = resolveTuning(options.tuning).entityCache && cacheTtl > 0
    ? new EntityCache({ ttlSeconds: cacheTtl, redisUrl: options.entityCache ? options.entityCache.redisUrl : config.redisUrl, namespace: options.entityCache?.namespace, personalFieldNames: () => personalFieldNames })
    : undefined;
  if (entityCache) metrics.observeEntityCache(entityCacheStats);
  const subgraphUrls = new Map<string, string>();
  const partnerReadAudit = new PartnerReadAudit({
    url: () => subgraphUrls.get('population'),
    signer: security.callerKeys.signing,
    ttlSeconds: securityConfig.trust.callerTokenTtlSeconds,
    timeoutMs: options.resilience?.timeoutMs ?? defaults.resilience.timeoutMs,
  });
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph.hook,
    ...tuning.gateway,
    // Signed caller forwarding innermost, under the per-subgraph timeout, retries and breaker;
    // cached entities above them all, so a hit sends nothing.
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls?.[name] ?? url!;
      subgraphUrls.set(name, target);
      return tuning.service(security.buildService({ name, url: target }), (source) => {
        // Timed inside the cache: a hit is not a subgraph fetch. Partners' marked fields are
        // audited outside the retries, so a retried fetch is recorded once.
        const protectedSource = partnerReadAudit.wrap(name, metrics.timeFetches(name, resilience.protect(name, source)));
        return entityCache ? entityCache.wrap(name, protectedSource) : protectedSource;
      });
    },
  });
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl, apiSchema }) => {
    servingSupergraph = coreSupergraphSdl;
    personalFields = readPersonalFields(coreSupergraphSdl);
    personalFieldNames = new Set([...personalFields.keys()].map((coordinate) => coordinate.split('.')[1]));
    partnerReadAudit.update(apiSchema, personalFields);
  });
  validateSharedScalarsAtGateway(gateway);
  const trustedMode = options.trustedDocuments ?? config.trustedDocuments;
  const trustedDocuments = new TrustedDocuments(
    options.persistedQueryManifestPath ?? defaults.persistedQueryManifestPath,
    options.supergraphPollMs ?? defaults.supergraphPollMs,
    options.security?.limits?.maxTokens ?? config.limits.maxTokens,
  );
  trustedDocuments.start(trustedMode === 'safelist');
  const explorer = await explorerDefaults(Boolean(options.production), securityConfig.auth);
  const httpServer = createHttpServer();
  const apollo = new ApolloServer({
    gateway,
    formatError: options.production ? withoutSuggestions(formatError) : formatError,
    // Production answers introspection to schema:read only (sandbox.ts).
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // Signals are handled by our own shutdown, which also closes the database.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: true,
    // Safelisting leaves no way to register a query; development keeps automatic persisted queries.
    ...(trustedMode === 'safelist' ? { persistedQueries: false as const } : {}),
    validationRules: security.validationRules,
    parseOptions: security.parseOptions,
    plugins: [
      trustedDocumentsPlugin(trustedDocuments, trustedMode),
      ...tuning.plugins,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      landingPagePlugin(Boolean(options.production), explorer),
      schemaAccessPlugin(Boolean(options.production)),
      ...security.plugins,
      partnerReadAudit.plugin(),
      metrics.plugin(),
      requestLoggingPlugin(logger, 'info', metrics.operationLabel),
      cacheHintsPlugin(() => servingSupergraph),
      deferRefusalPlugin(),
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
    // Public keys only: every subgraph, a partner's included, verifies assertions by their `kid` here.
    publicRoutes: { '/.well-known/jwks.json': async () => security.callerKeys.jwks() },
    routesToken: operationsToken(options.security?.trust?.gatewaySecret ?? config.trust.gatewaySecret, options.security?.trust?.operationsToken ?? config.trust.operationsToken),
    routes: {
      '/health/subgraphs': async () => ({
        subgraphs: resilience.health(),
        supergraph: { refusals: supergraph.refusals, lastRefusal: supergraph.refusal ?? null },
        ...(entityCache ? { entityCache: entityCacheStats() } : {}),
      }),
      '/metrics': async () => new TextResponse(metrics.registry.contentType, await metrics.registry.metrics()),
    },
    corsOrigins: [...(options.corsOrigins ?? config.corsOrigins), ...(options.production ? [] : [SANDBOX_ORIGIN])],
    corsAllowLocalhost: !options.production && (options.corsAllowLocalhost ?? config.corsAllowLocalhost),
    maxBatchSize: options.security?.limits?.maxBatchSize ?? config.limits.maxBatchSize,
    service: 'gateway',
    log: logger,
    pages: browserPages(Boolean(options.production), explorer),
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
      trustedDocuments.stop();
      await apollo.stop();
      resilience.shutdown();
      tuning.close();
      entityCache?.close();
    },
  };
}
