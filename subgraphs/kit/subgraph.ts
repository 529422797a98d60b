/**
 * The one bootstrap every subgraph uses: schema, database, request-scoped context, HTTP server,
 * health probes and shutdown. A subgraph only describes itself as a SubgraphDefinition.
 */
import '../../platform/no-telemetry';
import 'reflect-metadata';
import { createPrivateKey } from 'node:crypto';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { printSubgraphSchema } from '@apollo/subgraph';
import { GraphQLSchema } from 'graphql';
import { DataSource, EntitySchema } from 'typeorm';
import type { NonEmptyArray } from 'type-graphql';
import { actorOf } from '../../contract/actor';
import { checkOperation, FieldRule, readAccessRules } from '../../contract/access-rules';
import { Caller, CALLER_HEADER, operationDigest, ReplayGuard, verifyCaller } from '../../contract/caller';
import {
  callerKeysFrom,
  CallerKeys,
  CallerSigningKey,
  derivedSigningKey,
  localCallerKeys,
  readPublicKeys,
  signingKeyFrom,
} from '../../contract/caller-keys';
import { writeAnnouncer } from '../../contract/entity-invalidation';
import { useEntityIdSecret } from '../../contract/entity-id';
import { sealCursorsWith } from './pagination';
import { SubgraphSettings } from './settings';
import { SubgraphName } from '../../contract/subgraph-names';
import { Database, openDatabase } from '../../platform/database';
import { DomainError, ErrorCode, formatError } from '../../platform/errors';
import { buildFederatedSchema, ReferenceResolvers } from '../../contract/federation';
import { createHttpServer, serveApollo } from '../../platform/http';
import { PeerClient } from './peer';
import { ownerMaskingPlugin } from './owner-masking';
import { inProcessReplayGuard, redisReplayGuard } from '../../contract/replay-guard';
import { operationsToken } from '../../platform/operations-token';
import { jitExecutor, SubgraphExecutor } from '../../platform/jit-executor';
import { createLogger, Logger, requestLogger } from '../../platform/logger';
import { serviceRegistry, SubgraphMetrics, UpkeepSettled } from '../../platform/metrics';
import { requestLoggingPlugin } from '../../platform/request-logging';
import { observePool } from '../../platform/sql-observer';
import { currentTraceId, randomTraceId } from '../../platform/tracing';
import { TextResponse } from '../../platform/http';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { Pool } from 'pg';

export interface SubgraphContext<TLoaders> {
  db: DataSource;
  loaders: TLoaders;
  /** Who is asking, as the gateway signed it; every request has one or is refused. */
  caller: Caller;
  /** The caller's name as the audit trail records it on every write (see actor.ts). */
  actor: string;
  /** Calls to the other subgraphs on the caller's behalf (see peer.ts). */
  peers: PeerClient;
  /** This request's log lines: its request id and trace id on each (see logger.ts). */
  log?: Logger;
  /** The subgraph's settings, as its process resolved them (e.g. the claim approval cap). */
  settings: SubgraphSettings;
}

/** What background upkeep gets: the subgraph's database and its way to the others. */
export interface MaintenanceContext {
  db: DataSource;
  peers: PeerClient;
  /** The subgraph's own service identity, for upkeep that calls other subgraphs. */
  caller: Caller;
  log: (message: string) => void;
  /** The subgraph's structured logger, for failures of background work (not tied to a request). */
  logger: Logger;
  /** The subgraph's settings, e.g. how often its heartbeat beats. */
  settings: SubgraphSettings;
}

export type Seeder = (db: DataSource, log: (message: string) => void) => Promise<void>;

export interface SubgraphDefinition<TLoaders = unknown> {
  name: SubgraphName;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- typeorm and type-graphql take classes typed as Function
  resolvers: NonEmptyArray<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- typeorm and type-graphql take classes typed as Function
  orphanedTypes?: Function[];
  referenceResolvers?: ReferenceResolvers;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- typeorm and type-graphql take classes typed as Function
  entities: (Function | EntitySchema)[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- typeorm and type-graphql take classes typed as Function
  migrations: Function[];
  /** Fresh DataLoaders for one request, so batching and caching never leak across callers. */
  createLoaders(db: DataSource, caller: Caller): TLoaders;
  /** Work a response waits for before it leaves, e.g. handing over the read audit; failing it fails the response. */
  beforeResponse?: (context: SubgraphContext<TLoaders>) => Promise<void>;
  /** Work to finish before the database closes, e.g. audit rows still being written. */
  beforeStop?: (db: DataSource) => Promise<void>;
  seed?: Seeder;
  /** The subgraphs this one calls (they must be running first). */
  calls?: SubgraphName[];
  /** Upkeep run at start-up, on an interval and on demand, e.g. settling half-finished writes; may report what it settled (upkeep_settled_total). */
  maintain?: (context: MaintenanceContext) => Promise<void | UpkeepSettled>;
  /** Work that runs while the subgraph serves (e.g. a heartbeat); resolves to how to stop it. */
  whileServing?: (context: MaintenanceContext) => Promise<() => Promise<void>>;
}

export interface StartOptions {
  /**
   * The process's settings (resolveSubgraphSettings): trust, secrets, Redis, logging and the
   * subgraph's own rules; the options below, where given, override them.
   */
  settings: SubgraphSettings;
  port: number;
  databaseUrl?: string;
  dataDir: string;
  poolSize: number;
  seed?: boolean;
  host?: string;
  quiet?: boolean;
  /** Where the other subgraphs answer. */
  peerUrls?: Partial<Record<SubgraphName, string>>;
  /** 0 runs upkeep only at start-up (and when asked). */
  maintenanceIntervalMs?: number;
  /** The secret the gateway signs caller assertions with; from settings when not given. */
  gatewaySecret?: string;
  /** Only the assertions' public key(s) (PEM, JWK or JWKS), as a partner is given them: verify, never sign. */
  callerPublicKey?: string;
  /** The trusted public keys by `kid` (e.g. the gateway's JWKS URL, see caller-keys.ts); from settings when not given. */
  callerKeys?: CallerKeys;
  /** The key this subgraph signs its calls to others with; from settings (or `gatewaySecret`) when not given. */
  callerSigningKey?: CallerSigningKey;
  /** Redis shared by this subgraph's replicas to accept each caller assertion once; from settings when not given. */
  replayRedisUrl?: string;
  /** Where log lines go; from the settings' LOG_LEVEL, LOG_FORMAT and LOG_FILE when not given. */
  logger?: Logger;
  /** Also export the process's CPU, memory and event-loop figures (once per process). */
  processMetrics?: boolean;
  /** Where this subgraph announces its writes to the gateways' entity caches; the settings' REDIS_URL when not given, '' for nowhere. */
  redisUrl?: string;
  /** Names the federation's cache keys and channel in that Redis (see entity-invalidation.ts). */
  cacheNamespace?: string;
  /** Which executor runs operations: graphql-js unless a benchmark asks for graphql-jit (jit-executor.ts). */
  executor?: SubgraphExecutor;
}

export interface RunningSubgraph {
  name: SubgraphName;
  url: string;
  port: number;
  database: Database;
  /** This subgraph's calls to the others under its own service identity. */
  peers: PeerClient;
  /** Runs the subgraph's upkeep now and resolves when it is done. */
  maintain(): Promise<void>;
  /** GraphQL requests received, refused ones included: proves what never reached a subgraph. */
  requestCount(): number;
  /** The series served at /metrics. */
  metrics: SubgraphMetrics;
  logger: Logger;
  stop(): Promise<void>;
}

/**
 * A malformed variable (an impossible Date, a fractional Rupiah) is answered with HTTP 200 and
 * its BAD_USER_INPUT error: on a 400 the gateway would pass on only "400: Bad Request".
 */
const badVariablesAnswered: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        if (response.http.status === 400 && errors?.every((e) => e.extensions?.code === 'BAD_USER_INPUT'))
          response.http.status = 200;
      },
    };
  },
};

const schemas = new Map<SubgraphDefinition<any>, Promise<GraphQLSchema>>();

/** type-graphql keeps global metadata, so each subgraph's schema is built once per process. */
export function subgraphSchema(definition: SubgraphDefinition<any>): Promise<GraphQLSchema> {
  let schema = schemas.get(definition);
  if (!schema) {
    schema = buildFederatedSchema(
      { resolvers: definition.resolvers, orphanedTypes: definition.orphanedTypes },
      definition.referenceResolvers,
    );
    schemas.set(definition, schema);
  }
  return schema;
}

export async function subgraphSdl(definition: SubgraphDefinition<any>): Promise<string> {
  return printSubgraphSchema(await subgraphSchema(definition));
}

export async function startSubgraph<TLoaders>(
  definition: SubgraphDefinition<TLoaders>,
  options: StartOptions,
): Promise<RunningSubgraph> {
  const { settings } = options;
  const logger = options.logger ?? createLogger(definition.name, settings.logging);
  // Every subgraph of a process seals cursors and names entities with the keys its settings hold.
  sealCursorsWith(settings.cursorSecret);
  useEntityIdSecret(settings.entityIdSecret);
  const log = (message: string) => {
    if (!options.quiet) logger.info(message);
  };
  const metrics = new SubgraphMetrics(serviceRegistry(definition.name, options.processMetrics));
  const schema = await subgraphSchema(definition);
  const database = await openDatabase({
    name: definition.name,
    url: options.databaseUrl,
    dataDir: options.dataDir,
    poolSize: options.poolSize,
    entities: definition.entities,
    migrations: definition.migrations,
    quiet: options.quiet,
  });
  if (options.seed && definition.seed) await definition.seed(database.dataSource, log);
  const pool = () => (database.dataSource.driver as PostgresDriver).master as Pool | undefined;
  observePool(pool()!, definition.name, metrics);
  metrics.observePool(pool, options.databaseUrl ? options.poolSize : 1);
  const { trust, production } = settings;
  // A subgraph given only public keys verifies assertions and can sign none (no peer calls).
  const verifyOnly = Boolean(options.callerPublicKey || options.callerKeys);
  const signingSecret = options.gatewaySecret ?? (verifyOnly ? '' : trust.gatewaySecret);
  // Only a subgraph that calls others signs, so only it needs a signing key.
  const signer =
    !definition.calls?.length || verifyOnly
      ? undefined
      : (options.callerSigningKey ??
        (options.gatewaySecret ? derivedSigningKey(options.gatewaySecret) : signingKeyFrom(trust, production)));
  const callerKeys =
    options.callerKeys ??
    (options.callerPublicKey ? localCallerKeys(readPublicKeys(options.callerPublicKey)) : undefined) ??
    (options.callerSigningKey || options.gatewaySecret
      ? localCallerKeys([
          createPrivateKey((options.callerSigningKey ?? derivedSigningKey(options.gatewaySecret!)).privateKeyPem),
        ])
      : undefined) ??
    callerKeysFrom(trust, production);
  if (!callerKeys)
    throw new Error(
      `${definition.name}: set CALLER_JWKS_URL (or CALLER_PUBLIC_KEY) so it can verify the gateway's caller assertions`,
    );
  const replayRedisUrl = options.replayRedisUrl ?? trust.replayRedisUrl;
  const replays: ReplayGuard & { close?: () => void } = replayRedisUrl
    ? redisReplayGuard(replayRedisUrl)
    : inProcessReplayGuard();
  const redisUrl = options.redisUrl === undefined ? settings.redisUrl : options.redisUrl || undefined;
  const announcer = redisUrl ? writeAnnouncer(definition.name, redisUrl, options.cacheNamespace) : undefined;
  const peerClient = new PeerClient(options.peerUrls ?? {}, { signer, ttlSeconds: trust.callerTokenTtlSeconds });
  // Upkeep has no client behind it: it calls other subgraphs as this subgraph's own service identity.
  const serviceCaller = Caller.service(definition.name);
  const servicePeers = peerClient.onBehalfOf(serviceCaller);
  let requests = 0;
  const httpServer = createHttpServer();
  const apollo = new ApolloServer<SubgraphContext<TLoaders>>({
    ...(options.executor === 'jit' ? { gateway: jitExecutor(schema) } : { schema }),
    formatError,
    // Subgraphs are reached only by the gateway; clients use the gateway's landing page.
    // Inline traces are for Apollo's hosted usage reporting, which this federation does not use;
    // no field carries a cache hint, so per-field cache-control bookkeeping is pure cost.
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      badVariablesAnswered,
      metrics.plugin(),
      requestLoggingPlugin<SubgraphContext<TLoaders>>(logger, 'debug'),
      accessRulesPlugin(readAccessRules(printSubgraphSchema(schema))),
      ownerMaskingPlugin(printSubgraphSchema(schema)),
      beforeResponsePlugin(definition, logger),
      ApolloServerPluginCacheControlDisabled(),
      ...(announcer ? [announcer.plugin] : []),
    ],
    includeStacktraceInErrorResponses: false,
    // Signals are handled by our own shutdown, which also closes the database.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const served = await serveApollo(httpServer, apollo, {
    port: options.port,
    host: options.host,
    context: async (request, body) => {
      requests++;
      const header = request.headers[CALLER_HEADER];
      const operation = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as {
        query?: unknown;
        variables?: unknown;
      };
      const digest = operationDigest(operation.query, operation.variables);
      const caller = await verifyCaller(
        Array.isArray(header) ? header[0] : header,
        definition.name,
        callerKeys,
        digest,
        replays,
      );
      // A request from upkeep, or from outside the gateway, starts a trace of its own.
      const traceId = currentTraceId(request.headers) ?? randomTraceId();
      const requestLog = requestLogger(logger, caller.claims.requestId, traceId);
      return {
        db: database.dataSource,
        caller,
        actor: actorOf(caller),
        peers: peerClient.onBehalfOf(caller, traceId),
        loaders: definition.createLoaders(database.dataSource, caller),
        log: requestLog,
        settings,
      };
    },
    ready: async () => {
      await database.dataSource.query('SELECT 1');
      return true;
    },
    routes: {
      // Prometheus text; the JSON counts stay for clients asking for JSON (the benchmarks).
      '/metrics': async (request) =>
        (request.headers.accept ?? '').includes('application/json')
          ? { sqlStatements: database.statements.count, graphqlRequests: requests }
          : new TextResponse(metrics.registry.contentType, await metrics.registry.metrics()),
    },
    routesToken: operationsToken(signingSecret || undefined, trust.operationsToken),
    service: definition.name,
    log: logger,
  });
  log(`ready at ${served.url}${database.embedded ? ' (embedded database)' : ''}`);
  const maintenance: MaintenanceContext = {
    db: database.dataSource,
    peers: servicePeers,
    caller: serviceCaller,
    log,
    logger,
    settings,
  };
  const stopServing = await definition.whileServing?.(maintenance);
  const maintain = definition.maintain;
  const upkeep = maintain
    ? scheduleUpkeep(
        () => metrics.timeUpkeep(() => maintain(maintenance)),
        options.maintenanceIntervalMs ?? 0,
        (message) => logger.warn(message),
      )
    : undefined;
  return {
    name: definition.name,
    url: served.url,
    port: served.port,
    database,
    peers: servicePeers,
    maintain: async () => upkeep?.runNow(),
    requestCount: () => requests,
    metrics,
    logger,
    async stop() {
      await upkeep?.stop();
      await apollo.stop();
      await stopServing?.();
      await definition.beforeStop?.(database.dataSource);
      await database.close();
      replays.close?.();
      announcer?.close();
    },
  };
}

/**
 * Upkeep at start-up (after the server listens, since it may call peers that call back) and
 * then every `intervalMs`, never two runs at once; a failed scheduled run is logged and retried
 * next time, a failed run on demand throws to its caller.
 */
function scheduleUpkeep(run: () => Promise<void>, intervalMs: number, log: (message: string) => void) {
  let running: Promise<void> = Promise.resolve();
  const next = () => (running = running.catch(() => undefined).then(run));
  const scheduled = () => void next().catch((error) => log(`upkeep failed, will retry: ${(error as Error).message}`));
  scheduled();
  const timer = intervalMs > 0 ? setInterval(scheduled, intervalMs) : undefined;
  timer?.unref();
  return {
    runNow: next,
    async stop() {
      if (timer) clearInterval(timer);
      // Already reported: a scheduled run's failure was logged, a runNow's thrown to its caller.
      // eslint-disable-next-line no-restricted-syntax
      await running.catch(() => undefined);
    },
  };
}

/**
 * The scopes this subgraph's own SDL declares, checked on every operation it receives, once per
 * request rather than once per field and row; a denied field refuses the request.
 */
function accessRulesPlugin<TLoaders>(rules: Map<string, FieldRule>): ApolloServerPlugin<SubgraphContext<TLoaders>> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, contextValue }) {
          const { caller } = contextValue;
          if (operation) checkOperation(rules, schema, document, operation, caller.anonymous ? null : caller.scopes);
        },
      };
    },
  };
}

/** Runs the definition's before-response work; data whose read could not be recorded does not leave. */
function beforeResponsePlugin<TLoaders>(
  definition: SubgraphDefinition<TLoaders>,
  logger: Logger,
): ApolloServerPlugin<SubgraphContext<TLoaders>> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (!definition.beforeResponse) return;
          try {
            await definition.beforeResponse(contextValue);
          } catch (error) {
            (contextValue.log ?? logger).error({ err: error }, 'before-response work failed');
            // A coded refusal (the read audit too far behind: AUDIT_UNAVAILABLE) keeps its code, so the client can retry.
            const refusal =
              error instanceof DomainError
                ? { message: error.message, extensions: { code: error.extensions.code } }
                : undefined;
            response.body = {
              kind: 'single',
              singleResult: {
                errors: [
                  refusal ?? {
                    message: 'Internal server error: the failure has been logged.',
                    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
                  },
                ],
              },
            };
          }
        },
      };
    },
  };
}
