/**
 * A small node:http integration for Apollo Server (the documented `executeHTTPGraphQLRequest`
 * contract), shared by the gateway and every subgraph, with liveness and readiness probes.
 */
import './no-telemetry';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer, BaseContext, HeaderMap } from '@apollo/server';
import { presentsToken } from './operations-token';
import { createLogger, type Logger } from './logger';
import { withServerSpan } from './tracing';
import { ErrorCode } from './errors';

/** A route's answer that is not JSON, e.g. Prometheus' text exposition format. */
export class TextResponse {
  constructor(
    readonly contentType: string,
    readonly body: string,
  ) {}
}

export interface ServeOptions<TContext extends BaseContext> {
  port: number;
  host?: string;
  /** `body` is the parsed JSON body of a POST, as the operation arrived. */
  context: (request: http.IncomingMessage, body: unknown) => Promise<TContext>;
  /** Readiness: the service can answer queries (its database or supergraph is there). */
  ready: () => Promise<boolean>;
  /** Extra plain-HTTP routes for operators, e.g. `/metrics`: each needs `routesToken` (see operations-token.ts). */
  routes?: Record<string, (request: http.IncomingMessage) => Promise<unknown>>;
  routesToken?: string;
  /** Plain-HTTP routes anyone may read, e.g. the gateway's public keys. */
  publicRoutes?: Record<string, (request: http.IncomingMessage) => Promise<unknown>>;
  /** Browser pages served beside the API (e.g. the gateway's explorer): true when it answered the request. */
  pages?: (request: http.IncomingMessage, response: http.ServerResponse, url: URL) => Promise<boolean>;
  /** Browser origins allowed to call (CORS); none by default. */
  corsOrigins?: string[];
  /** Also allow local dev servers: http(s)://localhost, 127.0.0.1 or [::1] on any port. */
  corsAllowLocalhost?: boolean;
  /** Operations accepted in one batched request; more are refused before any runs. */
  maxBatchSize?: number;
  /** The service's name on its trace spans and log lines. */
  service?: string;
  log?: Logger;
}

export interface Served {
  url: string;
  port: number;
  httpServer: http.Server;
}

const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Where a service listens unless configured (LISTEN_ADDRESS): this machine only. */
export const DEFAULT_LISTEN_ADDRESS = '127.0.0.1';

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error('Request body too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Request headers a browser may send: the token, JSON, Apollo Server's CSRF-prevention headers,
 * and the client-awareness headers Apollo Client sends when `clientAwareness` names the app.
 */
export const CORS_ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
];

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

export function isLocalOrigin(origin: string): boolean {
  return LOCAL_ORIGIN.test(origin);
}

/** Answers a browser's CORS preflight, and tags responses, for allowed origins only. */
function applyCors(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  allowed: string[],
  allowLocalhost: boolean,
): boolean {
  const origin = request.headers.origin;
  if (!origin || !(allowed.includes(origin) || (allowLocalhost && isLocalOrigin(origin)))) return false;
  response.setHeader('access-control-allow-origin', origin);
  response.setHeader('vary', 'Origin');
  response.setHeader('access-control-allow-credentials', 'true');
  if (request.method === 'OPTIONS') {
    response.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    response.setHeader('access-control-allow-headers', CORS_ALLOWED_HEADERS.join(', '));
    response.setHeader('access-control-max-age', '600');
  }
  return true;
}

function sendJson(response: http.ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

export function createHttpServer(): http.Server {
  const server = http.createServer();
  // Gateways keep connections to subgraphs alive; outlive their idle timeout to avoid resets.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

export async function serveApollo<TContext extends BaseContext>(
  httpServer: http.Server,
  apollo: ApolloServer<TContext>,
  options: ServeOptions<TContext>,
): Promise<Served> {
  httpServer.on('request', (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/graphql' && url.pathname !== '/') return void handle(request, response, url);
    void withServerSpan(options.service ?? 'service', request.method ?? 'GET', url.pathname, request.headers, () =>
      handle(request, response, url),
    );
  });
  const handle = async (request: http.IncomingMessage, response: http.ServerResponse, url: URL) => {
    try {
      const corsAllowed = applyCors(request, response, options.corsOrigins ?? [], options.corsAllowLocalhost ?? false);
      if (request.method === 'OPTIONS') {
        response.writeHead(corsAllowed ? 204 : 403);
        return response.end();
      }
      if (url.pathname === '/health/live') return sendJson(response, 200, { status: 'ok' });
      if (url.pathname === '/health/ready') {
        const ready = await options.ready().catch(() => false);
        return sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' });
      }
      const publicRoute = options.publicRoutes?.[url.pathname];
      if (publicRoute && request.method === 'GET') return sendJson(response, 200, await publicRoute(request));
      const route = options.routes?.[url.pathname];
      if (route) {
        if (!options.routesToken || !presentsToken(request, options.routesToken)) {
          return sendJson(response, 401, {
            errors: [
              {
                message: 'This endpoint is for operators: send the operations token.',
                extensions: { code: ErrorCode.UNAUTHENTICATED },
              },
            ],
          });
        }
        const answer = await route(request);
        if (answer instanceof TextResponse) {
          response.writeHead(200, { 'content-type': answer.contentType });
          return response.end(answer.body);
        }
        return sendJson(response, 200, answer);
      }
      if (options.pages && request.method === 'GET' && (await options.pages(request, response, url))) return;
      if (url.pathname !== '/graphql' && url.pathname !== '/') return sendJson(response, 404, { error: 'not found' });

      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const raw = request.method === 'POST' ? await readBody(request) : '';
      let body: unknown = raw;
      if (raw && (headers.get('content-type') ?? '').includes('application/json')) {
        try {
          body = JSON.parse(raw);
        } catch {
          return sendJson(response, 400, {
            errors: [{ message: 'The request body is not valid JSON.', extensions: { code: ErrorCode.BAD_REQUEST } }],
          });
        }
        if (Array.isArray(body) && options.maxBatchSize !== undefined && body.length > options.maxBatchSize) {
          return sendJson(response, 400, {
            errors: [
              {
                message: `A batch may hold at most ${options.maxBatchSize} operations; this one holds ${body.length}.`,
                extensions: { code: ErrorCode.BAD_REQUEST },
              },
            ],
          });
        }
      }
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
        context: () => options.context(request, body),
      });
      for (const [key, value] of result.headers) response.setHeader(key, value);
      response.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') {
        response.end(result.body.string);
      } else {
        for await (const chunk of result.body.asyncIterator) response.write(chunk);
        response.end();
      }
    } catch (error) {
      const status = (error as { status?: number }).status ?? 500;
      if (status === 500) {
        (options.log ?? createLogger('http')).error({ err: error, path: url.pathname }, 'request failed');
      }
      const answer =
        status === 413
          ? {
              message: `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB.`,
              extensions: { code: ErrorCode.PAYLOAD_TOO_LARGE },
            }
          : { message: 'Internal server error.', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
      // The rest of an oversized body is never read: close the connection rather than leave it to the next request.
      if (status === 413 && !response.headersSent) response.setHeader('connection', 'close');
      if (!response.headersSent) sendJson(response, status, { errors: [answer] });
      else response.end();
    }
  };
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host ?? DEFAULT_LISTEN_ADDRESS, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  return { url: `http://localhost:${port}/graphql`, port, httpServer };
}
