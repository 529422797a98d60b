/**
 * Window time a test steps by hand (see platform/window-time.ts): it stands still until the test
 * advances it, and advancing runs the timers that fall due, earliest first. A circuit's reset
 * pause or a caller's refill then passes when the test says, not when a busy machine gets to it.
 */
import type { WindowTime } from '../../platform/window-time';

interface Pending {
  at: number;
  order: number;
  run: () => void;
}

export class SteppedTime implements WindowTime {
  private instant = 0;
  private pending: Pending[] = [];
  private scheduled = 0;

  now(): number {
    return this.instant;
  }

  after(ms: number, run: () => void): () => void {
    const entry = { at: this.instant + Math.max(0, ms), order: this.scheduled++, run };
    this.pending.push(entry);
    return () => {
      this.pending = this.pending.filter((other) => other !== entry);
    };
  }

  /** Moves on by `ms`, running each timer due on the way at its own instant. */
  advance(ms: number): this {
    const until = this.instant + ms;
    for (;;) {
      const due = this.pending.filter((entry) => entry.at <= until).sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!due) break;
      this.pending = this.pending.filter((entry) => entry !== due);
      this.instant = due.at;
      due.run();
    }
    this.instant = until;
    return this;
  }
}
