/**
 * `npm run start:replicas`: the federation scaled out on one machine, two gateways and two
 * replicas of every subgraph behind one port (REPLICAS_PORT, default 4000), on PostgreSQL
 * (`<NAME>_DATABASE_URL`, default a database per subgraph on 127.0.0.1:5432) and Redis
 * (CALLER_REPLAY_REDIS_URL, default 127.0.0.1:6379). Ctrl-C stops every process.
 */
import '../platform/no-telemetry';
import { startReplicas } from './replicas';
import { resolveReplicaLaunchSettings } from './settings';

async function main() {
  const settings = resolveReplicaLaunchSettings(process.env);
  const running = await startReplicas({
    databaseUrls: settings.databaseUrls,
    port: settings.port,
    replicas: settings.replicas,
    env: { ...process.env, CALLER_REPLAY_REDIS_URL: settings.replayRedisUrl },
  });
  console.log(
    `Replicas ready behind ${running.front.url}/graphql:\n${running.processes.map((p) => `  ${p.name} ${p.url}`).join('\n')}`,
  );
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
