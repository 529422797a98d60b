/**
 * Keeps `npm start`'s processes serving: one that exits while the federation runs is logged and
 * started again after a pause that doubles with each exit in a row (1 s, 2 s, 4 s ... up to 30 s),
 * and that starts over once it has stayed up a minute. The others keep answering meanwhile, so the
 * gateway's partial answers can be seen on one machine. A process that keeps failing soon after
 * each start (a wrong setting, a port taken) is given up after five tries in a row, and the
 * federation stops with its reason rather than looping. Ctrl-C stops everything, as before.
 */
import { ChildProcess } from 'node:child_process';
import { realTime, WindowTime } from '../platform/window-time';

export interface RestartPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  /** Up this long, a process counts as healthy again and its next exit waits firstDelayMs. */
  stableAfterMs: number;
  /** Exits in a row, each before stableAfterMs, after which the supervisor gives up. */
  maxExitsInARow: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  firstDelayMs: 1_000,
  maxDelayMs: 30_000,
  stableAfterMs: 60_000,
  maxExitsInARow: 5,
};

/** The pause before the n-th start in a row (n = 1 after the first exit). */
export function restartDelay(policy: RestartPolicy, exitsInARow: number): number {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, exitsInARow - 1));
}

interface Supervised {
  start: () => ChildProcess;
  child?: ChildProcess;
  startedAt: number;
  exitsInARow: number;
  cancelRestart?: () => void;
}

export class Supervisor {
  private readonly processes = new Map<string, Supervised>();
  private stopping = false;

  constructor(
    private readonly log: (line: string) => void,
    /** Called once when a process is given up: the launcher stops the federation. */
    private readonly giveUp: (name: string, reason: string) => void,
    private readonly policy: RestartPolicy = DEFAULT_RESTART_POLICY,
    private readonly time: WindowTime = realTime,
  ) {}

  /** Starts `name` with `start` and keeps it running. */
  supervise(name: string, start: () => ChildProcess): void {
    const entry: Supervised = { start, startedAt: 0, exitsInARow: 0 };
    this.processes.set(name, entry);
    this.launch(name, entry);
  }

  /** Whether `name` has a process running now (it may be between a crash and its restart). */
  running(name: string): boolean {
    const child = this.processes.get(name)?.child;
    return Boolean(child && child.exitCode === null && child.signalCode === null);
  }

  pid(name: string): number | undefined {
    return this.processes.get(name)?.child?.pid;
  }

  /** Stops supervising and sends every running process `signal`; resolves when all have exited or `graceMs` passed. */
  async stopAll(signal: NodeJS.Signals, graceMs: number): Promise<void> {
    this.stopping = true;
    const running = [...this.processes.values()].filter((entry) => {
      entry.cancelRestart?.();
      return entry.child && entry.child.exitCode === null && entry.child.signalCode === null;
    });
    const exits = running.map((entry) => new Promise((resolve) => entry.child!.once('exit', resolve)));
    for (const entry of running) entry.child!.kill(signal);
    await Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, graceMs))]);
    for (const entry of running)
      if (entry.child!.exitCode === null && entry.child!.signalCode === null) entry.child!.kill('SIGKILL');
  }

  private launch(name: string, entry: Supervised): void {
    entry.cancelRestart = undefined;
    const child = entry.start();
    entry.child = child;
    entry.startedAt = this.time.now();
    this.log(`[launch] ${name} started (pid ${child.pid})`);
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      const upMs = this.time.now() - entry.startedAt;
      entry.exitsInARow = upMs >= this.policy.stableAfterMs ? 1 : entry.exitsInARow + 1;
      const reason = signal ?? `code ${code}`;
      if (entry.exitsInARow > this.policy.maxExitsInARow) {
        this.log(
          `[launch] ${name} exited (${reason}) ${entry.exitsInARow} times in a row, each within ${this.policy.stableAfterMs / 1000} s of starting; giving up`,
        );
        this.giveUp(name, `${name} keeps exiting (${reason})`);
        return;
      }
      const delay = restartDelay(this.policy, entry.exitsInARow);
      this.log(
        `[launch] ${name} exited (${reason}); the other services keep answering; restarting it in ${delay / 1000} s`,
      );
      entry.cancelRestart = this.time.after(delay, () => {
        if (!this.stopping) this.launch(name, entry);
      });
    });
  }
}
