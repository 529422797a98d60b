/**
 * Runs one subgraph as its own process with the settings from config: the whole of each
 * subgraph's `index.ts`.
 */
import { loadConfig } from '../../platform/config';
import { RunningSubgraph, startSubgraph, SubgraphDefinition } from './subgraph';
import { startTracing } from '../../platform/tracing';

export async function runSubgraph(definition: SubgraphDefinition<any>): Promise<RunningSubgraph> {
  const config = loadConfig();
  const settings = config.subgraphs[definition.name];
  const tracing = await startTracing({ serviceName: definition.name });
  const running = await startSubgraph(definition, {
    port: settings.port,
    host: config.listenAddress,
    databaseUrl: settings.databaseUrl,
    poolSize: settings.poolSize,
    dataDir: config.dataDir,
    seed: config.seedOnStart,
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
