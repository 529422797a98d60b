/**
 * How the gateway talks to subgraphs when tuned: plain node:http over a pooled keep-alive agent
 * (no per-request socket set-up, no fetch-compatibility layers).
 */
import http from 'node:http';
import https from 'node:https';
import type { Fetcher, FetcherHeaders, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';

/** Response headers as node:http parsed them (lower-case names), read without copying. */
class ResponseHeaders implements FetcherHeaders {
  constructor(private readonly raw: http.IncomingHttpHeaders) {}
  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  }
  has(name: string) {
    return this.raw[name.toLowerCase()] !== undefined;
  }
  append(name: string, value: string) {
    const current = this.get(name);
    this.raw[name.toLowerCase()] = current === null ? value : `${current}, ${value}`;
  }
  set(name: string, value: string) {
    this.raw[name.toLowerCase()] = value;
  }
  delete(name: string) {
    delete this.raw[name.toLowerCase()];
  }
  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.raw)) {
      const value = this.get(name);
      if (value !== null) yield [name, value];
    }
  }
  *keys() {
    for (const [name] of this.entries()) yield name;
  }
  *values() {
    for (const [, value] of this.entries()) yield value;
  }
  [Symbol.iterator]() {
    return this.entries();
  }
}

class BufferedResponse implements FetcherResponse {
  readonly bodyUsed = false;
  readonly redirected = false;
  readonly ok: boolean;
  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: FetcherHeaders,
    private readonly body: string,
  ) {
    this.ok = status >= 200 && status < 300;
  }
  async text() {
    return this.body;
  }
  async json() {
    return JSON.parse(this.body);
  }
  async arrayBuffer() {
    const bytes = Buffer.from(this.body, 'utf8');
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
  clone() {
    return new BufferedResponse(this.url, this.status, this.statusText, this.headers, this.body);
  }
}

export interface KeepAliveOptions {
  /** Open sockets per subgraph; beyond it requests queue instead of opening more. */
  maxSockets: number;
}

/** A fetcher over one keep-alive agent per protocol, shared by every subgraph of a gateway. */
export function keepAliveFetcher(options: KeepAliveOptions): Fetcher & { close(): void } {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: options.maxSockets, scheduling: 'lifo' }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: options.maxSockets, scheduling: 'lifo' }),
  };
  // Subgraph URLs are few and fixed: parse each once.
  const targets = new Map<string, URL>();
  const fetcher = (url: string, init: FetcherRequestInit = {}) =>
    new Promise<FetcherResponse>((resolve, reject) => {
      let target = targets.get(url);
      if (!target) targets.set(url, (target = new URL(url)));
      const transport = target!.protocol === 'https:' ? https : http;
      const body = init.body ?? '';
      const request = transport.request(
        target!,
        {
          method: init.method ?? 'GET',
          agent: agents[target!.protocol as 'http:' | 'https:'],
          headers: { ...init.headers, 'content-length': String(Buffer.byteLength(body)) },
          signal: init.signal,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve(
              new BufferedResponse(
                url,
                response.statusCode ?? 0,
                response.statusMessage ?? '',
                new ResponseHeaders(response.headers),
                text,
              ),
            );
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  return Object.assign(fetcher, {
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  });
}
