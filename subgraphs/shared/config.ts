/**
 * The one place that reads the environment. Every service takes its settings from here,
 * so the README's configuration table and the code cannot drift apart.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const SUBGRAPH_NAMES = ['population', 'budget', 'membership'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export interface SubgraphConfig {
  name: SubgraphName;
  port: number;
  /** A PostgreSQL URL; undefined means the embedded database under `dataDir`. */
  databaseUrl?: string;
  poolSize: number;
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
}

export interface TrustConfig {
  /** HS256 secret shared by the gateway and the subgraphs: subgraphs answer only what it signed. */
  gatewaySecret: string;
  /** Lifetime of the caller token the gateway forwards with each subgraph request. */
  callerTokenTtlSeconds: number;
}

export interface LimitsConfig {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
  /** Operations in one batched HTTP request. */
  maxBatchSize: number;
}

export interface Config {
  production: boolean;
  auth: AuthConfig;
  trust: TrustConfig;
  limits: LimitsConfig;
  /** Browser origins allowed to call the gateway (CORS); a development gateway adds Apollo Sandbox's. */
  corsOrigins: string[];
  projectRoot: string;
  dataDir: string;
  seedOnStart: boolean;
  gateway: {
    port: number;
    supergraphPath: string;
    /** Overrides the routing URL composed into the supergraph, per subgraph name. */
    subgraphUrls: Record<string, string>;
  };
  subgraphs: Record<SubgraphName, SubgraphConfig>;
}

const DEFAULT_PORTS: Record<SubgraphName, number> = { population: 4001, budget: 4002, membership: 4003 };

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

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const projectRoot = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));
  const subgraphUrls: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const match = /^(\w+)_SUBGRAPH_URL$/.exec(key);
    if (match && value) subgraphUrls[match[1].toLowerCase()] = value;
  }
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
        } satisfies SubgraphConfig,
      ];
    }),
  ) as Record<SubgraphName, SubgraphConfig>;
  const production = env.NODE_ENV === 'production';
  const dataDir = path.resolve(projectRoot, env.DATA_DIR || '.data');
  const jwksUrl = env.AUTH_JWKS_URL || undefined;
  return {
    production,
    auth: {
      issuer: env.AUTH_ISSUER || 'ambon-coverage-development',
      audience: env.AUTH_AUDIENCE || 'ambon-coverage-federation',
      jwksUrl,
      // With a JWKS URL the identity provider's keys are the only ones trusted.
      hs256Secret: jwksUrl ? undefined : secret(env.AUTH_HS256_SECRET, 'AUTH_HS256_SECRET', production, dataDir),
      devTokenTtlSeconds: integer(env.DEV_TOKEN_TTL_SECONDS, 8 * 3600, 'DEV_TOKEN_TTL_SECONDS'),
    },
    trust: {
      gatewaySecret: secret(env.GATEWAY_SUBGRAPH_SECRET, 'GATEWAY_SUBGRAPH_SECRET', production, dataDir),
      callerTokenTtlSeconds: integer(env.CALLER_TOKEN_TTL_SECONDS, 60, 'CALLER_TOKEN_TTL_SECONDS'),
    },
    limits: {
      maxDepth: integer(env.MAX_QUERY_DEPTH, 10, 'MAX_QUERY_DEPTH'),
      maxAliases: integer(env.MAX_QUERY_ALIASES, 15, 'MAX_QUERY_ALIASES'),
      maxDirectives: integer(env.MAX_QUERY_DIRECTIVES, 20, 'MAX_QUERY_DIRECTIVES'),
      maxTokens: integer(env.MAX_QUERY_TOKENS, 1000, 'MAX_QUERY_TOKENS'),
      maxCost: integer(env.MAX_QUERY_COST, 100_000, 'MAX_QUERY_COST'),
      maxBatchSize: integer(env.MAX_BATCH_SIZE, 5, 'MAX_BATCH_SIZE'),
    },
    corsOrigins: list(env.CORS_ORIGINS),
    projectRoot,
    dataDir,
    seedOnStart: flag(env.SEED_ON_START, true),
    gateway: {
      port: integer(env.GATEWAY_PORT, 4000, 'GATEWAY_PORT'),
      supergraphPath: path.resolve(projectRoot, env.SUPERGRAPH_PATH || 'schema/supergraph.graphql'),
      subgraphUrls,
    },
    subgraphs,
  };
}
