/**
 * `npm run start:replicas`: the federation scaled out on one machine, two gateways and two
 * replicas of every subgraph behind one port (REPLICAS_PORT, default 4000), on PostgreSQL
 * (`<NAME>_DATABASE_URL`, default a database per subgraph on 127.0.0.1:5432) and Redis
 * (CALLER_REPLAY_REDIS_URL, default 127.0.0.1:6379). Ctrl-C stops every process.
 */
import '../platform/no-telemetry';
import { SUBGRAPH_NAMES, SubgraphName } from '../platform/config';
import { startReplicas } from './replicas';

async function main() {
  const databaseUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, process.env[`${name.toUpperCase()}_DATABASE_URL`] || `postgres://postgres@127.0.0.1:5432/ambon_${name}`]),
  ) as Record<SubgraphName, string>;
  const running = await startReplicas({
    databaseUrls,
    port: Number(process.env.REPLICAS_PORT || 4000),
    replicas: Number(process.env.REPLICAS || 2),
    env: { CALLER_REPLAY_REDIS_URL: process.env.CALLER_REPLAY_REDIS_URL || 'redis://127.0.0.1:6379' },
  });
  console.log(`Replicas ready behind ${running.front.url}/graphql:\n${running.processes.map((p) => `  ${p.name} ${p.url}`).join('\n')}`);
  const stop = async () => {
    await running.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error) => {
  console.error(`[replicas] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
