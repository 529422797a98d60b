/**
 * One caller's heavy queries must not starve another's simple one. Each caller (token subject)
 * has a budget of operations and of estimated cost in flight at the gateway; an operation that
 * would exceed it waits, in order, for the caller's own earlier operations to finish, so a
 * flood from one token queues behind itself while other tokens go straight through. A caller
 * who queues too many, or waits too long, is told to slow down (HTTP 429).
 */
import { GraphQLError } from 'graphql';

export interface FairnessLimits {
  /** Operations of one caller running at once. */
  maxConcurrent: number;
  /** Summed cost of one caller's operations running at once (an operation alone always fits). */
  maxInflightCost: number;
  /** Operations of one caller waiting for room; more are refused at once. */
  maxQueued: number;
  /** How long an operation waits for room before it is refused. */
  maxWaitMs: number;
}

interface Waiter {
  cost: number;
  admit: () => void;
  timer: NodeJS.Timeout;
}

interface CallerLoad {
  running: number;
  cost: number;
  queue: Waiter[];
}

export const tooManyRequests = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'TOO_MANY_REQUESTS', http: { status: 429 } } });

export class CallerFairness {
  private readonly callers = new Map<string, CallerLoad>();

  constructor(private readonly limits: FairnessLimits) {}

  /** Resolves with the function that gives the room back, once the operation may run. */
  async acquire(caller: string, cost: number): Promise<() => void> {
    let load = this.callers.get(caller);
    if (!load) this.callers.set(caller, (load = { running: 0, cost: 0, queue: [] }));
    const current = load;
    const release = () => this.release(caller, current, cost);
    if (current.queue.length === 0 && this.fits(current, cost)) {
      this.take(current, cost);
      return release;
    }
    if (current.queue.length >= this.limits.maxQueued) {
      throw tooManyRequests(`Too many of your operations are waiting (${current.queue.length}); wait for their answers before sending more.`);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        cost,
        admit: () => {
          clearTimeout(waiter.timer);
          resolve(release);
        },
        timer: setTimeout(() => {
          current.queue.splice(current.queue.indexOf(waiter), 1);
          this.forget(caller, current);
          reject(tooManyRequests(`Your operations have kept the gateway busy for ${this.limits.maxWaitMs} ms; this one was not started. Retry later.`));
        }, this.limits.maxWaitMs),
      };
      current.queue.push(waiter);
    });
  }

  /** Operations running and waiting per caller, for tests and health output. */
  load(caller: string): { running: number; cost: number; queued: number } {
    const load = this.callers.get(caller);
    return { running: load?.running ?? 0, cost: load?.cost ?? 0, queued: load?.queue.length ?? 0 };
  }

  private fits(load: CallerLoad, cost: number): boolean {
    return load.running < this.limits.maxConcurrent && (load.running === 0 || load.cost + cost <= this.limits.maxInflightCost);
  }

  private take(load: CallerLoad, cost: number) {
    load.running++;
    load.cost += cost;
  }

  private release(caller: string, load: CallerLoad, cost: number) {
    load.running--;
    load.cost -= cost;
    while (load.queue.length && this.fits(load, load.queue[0].cost)) {
      const next = load.queue.shift()!;
      this.take(load, next.cost);
      next.admit();
    }
    this.forget(caller, load);
  }

  private forget(caller: string, load: CallerLoad) {
    if (load.running === 0 && load.queue.length === 0) this.callers.delete(caller);
  }
}
