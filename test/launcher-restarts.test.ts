/**
 * `npm start` keeps serving when one service exits: the launcher's supervisor starts it again
 * after a pause that doubles with each exit in a row, leaves the others running, gives up on a
 * process that keeps failing at once, and stops everything on Ctrl-C. Real child processes; the
 * pauses follow a clock the test steps, so a busy machine changes nothing.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { restartDelay, RestartPolicy, Supervisor } from '../dev/supervisor';
import { SteppedTime } from './support/stepped-time';

const POLICY: RestartPolicy = { firstDelayMs: 1_000, maxDelayMs: 4_000, stableAfterMs: 60_000, maxExitsInARow: 3 };
const longRunning = () => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
const failingAtOnce = () => spawn(process.execPath, ['-e', 'process.exit(3)'], { stdio: 'ignore' });
const exited = (child: ChildProcess) =>
  new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve),
  );

describe("npm start's supervisor", () => {
  let supervisor: Supervisor;
  let time: SteppedTime;
  let lines: string[];
  let givenUp: string[];
  const children: ChildProcess[] = [];
  const track = (start: () => ChildProcess) => () => {
    const child = start();
    children.push(child);
    return child;
  };

  beforeEach(() => {
    time = new SteppedTime();
    lines = [];
    givenUp = [];
    supervisor = new Supervisor(
      (line) => lines.push(line),
      (name) => givenUp.push(name),
      POLICY,
      time,
    );
  });
  afterEach(async () => {
    await supervisor.stopAll('SIGKILL', 5_000);
    children.length = 0;
  });

  it('waits 1 s, 2 s, 4 s, then at most 4 s between starts in a row', () => {
    expect([1, 2, 3, 4, 5].map((n) => restartDelay(POLICY, n))).toEqual([1_000, 2_000, 4_000, 4_000, 4_000]);
  });

  it('restarts a service that exits after its pause, while the other keeps running', async () => {
    supervisor.supervise('budget', track(longRunning));
    supervisor.supervise('population', track(longRunning));
    const [budget, population] = children;
    budget.kill('SIGKILL');
    await exited(budget);
    expect(lines).toContain(
      '[launch] budget exited (SIGKILL); the other services keep answering; restarting it in 1 s',
    );
    expect(supervisor.running('budget')).toBe(false);
    expect(supervisor.running('population')).toBe(true);

    time.advance(999);
    expect(children).toHaveLength(2);
    time.advance(1);
    expect(children).toHaveLength(3);
    expect(supervisor.running('budget')).toBe(true);
    expect(supervisor.pid('budget')).toBe(children[2].pid);
    expect(supervisor.pid('population')).toBe(population.pid);
  });

  it('gives up on a service that keeps exiting at once, and says why', async () => {
    supervisor.supervise('membership', track(failingAtOnce));
    for (const pause of [1_000, 2_000, 4_000]) {
      await exited(children[children.length - 1]);
      expect(lines[lines.length - 1]).toBe(
        `[launch] membership exited (code 3); the other services keep answering; restarting it in ${pause / 1000} s`,
      );
      time.advance(pause);
    }
    await exited(children[children.length - 1]);
    expect(children).toHaveLength(4);
    expect(givenUp).toEqual(['membership']);
    time.advance(60_000);
    expect(children).toHaveLength(4);
  });

  it('counts exits in a row afresh once a service has stayed up a minute', async () => {
    supervisor.supervise('health', track(longRunning));
    time.advance(60_000);
    children[0].kill('SIGKILL');
    await exited(children[0]);
    expect(lines[lines.length - 1]).toMatch(/restarting it in 1 s$/);
  });

  it('stops every service on Ctrl-C and starts none again', async () => {
    supervisor.supervise('gateway', track(longRunning));
    supervisor.supervise('population', track(longRunning));
    await supervisor.stopAll('SIGTERM', 5_000);
    await Promise.all(children.map(exited));
    time.advance(120_000);
    expect(children).toHaveLength(2);
    expect(children.every((child) => child.signalCode === 'SIGTERM')).toBe(true);
  });
});
