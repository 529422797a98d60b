/**
 * Which membership process owns an enrollment in flight, and whether it is still alive. Every
 * process beats a heartbeat into `service_instance` while it serves; an intent still RESERVING
 * whose owner has not beaten for OWNER_STALE_BEATS heartbeats (crashed, killed, its machine gone)
 * can never finish, so its held premium is released at once instead of after the grace period
 * that protects live but slow enrollments. Any live process releases them, so a restart of the
 * crashed one (or a replica beside it) settles its leftovers within seconds.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { actorOf } from '../../../contract/actor';
import { MaintenanceContext } from '../../kit/subgraph';
import { abandonIntents } from './enrollment-intents';
import { becomeOwner, stopOwning } from './process-owner';

/** Missed heartbeats after which a process counts as dead. */
export const OWNER_STALE_BEATS = 5;

/**
 * The heartbeat's own statements go to the pool behind typeorm, uncounted: the statement counter
 * measures what requests cost (no N+1), and a beat every second is no request's cost.
 */
const uncounted = (db: DataSource) => (db.driver as PostgresDriver).master as Pool;

/** Intents still RESERVING whose owner stopped beating (or never existed) longer than the stale limit ago. */
export async function orphanedIntents(db: DataSource, staleMs: number): Promise<string[]> {
  const { rows } = await uncounted(db).query<{ id: string }>(
    `SELECT i.id FROM enrollment_intent i
     WHERE i.status = 'RESERVING' AND i.owner_instance IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM service_instance s WHERE s.id = i.owner_instance AND s.seen_at > now() - make_interval(secs => $1))`,
    [staleMs / 1000],
  );
  return rows.map((r) => r.id);
}

/** Starts this process's heartbeat (releasing dead owners' intents on each beat); resolves to its stop. */
export async function beatWhileServing(
  { db, peers, caller, log }: MaintenanceContext,
  heartbeatMs: number,
): Promise<() => Promise<void>> {
  const id = randomUUID();
  const staleMs = heartbeatMs * OWNER_STALE_BEATS;
  const beat = async () => {
    await uncounted(db).query(
      'INSERT INTO service_instance (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET seen_at = now()',
      [id],
    );
    const orphans = await orphanedIntents(db, staleMs);
    if (orphans.length) {
      const released = await abandonIntents(db, { peers, actor: actorOf(caller) }, orphans);
      log(`released the premium held by ${released} enrollment(s) whose process stopped`);
    }
  };
  await beat();
  becomeOwner(db, id);
  let beating: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    beating = beating.then(beat).catch((error) => log(`heartbeat failed, will retry: ${(error as Error).message}`));
  }, heartbeatMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await beating;
    stopOwning(db);
    // A clean stop has drained its requests: nothing of its own is left in flight.
    await db
      .query("DELETE FROM service_instance WHERE id = $1 OR seen_at < now() - interval '1 day'", [id])
      .catch((error) => log(`instance row not removed, it goes stale: ${(error as Error).message}`));
  };
}
