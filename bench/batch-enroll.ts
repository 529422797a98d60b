/**
 * `npm run bench:writes`: how fast the write path is against real PostgreSQL, through the gateway.
 * Starts the whole federation (fresh databases, seeded), then prints
 *  - the time of a 1,000-row batch enrollment (three runs, each under a fresh allocation), and
 *  - single enrollments per second with many clients enrolling at once.
 * Set TEST_DATABASE_URL to point at another PostgreSQL server.
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { startFederation } from '../test/support/federation';
import { ENROLL, openAllocation } from '../test/support/writes';
import { storyWorkers } from '../domain/seed-story';

const BATCH = `mutation($input: BatchEnrollmentInput!) { batchEnroll(input: $input) { enrolled rejected } }`;
const BATCH_ROWS = 1_000;
const SINGLES = 1_000;
const CONCURRENCY = 50;
const SEQUENTIAL = 100;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  const federation = await startFederation();
  try {
    const workers = storyWorkers();
    console.log(`Batch enrollment of ${BATCH_ROWS.toLocaleString('en')} rows (one request through the gateway):`);
    const batchTimes: number[] = [];
    for (const [run, year] of [2022, 2023, 2024].entries()) {
      const allocation = await openAllocation(federation, year, BATCH_ROWS);
      const niks = workers.slice(run * BATCH_ROWS, (run + 1) * BATCH_ROWS).map((w) => w.nik);
      const started = performance.now();
      const response = await federation.query(BATCH, {
        input: { allocationId: allocation.id, niks, idempotencyKey: `bench-batch-${year}` },
      });
      const elapsed = performance.now() - started;
      if (response.errors || response.data.batchEnroll.enrolled !== BATCH_ROWS)
        throw new Error(`batch failed: ${JSON.stringify(response.errors ?? response.data)}`);
      batchTimes.push(elapsed);
      console.log(
        `  run ${run + 1}: ${elapsed.toFixed(0)} ms for ${response.data.batchEnroll.enrolled} enrolled (${((BATCH_ROWS / elapsed) * 1000).toFixed(0)} rows/s)`,
      );
    }
    console.log(`  median: ${[...batchTimes].sort((a, b) => a - b)[1].toFixed(0)} ms`);

    const allocation = await openAllocation(federation, 2025, SINGLES + SEQUENTIAL);
    const alone = performance.now();
    for (const worker of workers.slice(4_000, 4_000 + SEQUENTIAL)) {
      await federation.query(ENROLL, {
        input: { nik: worker.nik, allocationId: allocation.id, idempotencyKey: `bench-alone-${worker.nik}` },
      });
    }
    console.log(
      `Single enrollments, one client: ${((performance.now() - alone) / SEQUENTIAL).toFixed(1)} ms each (${SEQUENTIAL} in a row)`,
    );
    const queue = workers.slice(5_000, 5_000 + SINGLES);
    const latencies: number[] = [];
    let failures = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let worker = queue.shift(); worker; worker = queue.shift()) {
          const sent = performance.now();
          const response = await federation.query(ENROLL, {
            input: { nik: worker.nik, allocationId: allocation.id, idempotencyKey: `bench-single-${worker.nik}` },
          });
          latencies.push(performance.now() - sent);
          if (response.errors) failures++;
        }
      }),
    );
    const elapsed = performance.now() - started;
    latencies.sort((a, b) => a - b);
    console.log(`Single enrollments, ${CONCURRENCY} clients at once, ${SINGLES.toLocaleString('en')} enrollments:`);
    console.log(
      `  ${((SINGLES / elapsed) * 1000).toFixed(0)} enrollments/s; latency p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms; ${failures} failed`,
    );
  } finally {
    await federation.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
