/**
 * The project's real gateway in front of a few small subgraphs made in the test: each an SDL and
 * its resolvers (@apollo/subgraph), served in this process on a free port, composed with
 * @apollo/composition into a supergraph in a temporary directory. A gateway feature that touches
 * no database is tested here, once, in seconds; the seeded four-database federation
 * (federation.ts) is for the domain's journeys.
 *
 * Each subgraph checks the caller assertion as every real subgraph does (verifyCaller, with a
 * replay guard), so a gateway that forgot to sign, or signed for another operation, fails here too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';
import { compose } from '../../tools/schema/compose';
import {
  Caller,
  CALLER_HEADER,
  CallerClaims,
  callerKeyPair,
  operationDigest,
  verifyCaller,
} from '../../contract/caller';
import { AuthConfig, LimitsConfig, resolveGatewaySettings } from '../../gateway/server/settings';
import { formatError } from '../../platform/errors';
import { createHttpServer, serveApollo } from '../../platform/http';
import { inProcessReplayGuard } from '../../contract/replay-guard';
import { ALL_SCOPES, Role } from '../../contract/scopes';
import { GatewayOptions, RunningGateway, startGateway } from '../../gateway/server/gateway';
import { mintToken, TokenRequest } from '../../gateway/authentication/tokens';
import { GraphQLResponse, postGraphQL, signedCallerHeader, testAuth, testTrust } from './credentials';
import { createLogger } from '../../platform/logger';

/** What a small subgraph's resolvers receive: the caller the gateway vouched for. */
export interface InlineContext {
  caller: Caller;
  request: http.IncomingMessage;
}

export interface InlineSubgraph {
  name: string;
  /** Federation 2 SDL, with the directives the gateway reads (@authenticated, @requiresScopes, @tag...). */
  typeDefs: string;
  // Resolvers receive an InlineContext as their third argument.
  resolvers: GraphQLResolverMap<any>;
}

export interface TestSubgraph {
  name: string;
  url: string;
  port: number;
  /** GraphQL requests received so far, refused ones included. */
  requests(): number;
  stop(): Promise<void>;
  /** Back on the same port after stop(). */
  start(): Promise<void>;
}

export interface GatewayTesterOptions {
  subgraphs: InlineSubgraph[];
  /** Gateway options beyond the defaults federation.ts uses too. */
  gateway?: Partial<GatewayOptions>;
  /** Overrides how client tokens are verified, e.g. a JWKS URL. */
  auth?: Partial<AuthConfig>;
  limits?: Partial<LimitsConfig>;
  production?: boolean;
}

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: GraphQLResponse<T>;
}

export interface GatewayTester {
  url: string;
  gateway: RunningGateway;
  subgraphs: Record<string, TestSubgraph>;
  /** The composed supergraph, and the file the gateway serves it from. */
  supergraphSdl: string;
  supergraphPath: string;
  /** A directory removed by close(), for files a test hands the gateway (manifests, supergraphs). */
  directory: string;
  auth: AuthConfig;
  gatewaySecret: string;
  /** Sends a token carrying every scope unless `headers` has its own Authorization. */
  query<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  /** POSTs any JSON body (a batch, an id alone...) and keeps the status and headers. */
  send<T = any>(payload: unknown, headers?: Record<string, string>, url?: string): Promise<Answer<T>>;
  token(request?: TokenRequest): Promise<string>;
  /** `{ authorization: 'Bearer ...' }` for a role, as `npm run token` would mint it. */
  as(role: Role, request?: Omit<TokenRequest, 'role'>): Promise<Record<string, string>>;
  /** The header a subgraph accepts for this operation, signed as this tester's gateway signs it. */
  callerHeader(
    subgraph: string,
    claims: Partial<CallerClaims>,
    operation: { query: string; variables?: Record<string, unknown> },
  ): Promise<Record<string, string>>;
  /** Subgraph requests so far, by subgraph name. */
  subgraphRequests(): Record<string, number>;
  /** Another gateway in front of the same subgraphs, stopped by close(). */
  startGateway(options?: Partial<GatewayOptions>): Promise<RunningGateway>;
  close(): Promise<void>;
}

/** Composes the subgraphs as `npm run compose` does; throws with every composition error. */
export function composeInline(subgraphs: { name: string; typeDefs: string; url?: string }[]): string {
  const composition = compose(
    subgraphs.map((s) => ({ name: s.name, url: s.url ?? `http://127.0.0.1:1/${s.name}`, typeDefs: s.typeDefs })),
  );
  if (!composition.ok) throw new Error(`the inline subgraphs do not compose:\n${composition.errors.join('\n')}`);
  return composition.supergraphSdl;
}

async function serveInline(definition: InlineSubgraph, publicKey: string): Promise<TestSubgraph> {
  const schema = buildSubgraphSchema({ typeDefs: parse(definition.typeDefs), resolvers: definition.resolvers });
  const replays = inProcessReplayGuard();
  let requests = 0;
  let port = 0;
  let running: { apollo: ApolloServer<InlineContext> } | undefined;
  const subgraph: TestSubgraph = {
    name: definition.name,
    url: '',
    port: 0,
    requests: () => requests,
    async start() {
      const httpServer = createHttpServer();
      const apollo = new ApolloServer<InlineContext>({
        schema,
        formatError,
        includeStacktraceInErrorResponses: false,
        stopOnTerminationSignals: false,
        plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginInlineTraceDisabled()],
      });
      await apollo.start();
      const served = await serveApollo(httpServer, apollo, {
        port,
        host: '127.0.0.1',
        service: definition.name,
        ready: async () => true,
        context: async (request, body) => {
          requests++;
          const header = request.headers[CALLER_HEADER];
          const operation = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as {
            query?: unknown;
            variables?: unknown;
          };
          const caller = await verifyCaller(
            Array.isArray(header) ? header[0] : header,
            definition.name,
            publicKey,
            operationDigest(operation.query, operation.variables),
            replays,
          );
          return { caller, request };
        },
      });
      port = served.port;
      Object.assign(subgraph, { url: served.url, port: served.port });
      running = { apollo };
    },
    async stop() {
      const stopping = running;
      running = undefined;
      await stopping?.apollo.stop();
    },
  };
  await subgraph.start();
  return subgraph;
}

export async function startGatewayTester(options: GatewayTesterOptions): Promise<GatewayTester> {
  // The settings a gateway process would resolve from this test run's environment; the test's own secrets on top.
  const settings = resolveGatewaySettings(process.env);
  const auth = testAuth(options.auth);
  const trust = testTrust();
  const publicKey = callerKeyPair(trust.gatewaySecret).publicKey;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gateway-tester-'));
  const subgraphs: Record<string, TestSubgraph> = {};
  const gateways: RunningGateway[] = [];
  const close = async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
    fs.rmSync(directory, { recursive: true, force: true });
  };
  try {
    for (const served of await Promise.all(options.subgraphs.map((definition) => serveInline(definition, publicKey))))
      subgraphs[served.name] = served;
    const supergraphSdl = composeInline(options.subgraphs.map((s) => ({ ...s, url: subgraphs[s.name].url })));
    const supergraphPath = path.join(directory, 'supergraph.graphql');
    fs.writeFileSync(supergraphPath, supergraphSdl);
    const gatewayWith = async (extra: Partial<GatewayOptions> = {}) => {
      const gateway = await startGateway({
        settings,
        // As a gateway of this test run logs: LOG_LEVEL as the test has it (warnings, unless a test asks for more).
        logger: createLogger('gateway', settings.logging),
        port: 0,
        host: '127.0.0.1',
        supergraphPath,
        production: options.production,
        // Secrets of this tester's own, so a token minted for one test file opens nothing in another.
        security: { auth, trust, limits: { ...settings.limits, ...options.limits } },
        // A test counts subgraph requests: no entity cache unless it asks for one.
        entityCache: { ttlSeconds: 0 },
        ...extra,
      });
      gateways.push(gateway);
      return gateway;
    };
    const gateway = await gatewayWith(options.gateway);
    const token = (request: TokenRequest = {}) => mintToken(auth, request);
    let everyScope: Promise<string> | undefined;
    const send = async (payload: unknown, headers: Record<string, string> = {}, url = gateway.url): Promise<Answer> => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(payload),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse };
    };
    return {
      url: gateway.url,
      gateway,
      subgraphs,
      supergraphSdl,
      supergraphPath,
      directory,
      auth,
      gatewaySecret: trust.gatewaySecret,
      async query(query, variables = {}, headers = {}) {
        const authorized = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
        if (authorized) return postGraphQL(gateway.url, query, variables, headers);
        everyScope ??= token({
          subject: 'test-suite@ambon.example',
          agency: 'test suite',
          scopes: ALL_SCOPES,
          expiresIn: 3600,
        });
        return postGraphQL(gateway.url, query, variables, { authorization: `Bearer ${await everyScope}`, ...headers });
      },
      send,
      token,
      as: async (role, request = {}) => ({ authorization: `Bearer ${await token({ ...request, role })}` }),
      callerHeader: (subgraph, claims, operation) =>
        signedCallerHeader(subgraph, claims, operation, trust.gatewaySecret),
      subgraphRequests: () => Object.fromEntries(Object.values(subgraphs).map((s) => [s.name, s.requests()])),
      startGateway: gatewayWith,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
