/**
 * Starts the whole federation for a test file: every subgraph on a free port over its own fresh
 * PostgreSQL database, and the gateway in front of them, all in this process.
 */
import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import { definitions } from '../../subgraphs/definitions';
import { loadConfig, SUBGRAPH_NAMES, SubgraphName } from '../../subgraphs/shared/config';
import { RunningSubgraph, startSubgraph } from '../../subgraphs/shared/subgraph';
import { GatewayOptions, RunningGateway, startGateway } from '../../gateway/gateway';
import { createTestDatabases, TestDatabases } from './databases';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export async function postGraphQL<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}

export interface Federation {
  gateway: RunningGateway;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  databases: TestDatabases;
  query<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Another gateway in front of the same subgraphs, e.g. with other timeouts or routing. */
  startGateway(options?: Partial<GatewayOptions>): Promise<RunningGateway>;
  /** Stops a subgraph as SIGTERM would; `restartSubgraph` brings it back on the same port and database. */
  stopSubgraph(name: SubgraphName): Promise<void>;
  restartSubgraph(name: SubgraphName): Promise<void>;
  /** SQL statements each subgraph has sent so far. */
  statements(): Record<SubgraphName, number>;
  stop(): Promise<void>;
}

// From the project root, so the benchmarks built into dist/ find it too.
export const SUPERGRAPH = path.join(loadConfig().projectRoot, 'schema', 'supergraph.graphql');

export async function startFederation(options: { seed?: boolean; gateway?: Partial<GatewayOptions> } = {}): Promise<Federation> {
  const databases = await createTestDatabases(SUBGRAPH_NAMES);
  const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
  const start = (name: SubgraphName, port: number, seed: boolean) =>
    startSubgraph(definitions[name], {
      port,
      host: '127.0.0.1',
      databaseUrl: databases.urls[name],
      dataDir: os.tmpdir(),
      poolSize: 10,
      seed,
      quiet: true,
      // Callers learn the real free-port URLs of the subgraphs they call, started before them.
      peerUrls: Object.fromEntries((definitions[name].calls ?? []).map((peer) => [peer, subgraphs[peer].url])),
      // Tests run upkeep when they mean to (subgraph.maintain()), never on a timer.
      maintenanceIntervalMs: 0,
    });
  const startFresh = async (name: SubgraphName) => {
    subgraphs[name] = await start(name, 0, options.seed ?? true);
  };
  const callers = SUBGRAPH_NAMES.filter((name) => definitions[name].calls?.length);
  try {
    await Promise.all(SUBGRAPH_NAMES.filter((name) => !callers.includes(name)).map(startFresh));
    await Promise.all(callers.map(startFresh));
  } catch (error) {
    await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
    await databases.drop();
    throw error;
  }
  const subgraphUrls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphs[name].url]));
  const gatewayWith = (extra: Partial<GatewayOptions> = {}) =>
    startGateway({ port: 0, host: '127.0.0.1', supergraphPath: SUPERGRAPH, ...extra, subgraphUrls: { ...subgraphUrls, ...extra.subgraphUrls } });
  const gateway = await gatewayWith(options.gateway);
  const extraGateways: RunningGateway[] = [];
  return {
    gateway,
    subgraphs,
    databases,
    query: (query, variables, headers) => postGraphQL(gateway.url, query, variables, headers),
    async startGateway(extra) {
      const another = await gatewayWith(extra);
      extraGateways.push(another);
      return another;
    },
    stopSubgraph: (name) => subgraphs[name].stop(),
    async restartSubgraph(name) {
      subgraphs[name] = await start(name, subgraphs[name].port, false);
    },
    statements: () => Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphs[name].database.statements.count])) as Record<SubgraphName, number>,
    async stop() {
      await Promise.all([gateway, ...extraGateways].map((g) => g.stop()));
      await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
      await databases.drop();
    },
  };
}
