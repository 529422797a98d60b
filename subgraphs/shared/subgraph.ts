/**
 * The one bootstrap every subgraph uses: schema, database, request-scoped context, HTTP server,
 * health probes and shutdown. A subgraph only describes itself as a SubgraphDefinition.
 */
import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { printSubgraphSchema } from '@apollo/subgraph';
import { GraphQLSchema } from 'graphql';
import { DataSource, EntitySchema } from 'typeorm';
import type { NonEmptyArray } from 'type-graphql';
import { SubgraphName } from './config';
import { Database, openDatabase } from './database';
import { formatError } from './errors';
import { buildFederatedSchema, ReferenceResolvers } from './federation';
import { createHttpServer, serveApollo } from './http';

export interface SubgraphContext<TLoaders> {
  db: DataSource;
  loaders: TLoaders;
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
  createLoaders(db: DataSource): TLoaders;
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
}

export interface RunningSubgraph {
  name: SubgraphName;
  url: string;
  port: number;
  database: Database;
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

  const httpServer = createHttpServer();
  const apollo = new ApolloServer<SubgraphContext<TLoaders>>({
    schema,
    formatError,
    // Subgraphs are reached only by the gateway; clients use the gateway's landing page.
    // Inline traces are for Apollo's hosted usage reporting, which this federation does not use.
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled()],
    includeStacktraceInErrorResponses: false,
    // Signals are handled by our own shutdown, which also closes the database.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const served = await serveApollo(httpServer, apollo, {
    port: options.port,
    host: options.host,
    context: async () => ({ db: database.dataSource, loaders: definition.createLoaders(database.dataSource) }),
    ready: async () => {
      await database.dataSource.query('SELECT 1');
      return true;
    },
    routes: { '/metrics': async () => ({ sqlStatements: database.statements.count }) },
  });
  log(`ready at ${served.url}${database.embedded ? ' (embedded database)' : ''}`);
  return {
    name: definition.name,
    url: served.url,
    port: served.port,
    database,
    async stop() {
      await apollo.stop();
      await database.close();
    },
  };
}
