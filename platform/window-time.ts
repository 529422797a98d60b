/**
 * The time the gateway's windows are judged by: a circuit's rolling window and reset pause
 * (resilience.ts) and a caller's refilling share (caller-fairness.ts). Real time in every
 * process; a test steps its own (test/support/stepped-time.ts), so a pause passes exactly when
 * the test says, however busy the machine is. Recorded facts follow the server clock instead
 * (platform/clock.ts): a test that moves the calendar by days must not expire these.
 */
export interface WindowTime {
  /** Milliseconds since any fixed instant. */
  now(): number;
  /** Runs `run` once `ms` have passed; the function returned cancels it. */
  after(ms: number, run: () => void): () => void;
}

export const realTime: WindowTime = {
  now: () => Date.now(),
  after(ms, run) {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
};
