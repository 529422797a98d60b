/**
 * Where a subgraph remembers the caller assertions it has accepted (see ReplayGuard in caller.ts).
 * One process: an in-memory map until each assertion's expiry. Several replicas of a subgraph
 * behind one address: a Redis they share (CALLER_REPLAY_REDIS_URL), so an assertion accepted by
 * one replica is refused by every other. Redis gets one `SET id 1 NX PX <ms to expiry>` per
 * request over a single pipelined connection; when it cannot answer, requests are refused
 * rather than let through unchecked.
 */
import net from 'node:net';
import { LRUCache } from 'lru-cache';
import type { ReplayGuard } from './caller';
import { unauthenticated } from '../platform/errors';

/**
 * At the gateway's rate of signing, a minute of assertions: past this many the oldest is
 * forgotten before its expiry, so a deployment above it should share Redis instead.
 */
const REMEMBERED = 1_000_000;

export function inProcessReplayGuard(): ReplayGuard {
  const seen = new LRUCache<string, true>({ max: REMEMBERED });
  return {
    firstUse(id, expiresAtMs) {
      if (seen.has(id)) return false;
      const ttl = expiresAtMs - Date.now();
      // An expired assertion is refused by its signature check; nothing to remember.
      if (ttl > 0) seen.set(id, true, { ttl });
      return true;
    },
  };
}

/** A shared memory in Redis (`redis://host:port`), for replicas of one subgraph. */
export function redisReplayGuard(url: string, keyPrefix = 'caller-assertion:'): ReplayGuard & { close(): void } {
  const { hostname, port } = new URL(url);
  let socket: net.Socket | undefined;
  let buffer = '';
  const pending: { resolve: (reply: string) => void; reject: (error: Error) => void }[] = [];
  const failAll = (error: Error) => {
    for (const waiter of pending.splice(0)) waiter.reject(error);
    socket?.destroy();
    socket = undefined;
  };
  const connection = () => {
    if (socket) return socket;
    buffer = '';
    socket = net.connect(Number(port || 6379), hostname || '127.0.0.1');
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      // Replies to SET ... NX are "+OK" or a null bulk string "$-1" (or "-ERR ..."), one line each.
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        pending.shift()?.resolve(line);
      }
    });
    socket.on('error', (error) => failAll(error));
    socket.on('close', () => failAll(new Error('the replay cache closed its connection')));
    return socket;
  };
  const command = (...parts: string[]) =>
    parts.reduce((text, part) => `${text}$${Buffer.byteLength(part)}\r\n${part}\r\n`, `*${parts.length}\r\n`);
  return {
    async firstUse(id, expiresAtMs) {
      const ttl = Math.ceil(expiresAtMs - Date.now());
      if (ttl <= 0) return true;
      const reply = await new Promise<string>((resolve, reject) => {
        pending.push({ resolve, reject });
        connection().write(command('SET', keyPrefix + id, '1', 'NX', 'PX', String(ttl)));
      }).catch(() => {
        throw unauthenticated(
          'The replay cache cannot be reached, so no caller assertion can be accepted now; retry shortly.',
          { http: { status: 503 } },
        );
      });
      if (reply.startsWith('-'))
        throw unauthenticated(`The replay cache refused the check (${reply.slice(1)}).`, { http: { status: 503 } });
      return reply === '+OK';
    },
    close: () => {
      socket?.end();
      socket = undefined;
    },
  };
}
