/**
 * The one place that reads the environment. Every service takes its settings from here,
 * so the README's configuration table and the code cannot drift apart.
 */
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
}

/** How the gateway protects each request to a subgraph (see gateway/resilience.ts). */
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
  /** How long an open circuit fails fast before letting one trial request through. */
  breakerResetMs: number;
}

export interface Config {
  production: boolean;
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
    resilience: ResilienceSettings;
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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const projectRoot = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));
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
        } satisfies SubgraphConfig,
      ];
    }),
  ) as Record<SubgraphName, SubgraphConfig>;
  return {
    production: env.NODE_ENV === 'production',
    projectRoot,
    dataDir: path.resolve(projectRoot, env.DATA_DIR || '.data'),
    seedOnStart: flag(env.SEED_ON_START, true),
    gateway: {
      port: integer(env.GATEWAY_PORT, 4000, 'GATEWAY_PORT'),
      supergraphPath: path.resolve(projectRoot, env.SUPERGRAPH_PATH || 'schema/supergraph.graphql'),
      subgraphUrls,
      supergraphPollMs: integer(env.SUPERGRAPH_POLL_MS, 1000, 'SUPERGRAPH_POLL_MS'),
      resilience: {
        timeoutMs: integer(env.SUBGRAPH_TIMEOUT_MS, 5000, 'SUBGRAPH_TIMEOUT_MS'),
        timeoutMsBySubgraph,
        mutationTimeoutMs: integer(env.SUBGRAPH_MUTATION_TIMEOUT_MS, 30_000, 'SUBGRAPH_MUTATION_TIMEOUT_MS'),
        queryRetries: integer(env.SUBGRAPH_QUERY_RETRIES, 2, 'SUBGRAPH_QUERY_RETRIES'),
        breakerErrorPercent: integer(env.BREAKER_ERROR_PERCENT, 50, 'BREAKER_ERROR_PERCENT'),
        breakerMinimumRequests: integer(env.BREAKER_MINIMUM_REQUESTS, 5, 'BREAKER_MINIMUM_REQUESTS'),
        breakerWindowMs: integer(env.BREAKER_WINDOW_MS, 10_000, 'BREAKER_WINDOW_MS'),
        breakerResetMs: integer(env.BREAKER_RESET_MS, 10_000, 'BREAKER_RESET_MS'),
      },
    },
    subgraphs,
  };
}
