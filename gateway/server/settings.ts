/**
 * The gateway process's settings, resolved once by gateway/index.ts (and by whoever starts a
 * gateway in-process: tests, benchmarks, the launcher) and handed to startGateway. Shared pieces
 * come from the layer that owns them: the caller trust from contract/settings.ts, the parser
 * from platform/settings.ts.
 */
import { resolveTrustSettings, TrustConfig } from '../../contract/settings';
import { LoggerSettings, loggerSettings } from '../../platform/logger';
import {
  Environment,
  flag,
  integer,
  list,
  oneOf,
  optional,
  ProcessSettings,
  projectPath,
  resolveProcessSettings,
  secret,
} from '../../platform/settings';
import { TracingSettings, tracingSettings } from '../../platform/tracing';

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

/** Apollo Sandbox, allowed to call a development gateway from the browser. */
export const SANDBOX_ORIGIN = 'https://studio.apollographql.com';

/** What gateway code reads: the gateway's own settings and the shared ones it needs. */
export interface GatewaySettings extends ProcessSettings {
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
  /** REDIS_URL: the gateway replicas share their entity cache there (the subgraphs announce their writes there). */
  redisUrl?: string;
  /**
   * TRUSTED_DOCUMENTS: `off` (default) runs any document and keeps automatic persisted queries;
   * `safelist` (for production) runs only the operations of the persisted query manifest
   * (PERSISTED_QUERY_MANIFEST) and turns APQ off. See gateway/trusted-documents/trusted-documents.ts.
   */
  trustedDocuments: 'off' | 'safelist';
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
  logging: LoggerSettings;
  tracing: TracingSettings;
}

function roleGrants(value: string | undefined): Record<string, string[]> {
  const grants: Record<string, string[]> = {};
  for (const grant of (value ?? '')
    .split(';')
    .map((g) => g.trim())
    .filter(Boolean)) {
    const [role, scopes] = grant.split('=');
    if (!role || scopes === undefined)
      throw new Error(`ROLE_SCOPE_GRANTS: expected role=scope,scope;role=scope, got "${grant}"`);
    grants[role.trim()] = [...(grants[role.trim()] ?? []), ...list(scopes)];
  }
  return grants;
}

/** Client-token settings: the gateway verifies with them, the token script signs with them. */
export function resolveAuthSettings(env: Environment, context = resolveProcessSettings(env)): AuthConfig {
  const jwksUrl = optional(env, 'AUTH_JWKS_URL');
  return {
    issuer: env.AUTH_ISSUER || 'ambon-coverage-development',
    audience: env.AUTH_AUDIENCE || 'ambon-coverage-federation',
    jwksUrl,
    // With a JWKS URL the identity provider's keys are the only ones trusted.
    hs256Secret: jwksUrl ? undefined : secret(env, 'AUTH_HS256_SECRET', context),
    devTokenTtlSeconds: integer(env, 'DEV_TOKEN_TTL_SECONDS', 8 * 3600),
    maxTokenLifetimeSeconds: integer(env, 'AUTH_MAX_TOKEN_LIFETIME_SECONDS', 24 * 3600),
    clockLeewaySeconds: integer(env, 'AUTH_CLOCK_LEEWAY_SECONDS', 60),
    roleGrants: roleGrants(env.ROLE_SCOPE_GRANTS),
  };
}

export function resolveLimitsSettings(env: Environment): LimitsConfig {
  return {
    maxDepth: integer(env, 'MAX_QUERY_DEPTH', 10),
    maxAliases: integer(env, 'MAX_QUERY_ALIASES', 15),
    maxDirectives: integer(env, 'MAX_QUERY_DIRECTIVES', 20),
    maxTokens: integer(env, 'MAX_QUERY_TOKENS', 1000),
    maxCost: integer(env, 'MAX_QUERY_COST', 100_000),
    maxBatchSize: integer(env, 'MAX_BATCH_SIZE', 5),
    callerMaxConcurrent: integer(env, 'CALLER_MAX_CONCURRENT', 4),
    callerMaxInflightCost: integer(env, 'CALLER_MAX_INFLIGHT_COST', 0),
    callerCostPerSecond: integer(env, 'CALLER_COST_PER_SECOND', 0),
    // A burst from one token (a dashboard opening, a client retrying) queues rather than fails:
    // 64 first queries at once from one development token must all be answered.
    callerMaxQueued: integer(env, 'CALLER_MAX_QUEUED', 1_000),
    callerMaxWaitMs: integer(env, 'CALLER_MAX_WAIT_MS', 60_000),
  };
}

export function resolveGatewaySettings(env: Environment): GatewaySettings {
  const base = resolveProcessSettings(env);
  const subgraphUrls: Record<string, string> = {};
  const timeoutMsBySubgraph: Record<string, number> = {};
  for (const [key, value] of Object.entries(env)) {
    const url = /^(\w+)_SUBGRAPH_URL$/.exec(key);
    if (url && value) subgraphUrls[url[1].toLowerCase()] = value;
    const timeout = /^(\w+)_SUBGRAPH_TIMEOUT_MS$/.exec(key);
    if (timeout && value) timeoutMsBySubgraph[timeout[1].toLowerCase()] = integer(env, key, 0);
  }
  const trust = resolveTrustSettings(env, base);
  return {
    ...base,
    auth: resolveAuthSettings(env, base),
    trust,
    limits: resolveLimitsSettings(env),
    corsOrigins: list(env.CORS_ORIGINS),
    corsAllowLocalhost: !base.production && flag(env, 'CORS_ALLOW_LOCALHOST', true),
    refusalMode: oneOf(env, 'REFUSAL_MODE', ['filter', 'reject'] as const, 'filter'),
    trustedDocuments: oneOf(env, 'TRUSTED_DOCUMENTS', ['off', 'safelist'] as const, 'off'),
    redisUrl: optional(env, 'REDIS_URL'),
    gateway: {
      port: integer(env, 'GATEWAY_PORT', 4000),
      supergraphPath: projectPath(env, 'SUPERGRAPH_PATH', 'schema/supergraph.graphql'),
      subgraphUrls,
      supergraphPollMs: integer(env, 'SUPERGRAPH_POLL_MS', 1000),
      persistedQueryManifestPath: projectPath(env, 'PERSISTED_QUERY_MANIFEST', 'schema/persisted-query-manifest.json'),
      resilience: {
        timeoutMs: integer(env, 'SUBGRAPH_TIMEOUT_MS', 5000),
        timeoutMsBySubgraph,
        mutationTimeoutMs: integer(env, 'SUBGRAPH_MUTATION_TIMEOUT_MS', 30_000),
        queryRetries: integer(env, 'SUBGRAPH_QUERY_RETRIES', 2),
        breakerErrorPercent: integer(env, 'BREAKER_ERROR_PERCENT', 50),
        breakerMinimumRequests: integer(env, 'BREAKER_MINIMUM_REQUESTS', 5),
        breakerWindowMs: integer(env, 'BREAKER_WINDOW_MS', 10_000),
        breakerResetMs: integer(env, 'BREAKER_RESET_MS', 10_000),
        breakerProbeMs: integer(env, 'BREAKER_PROBE_MS', 250),
      },
      entityCacheTtlSeconds: integer(env, 'ENTITY_CACHE_TTL_SECONDS', 60),
    },
    logging: loggerSettings(env),
    tracing: tracingSettings(env),
  };
}
