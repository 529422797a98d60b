/** Drives the load generator process: one job at a time, figures back as a LoadResult. */
import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { clientHeaders } from './client';

export interface LoadJob {
  url: string;
  /** Request bodies, sent round-robin (e.g. the contract query with seeded NIKs). */
  bodies: string[];
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requestsPerSecond: number;
  /** Latency percentiles in milliseconds. */
  p50: number;
  p99: number;
  mean: number;
  /** Transport errors, timeouts and non-2xx answers. */
  errors: number;
  requests: number;
}

export class LoadGenerator {
  private child: ChildProcess = fork(path.join(__dirname, 'load-generator.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

  get pid(): number {
    return this.child.pid!;
  }

  run(job: LoadJob): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      this.child.once('message', (message: { result?: LoadResult; error?: string }) =>
        message.result ? resolve(message.result) : reject(new Error(message.error)),
      );
      this.child.send({ headers: clientHeaders(), ...job });
    });
  }

  stop() {
    this.child.disconnect();
  }
}
