/**
 * Starts the whole federation for a test file: every subgraph on a free port over its own fresh
 * PostgreSQL database (a seeded one copied from the run's seeded template, see
 * postgres-template.ts), and the gateway in front of them, all in this process.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { definitions } from '../../subgraphs/definitions';
import { CallerClaims, callerKeyPair } from '../../contract/caller';
import { AuthConfig, LimitsConfig, resolveGatewaySettings, resolveLimitsSettings } from '../../gateway/server/settings';
import { PROJECT_ROOT } from '../../platform/settings';
import { createLogger, Logger, loggerSettings } from '../../platform/logger';
import { resolveSubgraphSettings, SubgraphSettings } from '../../subgraphs/kit/settings';
import { SUBGRAPH_NAMES, SubgraphName } from '../../contract/subgraph-names';
import { ALL_SCOPES, Role } from '../../contract/scopes';
import { RunningSubgraph, startSubgraph, SubgraphDefinition } from '../../subgraphs/kit/subgraph';
import { GatewayOptions, RunningGateway, startGateway } from '../../gateway/server/gateway';
import { mintToken, TokenRequest } from '../../gateway/authentication/tokens';
import { createTestDatabases, TestDatabases } from './databases';
import { GraphQLResponse, postGraphQL, signedCallerHeader, testAuth, testTrust } from './credentials';

export { postGraphQL, signedCallerHeader, testAuth, testTrust } from './credentials';
export type { GraphQLResponse } from './credentials';
import { SteppedClock, useClock } from '../../platform/clock';

/**
 * Which database the federation runs on: `FEDERATION_DATABASE=embedded` gives every subgraph its
 * own PGlite (what `npm start` uses), anything else a fresh PostgreSQL database. jest runs every
 * `*.e2e.ts` file once with each (see jest.config.js).
 */
export const FEDERATION_DATABASE: 'embedded' | 'postgres' =
  process.env.FEDERATION_DATABASE === 'embedded' ? 'embedded' : 'postgres';

/**
 * Embedded databases live in a fresh directory per federation, removed with it; a seeded one
 * starts as a copy of the run's seeded template (test/support/embedded-template.ts).
 */
function createEmbeddedDatabases(seeded: boolean): TestDatabases {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'federation-embedded-'));
  const template = process.env.EMBEDDED_TEMPLATE_DIR;
  if (seeded && template) fs.cpSync(template, dataDir, { recursive: true });
  return {
    urls: {},
    dataDir,
    async drop() {
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Federation {
  gateway: RunningGateway;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  databases: TestDatabases;
  /** Sends a token carrying every scope unless `headers` has its own Authorization. */
  query<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  /** Another gateway in front of the same subgraphs, e.g. with other timeouts or routing. */
  startGateway(options?: Partial<GatewayOptions>): Promise<RunningGateway>;
  /** Stops a subgraph as SIGTERM would; `restartSubgraph` brings it back on the same port and database. */
  stopSubgraph(name: SubgraphName): Promise<void>;
  restartSubgraph(name: SubgraphName): Promise<void>;
  /** SQL statements each subgraph has sent so far. */
  statements(): Record<SubgraphName, number>;
  /** GraphQL requests each subgraph has received so far, refused ones included. */
  subgraphRequests(): Record<SubgraphName, number>;
  /** `{ authorization }` for a person with every scope, so the audit trail names `subject`. */
  actingAs(subject: string): Promise<Record<string, string>>;
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
  /**
   * The server clock every subgraph of this federation records facts by: it starts at the real
   * time and moves only when the test sets or steps it.
   */
  clock: SteppedClock;
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
  /** Gateway options beyond the defaults, e.g. other timeouts. */
  gateway?: Partial<GatewayOptions>;
  /** Replaces a subgraph's definition, e.g. to run one without a hook. */
  definitions?: Partial<Record<SubgraphName, SubgraphDefinition<any>>>;
  /** Redis where the subgraphs announce their writes to the gateways' entity caches (none by default)... */
  redisUrl?: string;
  /** ...under this federation's own namespace, which its gateways' caches are given too. */
  cacheNamespace?: string;
}

/** The example partner's subgraph, run as a partner runs it: able to verify the gateway, not to sign. */
export const PARTNER: SubgraphName = 'health';

// From the project root, so the benchmarks built into dist/ find it too.
export const SUPERGRAPH = path.join(PROJECT_ROOT, 'schema', 'supergraph.graphql');

/** A subgraph's settings as its process would resolve them from this test run's environment (LOG_LEVEL and the rest). */
export function testSubgraphSettings(name: SubgraphName, overrides: Record<string, string> = {}): SubgraphSettings {
  return resolveSubgraphSettings({ ...process.env, ...overrides }, name);
}

/** A logger as a service of this test run logs: LOG_LEVEL, LOG_FORMAT and LOG_FILE as the test has them now. */
export function testLogger(service: string): Logger {
  return createLogger(service, loggerSettings(process.env));
}

export async function startFederation(options: FederationOptions = {}): Promise<Federation> {
  const limits = resolveLimitsSettings(process.env);
  const clock = new SteppedClock();
  const replacedClock = useClock(clock);
  // Each federation has its own secrets, so a token of one test file opens nothing in another.
  const auth = testAuth(options.auth);
  const trust = testTrust();
  const seeded = options.seed ?? true;
  const databases =
    FEDERATION_DATABASE === 'embedded'
      ? createEmbeddedDatabases(seeded)
      : await createTestDatabases(SUBGRAPH_NAMES, { seeded });
  const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
  const start = (name: SubgraphName, port: number, seed: boolean) =>
    startSubgraph(options.definitions?.[name] ?? definitions[name], {
      settings: testSubgraphSettings(name),
      // The partner is given the assertions' public key only, as docs/partners.md tells partners.
      ...(name === PARTNER
        ? { callerPublicKey: callerKeyPair(trust.gatewaySecret).publicKey }
        : { gatewaySecret: trust.gatewaySecret }),
      port,
      host: '127.0.0.1',
      databaseUrl: databases.urls[name],
      dataDir: databases.dataDir ?? os.tmpdir(),
      poolSize: 10,
      seed,
      quiet: true,
      // Callers learn the real free-port URLs of the subgraphs they call, started before them.
      peerUrls: Object.fromEntries((definitions[name].calls ?? []).map((peer) => [peer, subgraphs[peer].url])),
      // Tests run upkeep when they mean to (subgraph.maintain()), never on a timer.
      maintenanceIntervalMs: 0,
      redisUrl: options.redisUrl ?? '',
      cacheNamespace: options.cacheNamespace,
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
    startGateway({
      settings: resolveGatewaySettings(process.env),
      port: 0,
      host: '127.0.0.1',
      supergraphPath: SUPERGRAPH,
      production: options.production,
      security: { auth, trust, limits: { ...limits, ...options.limits } },
      logger: testLogger('gateway'),
      // Tests count subgraph requests and stop subgraphs: without the entity cache unless they ask for it (entity-cache.e2e.ts).
      entityCache: { ttlSeconds: 0 },
      ...extra,
      subgraphUrls: { ...subgraphUrls, ...extra.subgraphUrls },
    });
  let gateway: RunningGateway;
  try {
    gateway = await gatewayWith(options.gateway);
  } catch (error) {
    await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
    await databases.drop();
    throw error;
  }
  const extraGateways: RunningGateway[] = [];
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
      everyScope ??= token({
        subject: 'test-suite@ambon.example',
        agency: 'test suite',
        scopes: ALL_SCOPES,
        expiresIn: 3600,
      });
      return postGraphQL(gateway.url, query, variables, { authorization: `Bearer ${await everyScope}`, ...headers });
    },
    token,
    as: async (role, request = {}) => ({ authorization: `Bearer ${await token({ ...request, role })}` }),
    callerHeader: (subgraph, claims, operation, secret = trust.gatewaySecret) =>
      signedCallerHeader(subgraph, claims, operation, secret),
    subgraphRequests: () =>
      Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphs[name].requestCount()])) as Record<
        SubgraphName,
        number
      >,
    async actingAs(subject) {
      return {
        authorization: `Bearer ${await token({ subject, agency: 'test suite', scopes: ALL_SCOPES, expiresIn: 3600 })}`,
      };
    },
    async startGateway(extra) {
      const another = await gatewayWith(extra);
      extraGateways.push(another);
      return another;
    },
    stopSubgraph: (name) => subgraphs[name].stop(),
    async restartSubgraph(name) {
      subgraphs[name] = await start(name, subgraphs[name].port, false);
    },
    statements: () =>
      Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphs[name].database.statements.count])) as Record<
        SubgraphName,
        number
      >,
    async stop() {
      await Promise.all([gateway, ...extraGateways].map((g) => g.stop()));
      await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
      await databases.drop();
      useClock(replacedClock);
    },
    clock,
  };
}
