/**
 * Membership crashes (SIGKILL) while an enrollment holds a premium in budget: the premium is
 * released within seconds of membership's restart, because the enrollment's process is shown to be
 * dead by its missing heartbeat, not after the grace period that protects live enrollments.
 * Membership runs as its own process here, as `npm start` runs it, so it can really be killed.
 */
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { storyWorkers } from '../domain/seed-story';
import { Federation, FEDERATION_DATABASE, startFederation } from './support/federation';
import { ENROLL, openAllocation, sql } from './support/writes';

const MEMBERSHIP = path.join(__dirname, '..', 'dist', 'subgraphs', 'membership', 'index.js');

async function until<T>(check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('membership killed while an enrollment holds money', () => {
  let federation: Federation;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    federation = await startFederation();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await federation?.stop();
  });

  it('releases the held premium within seconds of the restart, and the retry enrolls once', async () => {
    // The membership process started below keeps the system clock (a process of its own cannot be
    // given the test's), so its enrolment goes into the coming year, open whatever today is.
    const allocationId = (await openAllocation(federation, federation.clock.now().getUTCFullYear() + 1, 10)).id;
    // The coverage write hangs, so the process dies with the premium reserved and no coverage.
    await sql(
      federation,
      'membership',
      `CREATE FUNCTION hang_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(60); RETURN NEW; END $$;
       CREATE TRIGGER hang_coverage BEFORE INSERT ON coverage_period FOR EACH ROW EXECUTE FUNCTION hang_insert();`,
    );
    const { port } = federation.subgraphs.membership;
    await federation.stopSubgraph('membership');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_OPTIONS: '',
      MEMBERSHIP_PORT: String(port),
      POPULATION_SUBGRAPH_URL: federation.subgraphs.population.url,
      BUDGET_SUBGRAPH_URL: federation.subgraphs.budget.url,
      GATEWAY_SUBGRAPH_SECRET: federation.gatewaySecret,
      SEED_ON_START: 'false',
      MAINTENANCE_INTERVAL_MS: '0',
      DATA_DIR: federation.databases.dataDir ?? process.env.DATA_DIR,
      MEMBERSHIP_DATABASE_URL: FEDERATION_DATABASE === 'embedded' ? '' : federation.databases.urls.membership,
    };
    let output = '';
    child = spawn(process.execPath, [MEMBERSHIP], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    await until(
      () =>
        fetch(`http://127.0.0.1:${port}/health/ready`).then(
          (r) => (r.ok ? true : undefined),
          () => undefined,
        ),
      60_000,
    ).catch((error) => {
      throw new Error(`${(error as Error).message}; membership said:\n${output}`);
    });

    const worker = storyWorkers()[41];
    const input = { nik: worker.nik, allocationId, idempotencyKey: 'enroll-before-crash-41' };
    const enrollment = federation.query(ENROLL, { input });
    await until(
      async () =>
        (
          await sql(federation, 'budget', `SELECT 1 FROM reservation WHERE allocation_id = $1 AND status = 'PENDING'`, [
            allocationId,
          ])
        ).length
          ? true
          : undefined,
      30_000,
    );

    child.kill('SIGKILL');
    const interrupted = await enrollment;
    expect(interrupted.errors?.[0].extensions).toMatchObject({
      code: 'SUBGRAPH_OUTCOME_UNKNOWN',
      subgraph: 'membership',
    });
    child = undefined;
    const killedAt = Date.now();
    await federation.restartSubgraph('membership');
    const readyAt = Date.now();
    await sql(federation, 'membership', 'DROP TRIGGER hang_coverage ON coverage_period; DROP FUNCTION hang_insert();');

    const status = await until(async () => {
      const [reservation] = await sql(federation, 'budget', 'SELECT status FROM reservation WHERE allocation_id = $1', [
        allocationId,
      ]);
      return reservation.status === 'PENDING' ? undefined : reservation.status;
    }, 30_000);
    const releasedAt = Date.now();
    console.log(
      `premium released ${releasedAt - readyAt} ms after membership was ready again (${releasedAt - killedAt} ms after the kill; grace for live enrollments 60000 ms)`,
    );
    expect(status).toBe('RELEASED');
    expect(
      (await federation.query('query($id: ID!) { allocation(id: $id) { reserved committed } }', { id: allocationId }))
        .data.allocation,
    ).toEqual({ reserved: 0, committed: 0 });

    const retried = await federation.query(ENROLL, { input });
    expect(retried.errors).toBeUndefined();
    expect(retried.data.enrollWorker.card.kpj).toBe(worker.kpj);
    expect(
      (
        await federation.query('query($id: ID!) { allocation(id: $id) { reserved committed enrolledWorkers } }', {
          id: allocationId,
        })
      ).data.allocation,
    ).toEqual({
      reserved: 0,
      committed: 16_800 * 12,
      enrolledWorkers: 1,
    });
  });
});
