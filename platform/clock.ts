/**
 * The server's clock: the one source of "now" for every fact's recorded time and for "today" in
 * a rule (a payment dated in the future, a fiscal year that has closed). A client never supplies
 * it. The process reads the system clock; a test replaces it with a clock it steps by hand
 * (`useClock`), so no rule or test depends on when it happens to run. Jest gives each test file
 * its own module registry, so a test's clock never reaches another file's federation.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

let current: Clock = systemClock;

/** Replaces the clock every rule reads; returns the one it replaced. */
export function useClock(clock: Clock): Clock {
  const previous = current;
  current = clock;
  return previous;
}

/** The instant a fact is recorded: the server's clock, never the client's. */
export function serverNow(): Date {
  return current.now();
}

/** A clock a test sets and steps: it stands still between steps, so a rule sees exactly the day the test chose. */
export class SteppedClock implements Clock {
  private instant: Date;

  constructor(start: Date | string = new Date()) {
    this.instant = new Date(start);
  }

  now(): Date {
    return new Date(this.instant);
  }

  /** Moves to an instant; a bare date means 10:00 that day in Ambon (01:00 UTC), inside office hours. */
  set(instant: Date | string): this {
    this.instant =
      typeof instant === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(instant)
        ? new Date(`${instant}T01:00:00Z`)
        : new Date(instant);
    return this;
  }

  advanceDays(days: number): this {
    this.instant = new Date(this.instant.getTime() + days * 86_400_000);
    return this;
  }
}
