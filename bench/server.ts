/**
 * One benchmarked server in its own process (a subgraph, a gateway or the monolith), so each
 * has its own CPU time and resident memory to measure. Started by processes.ts with its
 * settings as JSON in argv; says where it listens over IPC.
 */
import 'reflect-metadata';
import os from 'node:os';
import type { TuningName } from '../gateway/server/tuning';
import type { SubgraphExecutor } from '../platform/jit-executor';
import { AuthConfig, LimitsConfig, resolveGatewaySettings, resolveLimitsSettings } from '../gateway/server/settings';
import { resolveSubgraphSettings } from '../subgraphs/kit/settings';
import { createLogger, loggerSettings } from '../platform/logger';
import { SubgraphName } from '../contract/subgraph-names';
import { TrustConfig } from '../contract/settings';

export type ServerSpec =
  | {
      role: 'subgraph';
      name: SubgraphName;
      databaseUrl?: string;
      embeddedDir?: string;
      peerUrls: Partial<Record<SubgraphName, string>>;
      gatewaySecret: string;
      executor?: SubgraphExecutor;
    }
  | {
      role: 'gateway';
      tuning: TuningName;
      supergraphPath: string;
      subgraphUrls: Record<string, string>;
      auth: AuthConfig;
      trust: TrustConfig;
      limits?: Partial<LimitsConfig>;
      securityLayerOff?: boolean;
    }
  | {
      role: 'hive';
      planner: 'javascript' | 'rust';
      supergraphPath: string;
      subgraphUrls: Record<string, string>;
      auth: AuthConfig;
      trust: TrustConfig;
    }
  | { role: 'monolith'; databaseUrl: string };

// Each role loads only its own code, as its production process does: a gateway that also loaded
// every subgraph's ORM entities would be measured some 16 MiB heavier than it is.
async function start(spec: ServerSpec): Promise<{ url: string; stop(): Promise<void> }> {
  switch (spec.role) {
    case 'subgraph': {
      const { definitions } = await import('../subgraphs/definitions');
      const { startSubgraph } = await import('../subgraphs/kit/subgraph');
      return startSubgraph(definitions[spec.name], {
        settings: resolveSubgraphSettings(process.env, spec.name),
        port: 0,
        host: '127.0.0.1',
        databaseUrl: spec.databaseUrl,
        dataDir: spec.embeddedDir ?? os.tmpdir(),
        poolSize: 10,
        // An embedded database is seeded by its subgraph on first start, as `npm start` does.
        seed: Boolean(spec.embeddedDir),
        quiet: true,
        peerUrls: spec.peerUrls,
        gatewaySecret: spec.gatewaySecret,
        // Upkeep once at start-up, never on a timer in the middle of a measurement.
        maintenanceIntervalMs: 0,
        executor: spec.executor,
      });
    }
    case 'gateway': {
      const { startGateway } = await import('../gateway/server/gateway');
      return startGateway({
        settings: resolveGatewaySettings(process.env),
        port: 0,
        host: '127.0.0.1',
        supergraphPath: spec.supergraphPath,
        subgraphUrls: spec.subgraphUrls,
        tuning: spec.tuning,
        production: true,
        // A 1,000-worker roster costs more than an interactive client may spend by default.
        security: {
          auth: spec.auth,
          trust: spec.trust,
          limits: { ...resolveLimitsSettings(process.env), maxCost: 10_000_000, ...spec.limits },
          layerOff: spec.securityLayerOff,
        },
        logger: createLogger('gateway', loggerSettings(process.env)),
      });
    }
    case 'hive': {
      const { startHiveGateway } = await import('../examples/hive-gateway/gateway');
      return startHiveGateway({ port: 0, host: '127.0.0.1', ...spec });
    }
    case 'monolith': {
      const { startMonolith } = await import('./monolith/server');
      return startMonolith({ port: 0, host: '127.0.0.1', databaseUrl: spec.databaseUrl, poolSize: 10 });
    }
  }
}

async function main() {
  const spec = JSON.parse(process.argv[2]) as ServerSpec;
  const server = await start(spec);
  process.send?.({ ready: server.url.replace('localhost', '127.0.0.1') });
  process.on('disconnect', () => void server.stop().finally(() => process.exit(0)));
}

main().catch((error) => {
  console.error('[bench server] failed to start:', error);
  process.exit(1);
});
