/**
 * The load generator's own process: autocannon must not share a CPU scheduler queue with
 * the servers it measures any more than the machine forces. Receives a job over IPC, replies
 * with the figures.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { LoadJob, LoadResult } from './load';

/**
 * One client, one request after another, timed to the microsecond: autocannon's histogram counts
 * whole milliseconds, too coarse for the unloaded latency a person at a screen feels (1-3 ms).
 */
async function sequential(job: LoadJob): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(job.url);
  const headers = { 'content-type': 'application/json', ...job.headers };
  const post = (body: string) =>
    new Promise<number>((resolve, reject) => {
      const request = http.request(
        target,
        { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + job.seconds * 1000;
  for (let next = 0; performance.now() < deadline; next++) {
    const sent = performance.now();
    const status = await post(job.bodies[next % job.bodies.length]).catch(() => 0);
    latencies.push(performance.now() - sent);
    if (status < 200 || status >= 300) errors++;
  }
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return {
    requestsPerSecond: latencies.length / elapsed,
    p50: at(50),
    p99: at(99),
    mean: latencies.reduce((sum, ms) => sum + ms, 0) / latencies.length,
    errors,
    requests: latencies.length,
  };
}

function run(job: LoadJob): Promise<LoadResult> {
  if (job.connections === 1) return sequential(job);
  let next = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: job.url,
        connections: job.connections,
        duration: job.seconds,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...job.headers },
        requests: [
          {
            setupRequest: (request: any) => ({ ...request, body: job.bodies[next++ % job.bodies.length] }),
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          requestsPerSecond: result.requests.total / job.seconds,
          p50: result.latency.p50,
          p99: result.latency.p99,
          mean: result.latency.mean,
          errors: result.errors + result.timeouts + result.non2xx,
          requests: result.requests.total,
        });
      },
    );
  });
}

process.on('message', (job: LoadJob) => {
  run(job).then(
    (result) => process.send?.({ result }),
    (error) => process.send?.({ error: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
