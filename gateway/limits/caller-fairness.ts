/**
 * One caller's heavy queries must not starve another's simple one. Each caller (token subject)
 * has a share of the gateway: operations and estimated cost in flight at once, and cost spent
 * per second (a bucket that refills steadily, holding at most one second's worth). An operation
 * that does not fit waits, in order, behind the caller's own earlier ones, so a flood from one
 * token queues behind itself while other tokens go straight through. A caller who queues too
 * many, or whose operation waits too long, is told to slow down (HTTP 429).
 *
 * The rate matters as much as the bound in flight: one roster of a thousand workers at a time
 * still keeps every subgraph busy serialising it, and a simple query that meets it on its way
 * through three subgraphs waits behind it (see bench/fairness.ts for the measured difference).
 */
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../platform/errors';
import { realTime, WindowTime } from '../../platform/window-time';

export interface FairnessLimits {
  /** Operations of one caller running at once. */
  maxConcurrent: number;
  /** Summed cost of one caller's operations running at once (an operation alone always fits). */
  maxInflightCost: number;
  /** Cost one caller may spend per second, sustained; the bucket holds one second's worth (at least one operation). */
  costPerSecond: number;
  /** Operations of one caller waiting for room; more are refused at once. */
  maxQueued: number;
  /** How long an operation waits for room before it is refused. */
  maxWaitMs: number;
}

interface Waiter {
  cost: number;
  admit: () => void;
  cancelTimeout: () => void;
}

interface CallerShare {
  running: number;
  cost: number;
  queue: Waiter[];
  /** Cost that may still be spent now, refilled at costPerSecond since `refilledAt`. */
  tokens: number;
  refilledAt: number;
  /** Cancels the pending look at the queue once the bucket has refilled. */
  wake?: () => void;
}

export const tooManyRequests = (message: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.TOO_MANY_REQUESTS, http: { status: 429 } } });

export class CallerFairness {
  private readonly callers = new Map<string, CallerShare>();

  constructor(
    private readonly limits: FairnessLimits,
    /** Refills and waits follow it: real time, unless a test steps its own. */
    private readonly time: WindowTime = realTime,
  ) {}

  /** Resolves with the function that gives the room back, once the operation may run. */
  async acquire(caller: string, cost: number): Promise<() => void> {
    const share = this.shareOf(caller);
    const release = () => {
      share.running--;
      share.cost -= cost;
      this.pump(caller, share);
    };
    this.refill(share);
    if (share.queue.length === 0 && this.fits(share, cost)) {
      this.take(share, cost);
      return release;
    }
    if (share.queue.length >= this.limits.maxQueued) {
      throw tooManyRequests(
        `Too many of your operations are waiting (${share.queue.length}); wait for their answers before sending more.`,
      );
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        cost,
        admit: () => {
          waiter.cancelTimeout();
          resolve(release);
        },
        cancelTimeout: this.time.after(this.limits.maxWaitMs, () => {
          share.queue.splice(share.queue.indexOf(waiter), 1);
          this.pump(caller, share);
          reject(
            tooManyRequests(
              `Your operations have kept the gateway busy for ${this.limits.maxWaitMs} ms; this one was not started. Retry later.`,
            ),
          );
        }),
      };
      share.queue.push(waiter);
      this.pump(caller, share);
    });
  }

  /** Operations running and waiting per caller, for tests and health output. */
  load(caller: string): { running: number; cost: number; queued: number } {
    const share = this.callers.get(caller);
    return { running: share?.running ?? 0, cost: share?.cost ?? 0, queued: share?.queue.length ?? 0 };
  }

  private get capacity(): number {
    return Math.max(this.limits.costPerSecond, this.limits.maxInflightCost);
  }

  private shareOf(caller: string): CallerShare {
    let share = this.callers.get(caller);
    if (!share)
      this.callers.set(
        caller,
        (share = { running: 0, cost: 0, queue: [], tokens: this.capacity, refilledAt: this.time.now() }),
      );
    return share;
  }

  private refill(share: CallerShare) {
    const now = this.time.now();
    share.tokens = Math.min(
      this.capacity,
      share.tokens + ((now - share.refilledAt) / 1000) * this.limits.costPerSecond,
    );
    share.refilledAt = now;
  }

  private fits(share: CallerShare, cost: number): boolean {
    const inFlight =
      share.running < this.limits.maxConcurrent &&
      (share.running === 0 || share.cost + cost <= this.limits.maxInflightCost);
    // An operation dearer than the whole bucket waits for a full bucket, never forever.
    return inFlight && share.tokens >= Math.min(cost, this.capacity);
  }

  private take(share: CallerShare, cost: number) {
    share.running++;
    share.cost += cost;
    share.tokens -= cost;
  }

  /** Admits waiting operations that now fit; when only the rate holds them back, looks again once it has refilled. */
  private pump(caller: string, share: CallerShare) {
    this.refill(share);
    while (share.queue.length && this.fits(share, share.queue[0].cost)) {
      const next = share.queue.shift()!;
      this.take(share, next.cost);
      next.admit();
    }
    const head = share.queue[0];
    if (head && !share.wake && share.tokens < Math.min(head.cost, this.capacity)) {
      const waitMs = Math.ceil(
        ((Math.min(head.cost, this.capacity) - share.tokens) / this.limits.costPerSecond) * 1000,
      );
      share.wake = this.time.after(waitMs, () => {
        share.wake = undefined;
        this.pump(caller, share);
      });
    }
    if (share.running === 0 && share.queue.length === 0 && share.tokens >= this.capacity && !share.wake)
      this.callers.delete(caller);
  }
}
