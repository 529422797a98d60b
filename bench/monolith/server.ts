/** Serves the monolith baseline through the same HTTP integration and Apollo Server as the gateway. */
import '../../platform/no-telemetry';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { Pool } from 'pg';
import { createHttpServer, serveApollo } from '../../platform/http';
import { monolithSchema } from './schema';

export async function startMonolith(options: { port: number; host: string; databaseUrl: string; poolSize: number }) {
  const pool = new Pool({ connectionString: options.databaseUrl, max: options.poolSize });
  const httpServer = createHttpServer();
  const apollo = new ApolloServer({
    schema: monolithSchema(pool),
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginUsageReportingDisabled()],
  });
  await apollo.start();
  const served = await serveApollo(httpServer, apollo, {
    port: options.port,
    host: options.host,
    context: async () => ({}),
    ready: async () => (await pool.query('SELECT 1')).rowCount === 1,
  });
  return {
    url: served.url,
    async stop() {
      await apollo.stop();
      httpServer.close();
      await pool.end();
    },
  };
}
