/**
 * The small front of `npm run start:replicas`: one port that spreads requests round-robin over
 * replicas, as a Kubernetes Service or a load balancer would. `/subgraphs/<name>/...` goes to
 * that subgraph's replicas (the gateways and membership's peer calls use it), everything else
 * to the gateways.
 *
 * A replica that refuses the connection has received nothing, so the request goes to the next
 * one and the refusing replica is skipped for a while; a replica that fails after receiving a
 * request answers 502, since a write may have happened there (the client retries with its
 * idempotency key).
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ErrorCode } from '../platform/errors';

export interface RoundRobinOptions {
  port: number;
  host?: string;
  /** Backend base URLs (`http://127.0.0.1:4101`) by pool: `gateway` and one per subgraph name. */
  pools: Record<string, string[]>;
  /** How long a replica that refused a connection is skipped. */
  downForMs?: number;
}

export interface RoundRobinFront {
  url: string;
  port: number;
  /** Requests each backend has answered, by its base URL. */
  served(): Record<string, number>;
  close(): Promise<void>;
}

const UNSENT = new Set(['ECONNREFUSED', 'ECONNRESET_BEFORE_SEND']);

export async function startRoundRobin(options: RoundRobinOptions): Promise<RoundRobinFront> {
  const next: Record<string, number> = {};
  const downUntil = new Map<string, number>();
  const served: Record<string, number> = {};
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const downForMs = options.downForMs ?? 1_000;

  const route = (path: string): { pool: string; path: string } => {
    const match = /^\/subgraphs\/(\w+)(\/.*)?$/.exec(path);
    return match && options.pools[match[1]] ? { pool: match[1], path: match[2] ?? '/' } : { pool: 'gateway', path };
  };

  const candidates = (pool: string): string[] => {
    const backends = options.pools[pool] ?? [];
    const start = (next[pool] = ((next[pool] ?? -1) + 1) % Math.max(backends.length, 1));
    const ordered = [...backends.slice(start), ...backends.slice(0, start)];
    const now = Date.now();
    const up = ordered.filter((backend) => (downUntil.get(backend) ?? 0) <= now);
    return up.length ? [...up, ...ordered.filter((backend) => !up.includes(backend))] : ordered;
  };

  const forward = (backend: string, path: string, request: http.IncomingMessage, body: Buffer) =>
    new Promise<http.IncomingMessage>((resolve, reject) => {
      const target = new URL(path, backend);
      const outgoing = http.request(
        target,
        { method: request.method, headers: { ...request.headers, host: target.host }, agent },
        resolve,
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });

  const serve = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const { pool, path } = route(request.url ?? '/');
    for (const backend of candidates(pool)) {
      try {
        const answer = await forward(backend, path, request, body);
        served[backend] = (served[backend] ?? 0) + 1;
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        return;
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        if (UNSENT.has(code)) {
          downUntil.set(backend, Date.now() + downForMs);
          continue;
        }
        response.writeHead(502, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            errors: [
              { message: `The ${pool} replica failed mid-request.`, extensions: { code: ErrorCode.BAD_GATEWAY } },
            ],
          }),
        );
        return;
      }
    }
    response.writeHead(503, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        errors: [{ message: `No ${pool} replica is reachable.`, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } }],
      }),
    );
  };
  // A client that hangs up mid-body rejects the read: drop that one connection, not the launcher.
  const server = http.createServer((request, response) => {
    serve(request, response).catch((error) => {
      console.error(`[round-robin] request dropped: ${(error as Error).message}`);
      response.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    served: () => ({ ...served }),
    async close() {
      server.closeAllConnections();
      agent.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
