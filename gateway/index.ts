/** `npm run start:gateway`: the gateway alone, configured from the environment. */
import '../platform/no-telemetry';
import { loadConfig } from '../platform/config';
import { startGateway } from './server/gateway';
import { developmentTokenHint } from './authentication/tokens';
import { startTracing } from '../platform/tracing';

async function main() {
  const config = loadConfig();
  const tracing = await startTracing({ serviceName: 'gateway' });
  const gateway = await startGateway({
    port: config.gateway.port,
    host: config.listenAddress,
    supergraphPath: config.gateway.supergraphPath,
    subgraphUrls: config.gateway.subgraphUrls,
    production: config.production,
    processMetrics: true,
  });
  console.log(`[gateway] ready at ${gateway.url}`);
  if (!config.production && !config.auth.jwksUrl) console.log(developmentTokenHint());
  const stop = async (signal: string) => {
    console.log(`[gateway] ${signal}: draining requests`);
    await gateway.stop();
    await tracing.shutdown();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  console.error('[gateway] failed to start:', error);
  process.exit(1);
});
