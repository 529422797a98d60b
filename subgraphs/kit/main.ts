/**
 * Runs one subgraph as its own process, with the settings resolved here once from the
 * environment: the whole of each subgraph's `index.ts`, and the subgraphs' one edge.
 */
import { RunningSubgraph, startSubgraph, SubgraphDefinition } from './subgraph';
import { resolveSubgraphSettings } from './settings';
import { startTracing } from '../../platform/tracing';

export async function runSubgraph(definition: SubgraphDefinition<any>): Promise<RunningSubgraph> {
  const settings = resolveSubgraphSettings(process.env, definition.name);
  const tracing = await startTracing({ serviceName: definition.name, settings: settings.tracing });
  const running = await startSubgraph(definition, {
    settings,
    port: settings.port,
    host: settings.listenAddress,
    databaseUrl: settings.databaseUrl,
    poolSize: settings.poolSize,
    dataDir: settings.dataDir,
    seed: settings.seedOnStart,
    peerUrls: settings.peerUrls,
    maintenanceIntervalMs: settings.maintenanceIntervalMs,
    processMetrics: true,
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.logger.info(`${signal}: draining requests and closing the database`);
    await running.stop();
    await tracing.shutdown();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  return running;
}

export function main(definition: SubgraphDefinition<any>) {
  runSubgraph(definition).catch((error) => {
    console.error(`[${definition.name}] failed to start:`, error);
    process.exit(1);
  });
}
