/** `npm run start:gateway`: the gateway alone, its settings resolved here once from the environment. */
import '../platform/no-telemetry';
import { startGateway } from './server/gateway';
import { resolveGatewaySettings } from './server/settings';
import { developmentTokenHint } from './authentication/tokens';
import { createLogger } from '../platform/logger';
import { startTracing } from '../platform/tracing';

async function main() {
  const settings = resolveGatewaySettings(process.env);
  const tracing = await startTracing({ serviceName: 'gateway', settings: settings.tracing });
  const gateway = await startGateway({
    settings,
    port: settings.gateway.port,
    host: settings.listenAddress,
    supergraphPath: settings.gateway.supergraphPath,
    subgraphUrls: settings.gateway.subgraphUrls,
    production: settings.production,
    supergraphPollMs: settings.gateway.supergraphPollMs,
    resilience: settings.gateway.resilience,
    security: { auth: settings.auth, trust: settings.trust, limits: settings.limits },
    corsOrigins: settings.corsOrigins,
    corsAllowLocalhost: settings.corsAllowLocalhost,
    refusalMode: settings.refusalMode,
    logger: createLogger('gateway', settings.logging),
    entityCache: { redisUrl: settings.redisUrl, ttlSeconds: settings.gateway.entityCacheTtlSeconds },
    trustedDocuments: settings.trustedDocuments,
    persistedQueryManifestPath: settings.gateway.persistedQueryManifestPath,
    processMetrics: true,
  });
  console.log(`[gateway] ready at ${gateway.url}`);
  if (!settings.production && !settings.auth.jwksUrl) console.log(developmentTokenHint());
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
