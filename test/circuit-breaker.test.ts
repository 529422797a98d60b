/**
 * A subgraph's circuit breaker on a clock the test steps: when it opens, how long it refuses, its
 * one trial, and the window it forgets, each judged at the instant the test chose.
 */
import { CircuitBreaker, OpenCircuitError } from '../gateway/resilience/circuit-breaker';
import type { CircuitState } from '../gateway/resilience/resilience';
import { SteppedTime } from './support/stepped-time';

const SETTINGS = { errorPercent: 50, minimumRequests: 4, windowMs: 10_000, resetMs: 400 };
const callerError = Object.assign(new Error('bad request'), { status: 400 });

function breakerOnSteppedTime() {
  const time = new SteppedTime();
  const events: CircuitState[] = [];
  const breaker = new CircuitBreaker(
    { ...SETTINGS, isCallerError: (error) => error === callerError, now: () => time.now() },
    { open: () => events.push('open'), halfOpen: () => events.push('halfOpen'), close: () => events.push('closed') },
  );
  const succeed = () => breaker.fire(async () => 'answer');
  const fail = () => breaker.fire(async () => Promise.reject(new Error('HTTP 503'))).catch((error: Error) => error);
  return { time, events, breaker, succeed, fail };
}

describe("a subgraph's circuit breaker", () => {
  it('opens only once the window holds enough attempts and more than the allowed share failed', async () => {
    const { breaker, succeed, fail } = breakerOnSteppedTime();
    await fail();
    await fail();
    await fail();
    expect({ state: breaker.state, ...breaker.stats }).toEqual({ state: 'closed', fires: 3, rejects: 0, failures: 3 });
    await succeed();
    await succeed();
    await fail();
    // 4 of 6 failed: above half, with at least 4 attempts.
    expect({ state: breaker.state, ...breaker.stats }).toEqual({ state: 'open', fires: 6, rejects: 0, failures: 4 });
  });

  it('does not open at exactly the allowed share, and counts a caller error as an answer', async () => {
    const { breaker, succeed, fail } = breakerOnSteppedTime();
    await fail();
    await succeed();
    await fail();
    // A caller's mistake is answered, not counted against the subgraph.
    await expect(breaker.fire(async () => Promise.reject(callerError))).rejects.toBe(callerError);
    expect({ state: breaker.state, ...breaker.stats }).toEqual({ state: 'closed', fires: 4, rejects: 0, failures: 2 });
  });

  it('refuses without calling for its reset pause, then lets exactly one trial through, which closes it', async () => {
    const { time, events, breaker, succeed, fail } = breakerOnSteppedTime();
    for (let i = 0; i < 4; i++) await fail();
    expect(breaker.state).toBe('open');
    let called = 0;
    time.advance(SETTINGS.resetMs - 1);
    await expect(breaker.fire(async () => called++)).rejects.toBeInstanceOf(OpenCircuitError);
    expect(called).toBe(0);
    time.advance(1);
    expect(breaker.state).toBe('halfOpen');
    // While the trial is on its way, everything else is still refused.
    let answerTrial: (value: string) => void = () => undefined;
    const trial = breaker.fire(() => new Promise<string>((resolve) => (answerTrial = resolve)));
    await expect(succeed()).rejects.toMatchObject({ code: 'EOPENBREAKER' });
    answerTrial('answer');
    await expect(trial).resolves.toBe('answer');
    expect(breaker.state).toBe('closed');
    expect(events).toEqual(['open', 'halfOpen', 'closed']);
    expect(breaker.stats).toEqual({ fires: 7, rejects: 2, failures: 4 });
  });

  it('opens again at once when the trial fails, for a whole new pause', async () => {
    const { time, events, breaker, fail } = breakerOnSteppedTime();
    for (let i = 0; i < 4; i++) await fail();
    time.advance(SETTINGS.resetMs);
    await fail();
    expect(breaker.state).toBe('open');
    time.advance(SETTINGS.resetMs - 1);
    expect(breaker.state).toBe('open');
    time.advance(1);
    expect(breaker.state).toBe('halfOpen');
    expect(events).toEqual(['open', 'halfOpen', 'open', 'halfOpen']);
  });

  it('forgets failures older than its window', async () => {
    const { time, breaker, succeed, fail } = breakerOnSteppedTime();
    await fail();
    await fail();
    await fail();
    time.advance(SETTINGS.windowMs);
    expect(breaker.stats).toEqual({ fires: 0, rejects: 0, failures: 0 });
    await fail();
    await succeed();
    await succeed();
    await succeed();
    expect({ state: breaker.state, ...breaker.stats }).toEqual({ state: 'closed', fires: 4, rejects: 0, failures: 1 });
  });
});
