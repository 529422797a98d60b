/**
 * The one place that reads the environment. Every service takes its settings from here,
 * so the README's configuration table and the code cannot drift apart.
 */
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const SUBGRAPH_NAMES = ['population', 'budget', 'membership', 'health'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export interface SubgraphConfig {
  name: SubgraphName;
  port: number;
  /** A PostgreSQL URL; undefined means the embedded database under `dataDir`. */
  databaseUrl?: string;
  poolSize: number;
  /** Where this subgraph reaches the others it calls (see peer.ts). */
  peerUrls: Record<SubgraphName, string>;
  /** How often background upkeep (e.g. settling half-finished enrollments) runs; 0 = only at start-up. */
  maintenanceIntervalMs: number;
  /** How long an enrollment whose process is alive may hold its premium before upkeep releases it. */
  enrollmentGraceMs: number;
  /** How often a process proves it is alive; missing five beats marks its enrollments in flight dead. */
  heartbeatMs: number;
  /**
   * CLAIM_ITEM_APPROVAL_ABOVE_RUPIAH (membership): a claim item above this amount (a hospital bill
   * out of the ordinary) waits for a second officer's approval before its claim is paid.
   */
  claimItemApprovalAboveRupiah: number;
}

/** How the gateway protects each request to a subgraph (see gateway/resilience/resilience.ts). */
export interface ResilienceSettings {
  /** A subgraph request not answered within this many milliseconds fails with SUBGRAPH_TIMEOUT. */
  timeoutMs: number;
  /** Per-subgraph overrides of `timeoutMs`, by subgraph name. */
  timeoutMsBySubgraph: Record<string, number>;
  /**
   * Mutations wait longer: a write may queue behind others on the same allocation's row lock and
   * call another owner (budget reservations) before it answers, and a timed-out write is never resent.
   */
  mutationTimeoutMs: number;
  /** Extra attempts after a transport failure, for queries only (a mutation is never resent). */
  queryRetries: number;
  /** The circuit opens when this percentage of a subgraph's recent requests failed... */
  breakerErrorPercent: number;
  /** ...out of at least this many requests in the rolling window. */
  breakerMinimumRequests: number;
  breakerWindowMs: number;
  /** How long an open circuit fails fast before letting one trial request through... */
  breakerResetMs: number;
  /**
   * ...unless the subgraph's readiness probe answers first: an open circuit asks it this often and
   * closes as soon as the subgraph is ready again, so whole answers resume with it. 0 = never ask.
   */
  breakerProbeMs: number;
}

export interface AuthConfig {
  /** The `iss` every client token must carry. */
  issuer: string;
  /** The `aud` every client token must carry. */
  audience: string;
  /** Production: the identity provider's key set; tokens are then verified against it only. */
  jwksUrl?: string;
  /** Local runs: the HS256 secret client tokens are signed with (the mint script uses it too). */
  hs256Secret?: string;
  /** Lifetime of the tokens the mint script issues. */
  devTokenTtlSeconds: number;
  /** The longest lifetime (exp - iat) a client token may claim; longer ones are refused. */
  maxTokenLifetimeSeconds: number;
  /** Clock skew tolerated between the identity provider and the gateway, for `iat` (never for `exp`). */
  clockLeewaySeconds: number;
  /**
   * ROLE_SCOPE_GRANTS: scopes granted to roles beyond their built-in ones, typically a partner's
   * scopes declared in the registry, e.g. `population-officer=social-assistance:read;budget-officer=social-assistance:read`.
   */
  roleGrants?: Record<string, string[]>;
}

export interface TrustConfig {
  /**
   * The secret the caller-assertion key pair derives from (see caller.ts): held by the gateway and
   * by subgraphs that call others on a caller's behalf. Empty in a verify-only subgraph.
   */
  gatewaySecret: string;
  /** The assertion keys' public halves (PEM, JWK or JWKS): all a subgraph needs to verify; derived from the secret when unset. */
  callerPublicKey?: string;
  /** CALLER_SIGNING_KEY: the gateway's private Ed25519 key (PEM or JWK); see caller-keys.ts. Development derives one from the secret. */
  callerSigningKey?: string;
  /** CALLER_PUBLISHED_KEYS: public keys the gateway publishes beside its signing key (the next, the previous) while keys rotate. */
  callerPublishedKeys?: string;
  /** CALLER_JWKS_URL: where a subgraph fetches the gateway's keys (`/.well-known/jwks.json` on the gateway). */
  callerJwksUrl?: string;
  /** CALLER_JWKS_FILE: a JWKS (or PEM) file a subgraph verifies with instead. */
  callerJwksFile?: string;
  /** Lifetime of the caller token the gateway forwards with each subgraph request. */
  callerTokenTtlSeconds: number;
  /** Redis shared by a subgraph's replicas to accept each caller assertion once; unset: in-process memory. */
  replayRedisUrl?: string;
  /** Opens /health/subgraphs and /metrics; unset: derived from the gateway secret (operations-token.ts). */
  operationsToken?: string;
}

export interface LimitsConfig {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
  /** Operations in one batched HTTP request. */
  maxBatchSize: number;
  /** Each caller's share of the gateway (see gateway/limits/caller-fairness.ts). */
  callerMaxConcurrent: number;
  /** Summed cost of one caller's operations in flight; unset (0): the operation cost limit. */
  callerMaxInflightCost: number;
  /** Cost one caller may spend per second, sustained; unset (0): the operation cost limit. */
  callerCostPerSecond: number;
  callerMaxQueued: number;
  callerMaxWaitMs: number;
}

export interface Config {
  production: boolean;
  /**
   * Key of the opaque `id` every cacheable entity carries (see entity-id.ts): ENTITY_ID_SECRET, or
   * else derived from GATEWAY_SUBGRAPH_SECRET. Changing it changes every id clients have cached.
   */
  entityIdSecret: string;
  auth: AuthConfig;
  trust: TrustConfig;
  limits: LimitsConfig;
  /** Browser origins allowed to call the gateway (CORS); a development gateway adds Apollo Sandbox's. */
  corsOrigins: string[];
  /**
   * Development only: any http://localhost or 127.0.0.1 origin, on any port, may call the gateway,
   * so a dev server works without configuration (CORS_ALLOW_LOCALHOST=false turns it off).
   * Production allows only CORS_ORIGINS.
   */
  corsAllowLocalhost: boolean;
  /**
   * REFUSAL_MODE: `filter` (default) answers a field the caller may not read with null and a
   * FORBIDDEN error at its path, HTTP 200; `reject` refuses the whole operation, HTTP 403.
   * A missing or invalid token is refused whole (HTTP 401) either way.
   */
  refusalMode: 'filter' | 'reject';
  /**
   * REDIS_URL: the gateway replicas share their entity cache there, and the subgraphs that own
   * cached entities publish their writes there so every replica drops stale entries at once.
   */
  redisUrl?: string;
  /**
   * TRUSTED_DOCUMENTS: `off` (default) runs any document and keeps automatic persisted queries;
   * `safelist` (for production) runs only the operations of the persisted query manifest
   * (PERSISTED_QUERY_MANIFEST) and turns APQ off. See gateway/trusted-documents/trusted-documents.ts.
   */
  trustedDocuments: 'off' | 'safelist';
  /** What page cursors are sealed with (see pagination.ts); every replica of a subgraph needs the same. */
  cursorSecret: string;
  /** REGISTRY_DATABASE_URL: the schema registry's history (tools/schema/registry-store.ts); unset, schema/subgraphs.json alone. */
  registryDatabaseUrl?: string;
  /** The address every service listens on: 127.0.0.1 unless LISTEN_ADDRESS says otherwise (0.0.0.0 in a container). */
  listenAddress: string;
  projectRoot: string;
  dataDir: string;
  seedOnStart: boolean;
  gateway: {
    port: number;
    supergraphPath: string;
    /** Overrides the routing URL composed into the supergraph, per subgraph name. */
    subgraphUrls: Record<string, string>;
    /** How often the supergraph file is checked for a new composition. */
    supergraphPollMs: number;
    /** The trusted documents (Apollo's persisted query list format), reloaded like the supergraph. */
    persistedQueryManifestPath: string;
    resilience: ResilienceSettings;
    /** How long an entity fetched for the entity cache may be served (ENTITY_CACHE_TTL_SECONDS; 0 turns the cache off). */
    entityCacheTtlSeconds: number;
  };
  subgraphs: Record<SubgraphName, SubgraphConfig>;
}

const DEFAULT_PORTS: Record<SubgraphName, number> = { population: 4001, budget: 4002, membership: 4003, health: 4004 };

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return parsed;
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

/** Apollo Sandbox, allowed to call a development gateway from the browser. */
export const SANDBOX_ORIGIN = 'https://studio.apollographql.com';

/**
 * A development secret when none is configured: random, kept in the data directory (never in
 * the repository) so the gateway, the subgraphs and the token script of one machine agree.
 * Production refuses to start without the real one.
 */
function secret(value: string | undefined, name: string, production: boolean, dataDir: string): string {
  if (value) {
    if (value.length < 32) throw new Error(`${name} must be at least 32 characters long`);
    return value;
  }
  if (production) throw new Error(`${name} must be set when NODE_ENV=production`);
  const file = path.join(dataDir, 'development-secrets', name.toLowerCase());
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(draft, randomBytes(32).toString('base64url'), { mode: 0o600 });
    // link() fails when another process won the race; everybody then reads the winner's secret.
    try {
      fs.linkSync(draft, file);
    } catch {
      /* the other process's file stands */
    }
    fs.unlinkSync(draft);
    return fs.readFileSync(file, 'utf8').trim();
  }
}

/**
 * The key of entity ids: ENTITY_ID_SECRET when set, so the trust secret can rotate without
 * changing every id; else derived from the gateway secret. A partner holding only the caller
 * public key has no gateway secret, so it needs ENTITY_ID_SECRET of its own (generated in development).
 */
function entityIdSecret(env: NodeJS.ProcessEnv, gatewaySecret: string, production: boolean, dataDir: string): string {
  if (env.ENTITY_ID_SECRET || !gatewaySecret) return secret(env.ENTITY_ID_SECRET, 'ENTITY_ID_SECRET', production, dataDir);
  return createHmac('sha256', gatewaySecret).update('entity ids').digest('base64url');
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, name: string): T {
  if (value === undefined || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

function roleGrants(value: string | undefined): Record<string, string[]> {
  const grants: Record<string, string[]> = {};
  for (const grant of (value ?? '').split(';').map((g) => g.trim()).filter(Boolean)) {
    const [role, scopes] = grant.split('=');
    if (!role || scopes === undefined) throw new Error(`ROLE_SCOPE_GRANTS: expected role=scope,scope;role=scope, got "${grant}"`);
    grants[role.trim()] = [...(grants[role.trim()] ?? []), ...list(scopes)];
  }
  return grants;
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const projectRoot = path.resolve(__dirname, '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));
  const subgraphUrls: Record<string, string> = {};
  const timeoutMsBySubgraph: Record<string, number> = {};
  for (const [key, value] of Object.entries(env)) {
    const url = /^(\w+)_SUBGRAPH_URL$/.exec(key);
    if (url && value) subgraphUrls[url[1].toLowerCase()] = value;
    const timeout = /^(\w+)_SUBGRAPH_TIMEOUT_MS$/.exec(key);
    if (timeout && value) timeoutMsBySubgraph[timeout[1].toLowerCase()] = integer(value, 0, key);
  }
  // The same *_SUBGRAPH_URL settings tell the gateway and the subgraphs that call each other
  // where a subgraph runs; without one, a subgraph is on this host at its configured port.
  const peerUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [
      name,
      subgraphUrls[name] ?? `http://localhost:${integer(env[`${name.toUpperCase()}_PORT`], DEFAULT_PORTS[name], `${name.toUpperCase()}_PORT`)}/graphql`,
    ]),
  ) as Record<SubgraphName, string>;
  const subgraphs = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => {
      const prefix = name.toUpperCase();
      return [
        name,
        {
          name,
          port: integer(env[`${prefix}_PORT`], DEFAULT_PORTS[name], `${prefix}_PORT`),
          databaseUrl: env[`${prefix}_DATABASE_URL`] || undefined,
          poolSize: integer(env[`${prefix}_DB_POOL_SIZE`], 10, `${prefix}_DB_POOL_SIZE`),
          peerUrls,
          maintenanceIntervalMs: integer(env.MAINTENANCE_INTERVAL_MS, 30_000, 'MAINTENANCE_INTERVAL_MS'),
          enrollmentGraceMs: integer(env.ENROLLMENT_GRACE_MS, 60_000, 'ENROLLMENT_GRACE_MS'),
          heartbeatMs: integer(env.INSTANCE_HEARTBEAT_MS, 1_000, 'INSTANCE_HEARTBEAT_MS'),
          claimItemApprovalAboveRupiah: integer(env.CLAIM_ITEM_APPROVAL_ABOVE_RUPIAH, 100_000_000, 'CLAIM_ITEM_APPROVAL_ABOVE_RUPIAH'),
        } satisfies SubgraphConfig,
      ];
    }),
  ) as Record<SubgraphName, SubgraphConfig>;
  const production = env.NODE_ENV === 'production';
  const dataDir = path.resolve(projectRoot, env.DATA_DIR || '.data');
  const jwksUrl = env.AUTH_JWKS_URL || undefined;
  // A partner's subgraph is given the public key alone, and then holds no secret that could sign.
  const callerPublicKey = env.CALLER_PUBLIC_KEY ? env.CALLER_PUBLIC_KEY.replace(/\\n/g, '\n') : undefined;
  const verifyOnly = Boolean(callerPublicKey || env.CALLER_JWKS_URL || env.CALLER_JWKS_FILE);
  const gatewaySecret = verifyOnly && !env.GATEWAY_SUBGRAPH_SECRET ? '' : secret(env.GATEWAY_SUBGRAPH_SECRET, 'GATEWAY_SUBGRAPH_SECRET', production, dataDir);
  return {
    production,
    entityIdSecret: entityIdSecret(env, gatewaySecret, production, dataDir),
    auth: {
      issuer: env.AUTH_ISSUER || 'ambon-coverage-development',
      audience: env.AUTH_AUDIENCE || 'ambon-coverage-federation',
      jwksUrl,
      // With a JWKS URL the identity provider's keys are the only ones trusted.
      hs256Secret: jwksUrl ? undefined : secret(env.AUTH_HS256_SECRET, 'AUTH_HS256_SECRET', production, dataDir),
      devTokenTtlSeconds: integer(env.DEV_TOKEN_TTL_SECONDS, 8 * 3600, 'DEV_TOKEN_TTL_SECONDS'),
      maxTokenLifetimeSeconds: integer(env.AUTH_MAX_TOKEN_LIFETIME_SECONDS, 24 * 3600, 'AUTH_MAX_TOKEN_LIFETIME_SECONDS'),
      clockLeewaySeconds: integer(env.AUTH_CLOCK_LEEWAY_SECONDS, 60, 'AUTH_CLOCK_LEEWAY_SECONDS'),
      roleGrants: roleGrants(env.ROLE_SCOPE_GRANTS),
    },
    trust: {
      gatewaySecret,
      callerPublicKey,
      callerSigningKey: env.CALLER_SIGNING_KEY || undefined,
      callerPublishedKeys: env.CALLER_PUBLISHED_KEYS || undefined,
      callerJwksUrl: env.CALLER_JWKS_URL || undefined,
      callerJwksFile: env.CALLER_JWKS_FILE ? path.resolve(projectRoot, env.CALLER_JWKS_FILE) : undefined,
      callerTokenTtlSeconds: integer(env.CALLER_TOKEN_TTL_SECONDS, 60, 'CALLER_TOKEN_TTL_SECONDS'),
      replayRedisUrl: env.CALLER_REPLAY_REDIS_URL || undefined,
      operationsToken: env.OPERATIONS_TOKEN ? secret(env.OPERATIONS_TOKEN, 'OPERATIONS_TOKEN', production, dataDir) : undefined,
    },
    limits: {
      maxDepth: integer(env.MAX_QUERY_DEPTH, 10, 'MAX_QUERY_DEPTH'),
      maxAliases: integer(env.MAX_QUERY_ALIASES, 15, 'MAX_QUERY_ALIASES'),
      maxDirectives: integer(env.MAX_QUERY_DIRECTIVES, 20, 'MAX_QUERY_DIRECTIVES'),
      maxTokens: integer(env.MAX_QUERY_TOKENS, 1000, 'MAX_QUERY_TOKENS'),
      maxCost: integer(env.MAX_QUERY_COST, 100_000, 'MAX_QUERY_COST'),
      maxBatchSize: integer(env.MAX_BATCH_SIZE, 5, 'MAX_BATCH_SIZE'),
      callerMaxConcurrent: integer(env.CALLER_MAX_CONCURRENT, 4, 'CALLER_MAX_CONCURRENT'),
      callerMaxInflightCost: integer(env.CALLER_MAX_INFLIGHT_COST, 0, 'CALLER_MAX_INFLIGHT_COST'),
      callerCostPerSecond: integer(env.CALLER_COST_PER_SECOND, 0, 'CALLER_COST_PER_SECOND'),
      // A burst from one token (a dashboard opening, a client retrying) queues rather than fails:
      // 64 first queries at once from one development token must all be answered.
      callerMaxQueued: integer(env.CALLER_MAX_QUEUED, 1_000, 'CALLER_MAX_QUEUED'),
      callerMaxWaitMs: integer(env.CALLER_MAX_WAIT_MS, 60_000, 'CALLER_MAX_WAIT_MS'),
    },
    corsOrigins: list(env.CORS_ORIGINS),
    corsAllowLocalhost: !production && flag(env.CORS_ALLOW_LOCALHOST, true),
    refusalMode: oneOf(env.REFUSAL_MODE, ['filter', 'reject'] as const, 'filter', 'REFUSAL_MODE'),
    trustedDocuments: oneOf(env.TRUSTED_DOCUMENTS, ['off', 'safelist'] as const, 'off', 'TRUSTED_DOCUMENTS'),
    // Its own secret when configured; otherwise one derived (by HKDF in pagination.ts) from the gateway's.
    // A verify-only subgraph has no gateway secret to derive its cursor key from: it needs its own.
    cursorSecret: env.CURSOR_SECRET || !gatewaySecret ? secret(env.CURSOR_SECRET, 'CURSOR_SECRET', production, dataDir) : gatewaySecret,
    registryDatabaseUrl: env.REGISTRY_DATABASE_URL || undefined,
    listenAddress: env.LISTEN_ADDRESS || '127.0.0.1',
    redisUrl: env.REDIS_URL || undefined,
    projectRoot,
    dataDir,
    seedOnStart: flag(env.SEED_ON_START, true),
    gateway: {
      port: integer(env.GATEWAY_PORT, 4000, 'GATEWAY_PORT'),
      supergraphPath: path.resolve(projectRoot, env.SUPERGRAPH_PATH || 'schema/supergraph.graphql'),
      subgraphUrls,
      supergraphPollMs: integer(env.SUPERGRAPH_POLL_MS, 1000, 'SUPERGRAPH_POLL_MS'),
      persistedQueryManifestPath: path.resolve(projectRoot, env.PERSISTED_QUERY_MANIFEST || 'schema/persisted-query-manifest.json'),
      resilience: {
        timeoutMs: integer(env.SUBGRAPH_TIMEOUT_MS, 5000, 'SUBGRAPH_TIMEOUT_MS'),
        timeoutMsBySubgraph,
        mutationTimeoutMs: integer(env.SUBGRAPH_MUTATION_TIMEOUT_MS, 30_000, 'SUBGRAPH_MUTATION_TIMEOUT_MS'),
        queryRetries: integer(env.SUBGRAPH_QUERY_RETRIES, 2, 'SUBGRAPH_QUERY_RETRIES'),
        breakerErrorPercent: integer(env.BREAKER_ERROR_PERCENT, 50, 'BREAKER_ERROR_PERCENT'),
        breakerMinimumRequests: integer(env.BREAKER_MINIMUM_REQUESTS, 5, 'BREAKER_MINIMUM_REQUESTS'),
        breakerWindowMs: integer(env.BREAKER_WINDOW_MS, 10_000, 'BREAKER_WINDOW_MS'),
        breakerResetMs: integer(env.BREAKER_RESET_MS, 10_000, 'BREAKER_RESET_MS'),
        breakerProbeMs: integer(env.BREAKER_PROBE_MS, 250, 'BREAKER_PROBE_MS'),
      },
      entityCacheTtlSeconds: integer(env.ENTITY_CACHE_TTL_SECONDS, 60, 'ENTITY_CACHE_TTL_SECONDS'),
    },
    subgraphs,
  };
}

/** Settings of `npm run bench` (bench/). BENCH_QUICK=1 gives a smoke run in a couple of minutes. */
export interface BenchConfig {
  quick: boolean;
  /** Size of the national data set (all of Indonesia). */
  nationalWorkers: number;
  /** Seconds of load per measurement, and interleaved rounds per comparison. */
  seconds: number;
  rounds: number;
  /** Load on each target before its first measurement, so JIT compilation is not measured. */
  warmupSeconds: number;
  /** Which suites run (BENCH_SUITES=headline,roster; all when unset), for measuring one change quickly. */
  suites: BenchSuite[];
}

export const BENCH_SUITES = ['headline', 'roster', 'scale', 'writes', 'analysts', 'embedded', 'executor'] as const;
export type BenchSuite = (typeof BENCH_SUITES)[number];

function suiteList(value: string | undefined): BenchSuite[] {
  if (!value?.trim()) return [...BENCH_SUITES];
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(BENCH_SUITES as readonly string[]).includes(name));
  if (unknown.length) throw new Error(`BENCH_SUITES: unknown suite(s) ${unknown.join(', ')}; choose from ${BENCH_SUITES.join(', ')}`);
  return names as BenchSuite[];
}

export function loadBenchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const quick = flag(env.BENCH_QUICK, false);
  return {
    quick,
    nationalWorkers: integer(env.BENCH_NATIONAL_WORKERS, quick ? 100_000 : 1_000_000, 'BENCH_NATIONAL_WORKERS'),
    seconds: integer(env.BENCH_SECONDS, quick ? 2 : 3, 'BENCH_SECONDS'),
    rounds: integer(env.BENCH_ROUNDS, quick ? 1 : 5, 'BENCH_ROUNDS'),
    warmupSeconds: integer(env.BENCH_WARMUP_SECONDS, quick ? 3 : 10, 'BENCH_WARMUP_SECONDS'),
    suites: suiteList(env.BENCH_SUITES),
  };
}
