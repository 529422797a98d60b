/**
 * One subgraph's circuit breaker (resilience.ts keeps one per subgraph), with the behaviour the
 * gateway had from opossum: a rolling window of ten buckets counts attempts, refusals and
 * failures; once the window holds enough attempts and more than the allowed share failed, the
 * circuit opens and refuses at once; after the reset pause one trial goes through, which closes
 * the circuit or opens it again.
 *
 * Every window and pause is judged by an injected `now()` rather than timers, so a test holds a
 * circuit open, or lets its pause pass, by stepping a clock instead of waiting and hoping a busy
 * machine keeps up. An open circuit becomes half-open when it is next asked after its pause.
 */
import type { CircuitState } from './resilience';

export interface BreakerSettings {
  /** Failed share of the window's attempts (percent) above which the circuit opens. */
  errorPercent: number;
  /** Attempts the window must hold before failures can open the circuit. */
  minimumRequests: number;
  windowMs: number;
  /** How long an open circuit refuses before it lets one trial through. */
  resetMs: number;
  /** Errors that are the caller's, not the subgraph's: they count as answers. */
  isCallerError: (error: unknown) => boolean;
  /** Milliseconds since any fixed instant. */
  now: () => number;
}

export interface BreakerEvents {
  open(): void;
  halfOpen(): void;
  close(): void;
}

interface Bucket {
  index: number;
  fires: number;
  rejects: number;
  failures: number;
}

const BUCKETS = 10;

/** What an open circuit throws; resilience.ts reads its code as "never sent", so a refused mutation did nothing. */
export class OpenCircuitError extends Error {
  readonly code = 'EOPENBREAKER';

  constructor() {
    super('Breaker is open');
  }
}

export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private openedAt = 0;
  /** Half-open: whether the one trial may still go (it has not been sent yet). */
  private trialAvailable = false;
  private buckets: Bucket[] = [];
  private readonly bucketMs: number;
  private readonly startedAt: number;

  constructor(
    private readonly settings: BreakerSettings,
    private readonly on: BreakerEvents,
  ) {
    this.bucketMs = Math.max(1, Math.floor(settings.windowMs / BUCKETS));
    this.startedAt = settings.now();
  }

  get state(): CircuitState {
    if (this.current === 'open' && this.settings.now() - this.openedAt >= this.settings.resetMs) {
      this.current = 'halfOpen';
      this.trialAvailable = true;
      this.on.halfOpen();
    }
    return this.current;
  }

  get closed(): boolean {
    return this.state === 'closed';
  }

  /** Over the rolling window: attempts asked for (refused ones included), those refused, and those that failed. */
  get stats(): { fires: number; rejects: number; failures: number } {
    const oldest = this.bucketIndex() - BUCKETS + 1;
    this.buckets = this.buckets.filter((bucket) => bucket.index >= oldest);
    return this.buckets.reduce(
      (sum, b) => ({
        fires: sum.fires + b.fires,
        rejects: sum.rejects + b.rejects,
        failures: sum.failures + b.failures,
      }),
      { fires: 0, rejects: 0, failures: 0 },
    );
  }

  async fire<T>(work: () => Promise<T>): Promise<T> {
    const state = this.state;
    this.count('fires');
    if (state === 'open' || (state === 'halfOpen' && !this.trialAvailable)) {
      this.count('rejects');
      throw new OpenCircuitError();
    }
    this.trialAvailable = false;
    let result: T;
    try {
      result = await work();
    } catch (error) {
      if (this.settings.isCallerError(error)) this.answered();
      else this.failed();
      throw error;
    }
    this.answered();
    return result;
  }

  close(): void {
    if (this.current === 'closed') return;
    this.current = 'closed';
    this.trialAvailable = false;
    this.on.close();
  }

  private open(): void {
    if (this.current === 'open') return;
    this.current = 'open';
    this.trialAvailable = false;
    this.openedAt = this.settings.now();
    this.on.open();
  }

  private answered(): void {
    if (this.current === 'halfOpen') this.close();
  }

  private failed(): void {
    this.count('failures');
    if (this.current === 'halfOpen') return this.open();
    const { fires, failures } = this.stats;
    if (fires >= this.settings.minimumRequests && (failures / fires) * 100 > this.settings.errorPercent) this.open();
  }

  private bucketIndex(): number {
    return Math.floor((this.settings.now() - this.startedAt) / this.bucketMs);
  }

  private count(what: 'fires' | 'rejects' | 'failures'): void {
    const index = this.bucketIndex();
    let bucket = this.buckets[this.buckets.length - 1];
    if (bucket?.index !== index) {
      // Buckets the window has passed are dropped here too, or a breaker nobody reads would keep them all.
      this.buckets = this.buckets.filter((old) => old.index > index - BUCKETS);
      this.buckets.push((bucket = { index, fires: 0, rejects: 0, failures: 0 }));
    }
    bucket[what]++;
  }
}
