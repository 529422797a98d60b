/**
 * A subgraph process's settings, resolved once by subgraphs/kit/main.ts (each subgraph's
 * `index.ts`) or by whoever starts a subgraph in-process (tests, benchmarks), and handed to
 * startSubgraph, which passes them on to the subgraph's hooks and resolvers.
 */
import { resolveEntityIdSecret, resolveTrustSettings, TrustSettings } from '../../contract/settings';
import { SUBGRAPH_NAMES, SubgraphName } from '../../contract/subgraph-names';
import { LoggerSettings, loggerSettings } from '../../platform/logger';
import {
  Environment,
  flag,
  integer,
  optional,
  ProcessSettings,
  resolveProcessSettings,
  secret,
} from '../../platform/settings';
import { TracingSettings, tracingSettings } from '../../platform/tracing';

const DEFAULT_PORTS: Record<SubgraphName, number> = { population: 4001, budget: 4002, membership: 4003, health: 4004 };

export interface SubgraphSettings extends ProcessSettings {
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
  seedOnStart: boolean;
  trust: TrustSettings;
  /** Key of the opaque `id` every cacheable entity carries (see contract/settings.ts and entity-id.ts). */
  entityIdSecret: string;
  /** What page cursors are sealed with (see pagination.ts); every replica of a subgraph needs the same. */
  cursorSecret: string;
  /** REDIS_URL: where the subgraphs that own cached entities publish their writes, so every gateway replica drops stale entries at once. */
  redisUrl?: string;
  logging: LoggerSettings;
  tracing: TracingSettings;
}

/**
 * The same *_SUBGRAPH_URL settings tell the gateway and the subgraphs that call each other where
 * a subgraph runs; without one, a subgraph is on this host at its configured port.
 */
function peerUrls(env: Environment): Record<SubgraphName, string> {
  return Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [
      name,
      env[`${name.toUpperCase()}_SUBGRAPH_URL`] || `http://localhost:${subgraphPort(env, name)}/graphql`,
    ]),
  ) as Record<SubgraphName, string>;
}

/** `<NAME>_PORT`: where a subgraph listens (4001 to 4004 by default). */
export const subgraphPort = (env: Environment, name: SubgraphName) =>
  integer(env, `${name.toUpperCase()}_PORT`, DEFAULT_PORTS[name]);

export function resolveSubgraphSettings(env: Environment, name: SubgraphName): SubgraphSettings {
  const base = resolveProcessSettings(env);
  const prefix = name.toUpperCase();
  const peers = peerUrls(env);
  const trust = resolveTrustSettings(env, base);
  const { gatewaySecret } = trust;
  return {
    ...base,
    name,
    port: subgraphPort(env, name),
    databaseUrl: optional(env, `${prefix}_DATABASE_URL`),
    poolSize: integer(env, `${prefix}_DB_POOL_SIZE`, 10),
    peerUrls: peers,
    maintenanceIntervalMs: integer(env, 'MAINTENANCE_INTERVAL_MS', 30_000),
    enrollmentGraceMs: integer(env, 'ENROLLMENT_GRACE_MS', 60_000),
    heartbeatMs: integer(env, 'INSTANCE_HEARTBEAT_MS', 1_000),
    claimItemApprovalAboveRupiah: integer(env, 'CLAIM_ITEM_APPROVAL_ABOVE_RUPIAH', 100_000_000),
    seedOnStart: flag(env, 'SEED_ON_START', true),
    trust,
    entityIdSecret: resolveEntityIdSecret(env, gatewaySecret, base),
    // Its own secret when configured; otherwise one derived (by HKDF in pagination.ts) from the gateway's.
    // A verify-only subgraph has no gateway secret to derive its cursor key from: it needs its own.
    cursorSecret: env.CURSOR_SECRET || !gatewaySecret ? secret(env, 'CURSOR_SECRET', base) : gatewaySecret,
    redisUrl: optional(env, 'REDIS_URL'),
    logging: loggerSettings(env),
    tracing: tracingSettings(env),
  };
}
