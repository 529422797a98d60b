/**
 * The load generator's own process: autocannon must not share a CPU scheduler queue with
 * the servers it measures any more than the machine forces. Receives a job over IPC, replies
 * with the figures.
 */
import autocannon from 'autocannon';
import type { LoadJob, LoadResult } from './load';

function run(job: LoadJob): Promise<LoadResult> {
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
