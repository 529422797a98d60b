/**
 * Drives test/support/load-generator.js, a second process sending a steady load to the gateway.
 */
import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';

export interface LoadOperation {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

export interface Tally {
  ok: number;
  /** Answers with data and only SUBGRAPH_* errors, counted by code. */
  partial: Record<string, number>;
  failed: number;
  /** Up to five examples of what failed. */
  failures: string[];
}

/** phase -> operation name -> tally */
export type LoadReport = Record<string, Record<string, Tally>>;

export interface LoadOptions {
  /** The client's `Authorization` header, e.g. `Bearer <token>`; handed over in the environment, not the command line. */
  authorization?: string;
  concurrency?: number;
  maxRequests?: number;
  maxMs?: number;
}

export class Load {
  private completed = 0;
  private waiters: { count: number; resolve: () => void }[] = [];
  private phaseAcknowledged?: () => void;
  private readonly report: Promise<LoadReport>;

  private constructor(private readonly child: ChildProcess) {
    this.report = new Promise((resolve, reject) => {
      child.on('message', (message: { type: string; completed: number; tallies?: LoadReport }) => {
        this.completed = message.completed;
        if (message.type === 'phase') this.phaseAcknowledged?.();
        if (message.type === 'report') resolve(message.tallies!);
        // When the load has ended, nobody waits for traffic that will never come.
        const ended = message.type === 'report';
        this.waiters = this.waiters.filter((waiter) =>
          ended || this.completed >= waiter.count ? (waiter.resolve(), false) : true,
        );
      });
      child.on('exit', (code) => (code === 0 ? undefined : reject(new Error(`load generator exited with ${code}`))));
    });
  }

  static start(url: string, operations: LoadOperation[], options: LoadOptions = {}): Load {
    const settings = {
      url,
      operations,
      concurrency: options.concurrency ?? 4,
      maxRequests: options.maxRequests ?? 20_000,
      maxMs: options.maxMs ?? 90_000,
    };
    const env = { ...process.env, LOAD_AUTHORIZATION: options.authorization ?? '' };
    const child = fork(path.join(__dirname, 'load-generator.js'), [JSON.stringify(settings)], {
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Load(child);
  }

  /** Requests sent once this resolves are tallied under `name`. */
  async phase(name: string): Promise<void> {
    await new Promise<void>((resolve) => {
      this.phaseAcknowledged = resolve;
      this.child.send({ type: 'phase', phase: name });
    });
  }

  /** Resolves once `more` further requests have completed, so each phase sees real traffic. */
  async completes(more: number): Promise<void> {
    const count = this.completed + more;
    await new Promise<void>((resolve) => this.waiters.push({ count, resolve }));
  }

  async stop(): Promise<LoadReport> {
    if (this.child.connected) this.child.send({ type: 'stop' });
    return this.report;
  }
}

/** All requests of a phase, whatever the operation. */
export function totals(report: LoadReport, phase: string): Tally {
  const sum: Tally = { ok: 0, partial: {}, failed: 0, failures: [] };
  for (const tally of Object.values(report[phase] ?? {})) {
    sum.ok += tally.ok;
    sum.failed += tally.failed;
    sum.failures.push(...tally.failures);
    for (const [code, count] of Object.entries(tally.partial)) sum.partial[code] = (sum.partial[code] ?? 0) + count;
  }
  return sum;
}
