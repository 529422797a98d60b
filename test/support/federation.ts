/**
 * Starts the whole federation for a test file: every subgraph on a free port over its own fresh
 * PostgreSQL database, and the gateway in front of them, all in this process.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { definitions } from '../../subgraphs/definitions';
import { CALLER_HEADER, CallerClaims, operationDigest, signCaller } from '../../subgraphs/shared/caller';
import { AuthConfig, LimitsConfig, loadConfig, SUBGRAPH_NAMES, SubgraphName } from '../../subgraphs/shared/config';
import { ALL_SCOPES, Role } from '../../subgraphs/shared/scopes';
import { RunningSubgraph, startSubgraph, SubgraphDefinition } from '../../subgraphs/shared/subgraph';
import { RunningGateway, startGateway } from '../../gateway/gateway';
import { mintToken, TokenRequest } from '../../gateway/tokens';
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
  /** Sends a token carrying every scope unless `headers` has its own Authorization. */
  query<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** SQL statements each subgraph has sent so far. */
  statements(): Record<SubgraphName, number>;
  /** GraphQL requests each subgraph has received so far, refused ones included. */
  subgraphRequests(): Record<SubgraphName, number>;
  /** A token this federation's gateway accepts (unless the request forges one). */
  token(request?: TokenRequest): Promise<string>;
  /** `{ authorization: 'Bearer ...' }` for a role, as `npm run token` would mint it. */
  as(role: Role, request?: Omit<TokenRequest, 'role'>): Promise<Record<string, string>>;
  /** The header a subgraph accepts for this operation, signed like the gateway signs it (or with another secret). */
  callerHeader(
    subgraph: SubgraphName,
    claims: Partial<CallerClaims>,
    operation: { query: string; variables?: Record<string, unknown> },
    secret?: string,
  ): Promise<Record<string, string>>;
  auth: AuthConfig;
  /** What a subgraph started beside this federation needs as `gatewaySecret` to trust its gateway. */
  gatewaySecret: string;
  stop(): Promise<void>;
}

export interface FederationOptions {
  seed?: boolean;
  production?: boolean;
  limits?: Partial<LimitsConfig>;
  /** Overrides how client tokens are verified, e.g. a JWKS URL. */
  auth?: Partial<AuthConfig>;
  /** Replaces a subgraph's definition, e.g. to run one without a hook. */
  definitions?: Partial<Record<SubgraphName, SubgraphDefinition<any>>>;
}

export const SUPERGRAPH = path.join(loadConfig().projectRoot, 'schema', 'supergraph.graphql');

const testSecret = () => randomBytes(32).toString('base64url');

export async function startFederation(options: FederationOptions = {}): Promise<Federation> {
  const config = loadConfig();
  // Each federation has its own secrets, so a token of one test file opens nothing in another.
  const auth: AuthConfig = {
    ...config.auth,
    jwksUrl: undefined,
    hs256Secret: testSecret(),
    issuer: 'ambon-coverage-test',
    audience: 'ambon-coverage-federation',
    ...options.auth,
  };
  const trust = { gatewaySecret: testSecret(), callerTokenTtlSeconds: 60 };
  const databases = await createTestDatabases(SUBGRAPH_NAMES);
  const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
  try {
    await Promise.all(
      SUBGRAPH_NAMES.map(async (name) => {
        subgraphs[name] = await startSubgraph(options.definitions?.[name] ?? definitions[name], {
          gatewaySecret: trust.gatewaySecret,
          port: 0,
          host: '127.0.0.1',
          databaseUrl: databases.urls[name],
          dataDir: os.tmpdir(),
          poolSize: 10,
          seed: options.seed ?? true,
          quiet: true,
        });
      }),
    );
  } catch (error) {
    await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
    await databases.drop();
    throw error;
  }
  let gateway: RunningGateway;
  try {
    gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      supergraphPath: SUPERGRAPH,
      subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphs[name].url])),
      production: options.production,
      security: { auth, trust, limits: { ...config.limits, ...options.limits } },
    });
  } catch (error) {
    await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
    await databases.drop();
    throw error;
  }
  const token = (request: TokenRequest = {}) => mintToken(auth, request);
  let everyScope: Promise<string> | undefined;
  return {
    gateway,
    subgraphs,
    databases,
    auth,
    gatewaySecret: trust.gatewaySecret,
    async query(query, variables, headers = {}) {
      const authorized = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
      if (authorized) return postGraphQL(gateway.url, query, variables, headers);
      everyScope ??= token({ subject: 'test-suite@ambon.example', agency: 'test suite', scopes: ALL_SCOPES, expiresIn: 3600 });
      return postGraphQL(gateway.url, query, variables, { authorization: `Bearer ${await everyScope}`, ...headers });
    },
    token,
    as: async (role, request = {}) => ({ authorization: `Bearer ${await token({ ...request, role })}` }),
    async callerHeader(subgraph, claims, operation, secret = trust.gatewaySecret) {
      const full: CallerClaims = { subject: 'test', agency: 'test', roles: [], scopes: [], villages: [], operationName: null, requestId: testSecret(), ...claims };
      return { [CALLER_HEADER]: await signCaller(full, subgraph, secret, 60, operationDigest(operation.query, operation.variables ?? {})) };
    },
    subgraphRequests: () => Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphs[name].requestCount()])) as Record<SubgraphName, number>,
    statements: () => Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphs[name].database.statements.count])) as Record<SubgraphName, number>,
    async stop() {
      await gateway.stop();
      await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
      await databases.drop();
    },
  };
}
