/**
 * Stands between the gateway and a real subgraph to make it misbehave on demand: forward
 * faithfully, answer slowly, or fail with an HTTP status. It counts the requests that reach it,
 * so a test can prove an open circuit sent nothing, and those the caller gave up on (closed the
 * connection before the answer), so a test can prove a timed-out request was aborted.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { CALLER_HEADER } from '../../contract/caller';

export type ProxyBehaviour =
  | { kind: 'forward' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'failing'; status: number }
  /** Delivers the request, then drops the connection instead of passing the answer back. */
  | { kind: 'hangUpAfterDelivery' };

export interface SubgraphProxy {
  url: string;
  /** Requests received since start. */
  readonly requests: number;
  /** Requests whose caller closed the connection before the answer was written. */
  readonly abandoned: number;
  target: string;
  behave(behaviour: ProxyBehaviour): void;
  stop(): Promise<void>;
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startSubgraphProxy(target = ''): Promise<SubgraphProxy> {
  let behaviour: ProxyBehaviour = { kind: 'forward' };
  let requests = 0;
  let abandoned = 0;
  const timers = new Set<NodeJS.Timeout>();
  const serve = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    requests++;
    response.on('close', () => {
      if (!response.writableFinished) abandoned++;
    });
    const body = await readBody(request);
    if (behaviour.kind === 'failing') {
      response.writeHead(behaviour.status, { 'content-type': 'text/plain' }).end('deliberately failing');
      return;
    }
    if (behaviour.kind === 'slow') {
      const delayMs = behaviour.delayMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => (timers.delete(timer), resolve()), delayMs);
        timers.add(timer);
      });
    }
    try {
      // The gateway's signed caller assertion travels on, or the subgraph would refuse the request.
      const assertion = request.headers[CALLER_HEADER];
      const headers = {
        'content-type': 'application/json',
        ...(typeof assertion === 'string' ? { [CALLER_HEADER]: assertion } : {}),
      };
      const answer = await fetch(proxy.target, { method: 'POST', headers, body });
      if (behaviour.kind === 'hangUpAfterDelivery') {
        await answer.text();
        response.socket?.destroy();
        return;
      }
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      response.end(await answer.text());
    } catch {
      if (!response.headersSent) response.writeHead(502).end();
    }
  };
  // A gateway that hangs up mid-body rejects the read: that connection is gone, the proxy stays.
  const server = http.createServer((request, response) => {
    serve(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: SubgraphProxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    get requests() {
      return requests;
    },
    get abandoned() {
      return abandoned;
    },
    target,
    behave(next) {
      behaviour = next;
    },
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return proxy;
}
