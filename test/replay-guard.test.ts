/**
 * Replicas of one subgraph share what they have accepted through Redis (127.0.0.1:6379, or
 * TEST_REDIS_URL): an assertion accepted by one replica is refused by another.
 */
import { randomUUID } from 'node:crypto';
import { inProcessReplayGuard, redisReplayGuard } from '../contract/replay-guard';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('the replay memory of caller assertions', () => {
  it('in one process, accepts an id once until it expires', async () => {
    const guard = inProcessReplayGuard();
    const id = randomUUID();
    expect(await guard.firstUse(id, Date.now() + 60_000)).toBe(true);
    expect(await guard.firstUse(id, Date.now() + 60_000)).toBe(false);
    expect(await guard.firstUse(randomUUID(), Date.now() + 60_000)).toBe(true);
  });

  it('across replicas sharing Redis, accepts an id once wherever it arrives, many at a time', async () => {
    const [one, two] = [redisReplayGuard(REDIS_URL), redisReplayGuard(REDIS_URL)];
    try {
      const ids = Array.from({ length: 50 }, () => randomUUID());
      const expires = Date.now() + 5_000;
      const first = await Promise.all(ids.map((id) => one.firstUse(id, expires)));
      const replayed = await Promise.all(ids.map((id) => two.firstUse(id, expires)));
      expect(first.every(Boolean)).toBe(true);
      expect(replayed.some(Boolean)).toBe(false);
    } finally {
      one.close();
      two.close();
    }
  });
});
