/**
 * Hive Gateway in front of this federation's subgraphs, serving the same
 * schema/supergraph.graphql: what an agency that prefers another gateway would run, and the peer
 * `npm run bench` measures ours against. Client tokens are verified as our gateway verifies them;
 * the only other thing it adds is the caller assertion every subgraph requires.
 */
import fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { createAuthenticator } from '../../gateway/authentication/authentication';
import type { AuthConfig } from '../../gateway/server/settings';
import type { TrustConfig } from '../../contract/settings';
import { signingKeyFrom } from '../../contract/caller-keys';
import { useCallerAssertion } from './caller-assertion';

export interface HiveGatewayOptions {
  port: number;
  host?: string;
  supergraphPath: string;
  /** Where each subgraph answers, by name (instead of the routing URLs composed into the supergraph). */
  subgraphUrls: Record<string, string>;
  auth: AuthConfig;
  trust: TrustConfig;
  /** 'rust': the query planner of @graphql-hive/router-runtime instead of Hive's JavaScript one. */
  planner?: 'javascript' | 'rust';
}

export async function startHiveGateway(options: HiveGatewayOptions): Promise<{ url: string; stop(): Promise<void> }> {
  const authenticate = createAuthenticator(options.auth);
  // The same key our gateway signs with (CALLER_SIGNING_KEY, or the development key of the secret).
  const signer = signingKeyFrom(options.trust, false);
  if (!signer)
    throw new Error(
      'Hive Gateway signs caller assertions: set CALLER_SIGNING_KEY (or, in development, GATEWAY_SUBGRAPH_SECRET)',
    );
  const rust = options.planner === 'rust' ? await import('@graphql-hive/router-runtime') : undefined;
  const runtime = createGatewayRuntime({
    supergraph: fs.readFileSync(options.supergraphPath, 'utf8'),
    transportEntries: Object.fromEntries(
      Object.entries(options.subgraphUrls).map(([name, location]) => [name, { location }]),
    ),
    ...(rust ? { unifiedGraphHandler: rust.unifiedGraphHandler } : {}),
    logging: false,
    graphiql: false,
    landingPage: false,
    plugins: () => [
      useCallerAssertion({
        signer,
        ttlSeconds: options.trust.callerTokenTtlSeconds,
        identify: (request) => authenticate(request.headers.get('authorization') ?? undefined),
      }),
    ],
  });
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the runtime is a request listener that answers its own failures
  const server = createServer(runtime);
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/graphql`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await runtime.dispose();
    },
  };
}
