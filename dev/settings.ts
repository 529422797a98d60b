/**
 * What the launchers read (`npm start`, `npm run start:replicas`): where each process they start
 * will listen, and how to mint the newcomer's first token. The processes they start resolve
 * their own settings from the environment the launchers hand them.
 */
import { SUBGRAPH_NAMES, SubgraphName } from '../contract/subgraph-names';
import path from 'node:path';
import { Environment, PROJECT_ROOT } from '../platform/settings';
import { AuthConfig, resolveGatewaySettings } from '../gateway/server/settings';
import { subgraphPort } from '../subgraphs/kit/settings';

export interface LaunchSettings {
  production: boolean;
  /** The built services the launcher runs. */
  distRoot: string;
  gatewayPort: number;
  subgraphPorts: Record<SubgraphName, number>;
  auth: AuthConfig;
}

export function resolveLaunchSettings(env: Environment): LaunchSettings {
  const gateway = resolveGatewaySettings(env);
  return {
    production: gateway.production,
    distRoot: path.join(PROJECT_ROOT, 'dist'),
    gatewayPort: gateway.gateway.port,
    subgraphPorts: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphPort(env, name)])) as Record<
      SubgraphName,
      number
    >,
    auth: gateway.auth,
  };
}

export interface ReplicaLaunchSettings {
  databaseUrls: Record<SubgraphName, string>;
  /** REPLICAS_PORT: the one port every replica is reached through. */
  port: number;
  /** REPLICAS: how many of each. */
  replicas: number;
  /** CALLER_REPLAY_REDIS_URL: replicas of one subgraph must share their replay guard. */
  replayRedisUrl: string;
}

export function resolveReplicaLaunchSettings(env: Environment): ReplicaLaunchSettings {
  return {
    databaseUrls: Object.fromEntries(
      SUBGRAPH_NAMES.map((name) => [
        name,
        env[`${name.toUpperCase()}_DATABASE_URL`] || `postgres://postgres@127.0.0.1:5432/ambon_${name}`,
      ]),
    ) as Record<SubgraphName, string>,
    port: Number(env.REPLICAS_PORT || 4000),
    replicas: Number(env.REPLICAS || 2),
    replayRedisUrl: env.CALLER_REPLAY_REDIS_URL || 'redis://127.0.0.1:6379',
  };
}
