/**
 * The one bootstrap every subgraph uses: schema, database, request-scoped context, HTTP server,
 * health probes and shutdown. A subgraph only describes itself as a SubgraphDefinition.
 */
import 'reflect-metadata';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { printSubgraphSchema } from '@apollo/subgraph';
import { GraphQLSchema } from 'graphql';
import { DataSource, EntitySchema } from 'typeorm';
import type { NonEmptyArray } from 'type-graphql';
import { checkOperation, FieldRule, readAccessRules } from './access-rules';
import { Caller, CALLER_HEADER, operationDigest, verifyCaller } from './caller';
import { loadConfig, SubgraphName } from './config';
import { Database, openDatabase } from './database';
import { ErrorCode, formatError } from './errors';
import { buildFederatedSchema, ReferenceResolvers } from './federation';
import { createHttpServer, serveApollo } from './http';

export interface SubgraphContext<TLoaders> {
  db: DataSource;
  loaders: TLoaders;
  /** Who is asking, as the gateway signed it; every request has one or is refused. */
  caller: Caller;
}

export type Seeder = (db: DataSource, log: (message: string) => void) => Promise<void>;

export interface SubgraphDefinition<TLoaders = unknown> {
  name: SubgraphName;
  // eslint-disable-next-line @typescript-eslint/ban-types
  resolvers: NonEmptyArray<Function>;
  // eslint-disable-next-line @typescript-eslint/ban-types
  orphanedTypes?: Function[];
  referenceResolvers?: ReferenceResolvers;
  // eslint-disable-next-line @typescript-eslint/ban-types
  entities: (Function | EntitySchema)[];
  // eslint-disable-next-line @typescript-eslint/ban-types
  migrations: Function[];
  /** Fresh DataLoaders for one request, so batching and caching never leak across callers. */
  createLoaders(db: DataSource, caller: Caller): TLoaders;
  /** Work a response waits for before it leaves, e.g. handing over the read audit; failing it fails the response. */
  beforeResponse?: (context: SubgraphContext<TLoaders>) => Promise<void>;
  /** Work to finish before the database closes, e.g. audit rows still being written. */
  beforeStop?: (db: DataSource) => Promise<void>;
  seed?: Seeder;
}

export interface StartOptions {
  port: number;
  databaseUrl?: string;
  dataDir: string;
  poolSize: number;
  seed?: boolean;
  host?: string;
  quiet?: boolean;
  /** The secret the gateway signs caller assertions with; from config when not given. */
  gatewaySecret?: string;
}

export interface RunningSubgraph {
  name: SubgraphName;
  url: string;
  port: number;
  database: Database;
  /** GraphQL requests received, refused ones included: proves what never reached a subgraph. */
  requestCount(): number;
  stop(): Promise<void>;
}

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
  const log = (message: string) => {
    if (!options.quiet) console.log(`[${definition.name}] ${message}`);
  };
  const schema = await subgraphSchema(definition);
  const database = await openDatabase({
    name: definition.name,
    url: options.databaseUrl,
    dataDir: options.dataDir,
    poolSize: options.poolSize,
    entities: definition.entities,
    migrations: definition.migrations,
  });
  if (options.seed && definition.seed) await definition.seed(database.dataSource, log);

  const gatewaySecret = options.gatewaySecret ?? loadConfig().trust.gatewaySecret;
  let requests = 0;
  const httpServer = createHttpServer();
  const apollo = new ApolloServer<SubgraphContext<TLoaders>>({
    schema,
    formatError,
    // Subgraphs are reached only by the gateway; clients use the gateway's landing page.
    // Inline traces are for Apollo's hosted usage reporting, which this federation does not use.
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      accessRulesPlugin(readAccessRules(printSubgraphSchema(schema))),
      beforeResponsePlugin(definition),
    ],
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();
  const served = await serveApollo(httpServer, apollo, {
    port: options.port,
    host: options.host,
    context: async (request, body) => {
      requests++;
      const header = request.headers[CALLER_HEADER];
      const operation = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as { query?: unknown; variables?: unknown };
      const digest = operationDigest(operation.query, operation.variables);
      const caller = await verifyCaller(Array.isArray(header) ? header[0] : header, definition.name, gatewaySecret, digest);
      return { db: database.dataSource, caller, loaders: definition.createLoaders(database.dataSource, caller) };
    },
    ready: async () => {
      await database.dataSource.query('SELECT 1');
      return true;
    },
    routes: { '/metrics': async () => ({ sqlStatements: database.statements.count, graphqlRequests: requests }) },
  });
  log(`ready at ${served.url}${database.embedded ? ' (embedded database)' : ''}`);
  return {
    name: definition.name,
    url: served.url,
    port: served.port,
    database,
    requestCount: () => requests,
    async stop() {
      await apollo.stop();
      await definition.beforeStop?.(database.dataSource);
      await database.close();
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
function beforeResponsePlugin<TLoaders>(definition: SubgraphDefinition<TLoaders>): ApolloServerPlugin<SubgraphContext<TLoaders>> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (!definition.beforeResponse) return;
          try {
            await definition.beforeResponse(contextValue);
          } catch (error) {
            console.error(`[${definition.name}] before-response work failed:`, error);
            response.body = {
              kind: 'single',
              singleResult: { errors: [{ message: 'Internal server error: the failure has been logged.', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] },
            };
          }
        },
      };
    },
  };
}
