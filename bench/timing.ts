/** Single-request latency as a client sees it (sequential requests from this process). */
import { performance } from 'node:perf_hooks';
import { clientHeaders } from './client';

export interface Timed {
  ms: number;
  bytes: number;
  body: any;
}

export async function timedPost(url: string, body: string): Promise<Timed> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...clientHeaders() },
    body,
  });
  const text = await response.text();
  const ms = performance.now() - started;
  return { ms, bytes: Buffer.byteLength(text), body: JSON.parse(text) };
}

/** GraphQL answered without errors, or a thrown Error saying what went wrong. */
export function expectData(label: string, timed: Timed) {
  if (timed.body.errors?.length) throw new Error(`${label}: ${JSON.stringify(timed.body.errors[0])}`);
  return timed.body.data;
}
