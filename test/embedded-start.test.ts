/**
 * A newcomer's first run: `npm start` with nothing configured runs every service on embedded
 * databases, seeds them, answers the contract query, holds a burst of the queries a new user
 * sends first, many at once, restarts a service that dies while the others keep answering, and
 * stops cleanly on Ctrl-C.
 * (Runs the compiled code: `npm test` builds first.)
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { storyWorkers } from '../domain/seed-story';
import { postGraphQL } from './support/federation';
import { freePort } from './support/ports';

const LAUNCHER = path.join(__dirname, '..', 'dist', 'dev', 'launch.js');

/** What a new user asks first: the contract query, an area's coverage, village rosters. */
const FIRST_QUERIES: {
  name: string;
  query: string;
  variables: (round: number, i: number) => Record<string, unknown>;
}[] = [
  {
    name: 'WorkerCoverage',
    query: `query WorkerCoverage($nik: String!) { worker(nik: $nik) { nik fullName village { code name kind district { code name } }
      membership { kpj status coverage(asOf: "2021-06-30") { programs validFrom validUntil monthlyPremium fundedBy { id fiscalYear ceiling legalBasis funder { name } } } } } }`,
    variables: (round, i) => ({ nik: storyWorkers()[(round * 64 + i) * 37].nik }),
  },
  {
    name: 'DistrictCoverage',
    query:
      'query($code: ID!) { district(code: $code) { name coverage(asOf: "2021-06-30") { coveredWorkers monthlyPremium } } }',
    variables: (round, i) => ({ code: `81.71.0${1 + ((round + i) % 5)}` }),
  },
  {
    name: 'RegencyCoverage',
    query:
      '{ regency(code: "81.71") { name districts { code name } coverage(asOf: "2021-06-30") { coveredWorkers monthlyPremium } } }',
    variables: () => ({}),
  },
  {
    name: 'VillageRosters',
    query:
      'query($after: String) { villages(regencyCode: "81.71", first: 5, after: $after) { nodes { code name workers(first: 20) { nodes { nik membership { kpj status } } } } pageInfo { endCursor } } }',
    variables: () => ({}),
  },
];

/** Polls `done` every half second until it holds, or fails after `timeoutMs`. */
async function until(done: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('npm start on a fresh machine', () => {
  let dataDir: string;
  let launcher: ChildProcess | undefined;
  let output = '';

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'federation-embedded-'));
  });
  afterAll(() => {
    // The launcher leads its own process group: a failed test leaves none of its services behind.
    if (launcher?.pid) process.kill(-launcher.pid, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the headline query from embedded databases and stops every service on Ctrl-C', async () => {
    const [gateway, population, budget, membership, health] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_OPTIONS: '',
      // What a newcomer sees: the services' start-up lines (tests otherwise keep logs to warnings).
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      GATEWAY_PORT: String(gateway),
      POPULATION_PORT: String(population),
      BUDGET_PORT: String(budget),
      MEMBERSHIP_PORT: String(membership),
      HEALTH_PORT: String(health),
    };
    for (const name of ['POPULATION', 'BUDGET', 'MEMBERSHIP', 'HEALTH']) {
      delete env[`${name}_DATABASE_URL`];
      delete env[`${name}_SUBGRAPH_URL`];
    }
    const child = spawn(process.execPath, [LAUNCHER], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    launcher = child;
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', () => output.includes('Federation ready') && resolve());
      child.once('exit', (code) => reject(new Error(`launcher exited (${code}) before ready:\n${output}`)));
    });
    expect(output).toContain(`http://localhost:${gateway}/graphql`);
    expect(output).toContain('(embedded database)');

    // The token the printed curl line carries, as a newcomer would copy it.
    const token = /authorization: Bearer ([\w.-]+)/.exec(output)?.[1];
    expect(token).toBeDefined();
    const worker = storyWorkers()[1234];
    const response = await postGraphQL(
      `http://127.0.0.1:${gateway}/graphql`,
      `query($nik: String!) {
        worker(nik: $nik) { fullName village { code kind } membership { kpj status coverage(asOf: "2021-06-30") { monthlyPremium fundedBy { fiscalYear funder { name } } } } }
      }`,
      { nik: worker.nik },
      { authorization: `Bearer ${token}` },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.worker).toMatchObject({
      fullName: worker.fullName,
      village: { code: worker.villageCode },
      membership: {
        kpj: worker.kpj,
        status: 'NOT_COVERED',
        coverage: { monthlyPremium: 16800, fundedBy: { fiscalYear: 2021, funder: { name: 'Pemerintah Kota Ambon' } } },
      },
    });
    for (const name of ['population', 'budget', 'membership', 'health']) {
      expect(fs.existsSync(path.join(dataDir, name))).toBe(true);
    }

    // The first minute: 64 of the first queries at once, several rounds; every answer whole.
    const failures: string[] = [];
    let answered = 0;
    for (let round = 0; round < 5; round++) {
      await Promise.all(
        Array.from({ length: 64 }, async (_, i) => {
          const { name, query, variables } = FIRST_QUERIES[i % FIRST_QUERIES.length];
          const answer = await postGraphQL(`http://127.0.0.1:${gateway}/graphql`, query, variables(round, i), {
            authorization: `Bearer ${token}`,
          }).catch((error: Error) => ({
            errors: [{ message: error.message, extensions: { code: 'NO_ANSWER' } }],
            data: undefined,
          }));
          if (answer.errors?.length || !answer.data)
            failures.push(`${name}: ${answer.errors?.map((e) => `${e.extensions?.code} ${e.message}`).join('; ')}`);
          else answered++;
        }),
      );
    }
    expect({ answered, failures: failures.slice(0, 5) }).toEqual({ answered: 320, failures: [] });
    expect(output).not.toContain('already exists');
    expect(output).not.toContain('internal error');

    // One service dies: the launcher restarts it while the others keep answering.
    const budgetPid = Number(/\[launch\] budget started \(pid (\d+)\)/.exec(output)?.[1]);
    expect(budgetPid).toBeGreaterThan(0);
    process.kill(budgetPid, 'SIGKILL');
    await until(
      () =>
        /\[launch\] budget exited \(SIGKILL\); the other services keep answering; restarting it in 1 s/.test(output),
      30_000,
    );
    const whileDown = await postGraphQL(
      `http://127.0.0.1:${gateway}/graphql`,
      '{ regency(code: "81.71") { name } }',
      {},
      { authorization: `Bearer ${token}` },
    );
    expect(whileDown).toEqual({ data: { regency: { name: 'Kota Ambon' } } });
    await until(() => (output.match(/\[launch\] budget started/g) ?? []).length === 2, 60_000);
    const funded = `query($nik: String!) { worker(nik: $nik) { membership { coverage(asOf: "2021-06-30") { fundedBy { fiscalYear } } } } }`;
    let afterRestart: Awaited<ReturnType<typeof postGraphQL>> | undefined;
    await until(async () => {
      afterRestart = await postGraphQL(
        `http://127.0.0.1:${gateway}/graphql`,
        funded,
        { nik: worker.nik },
        { authorization: `Bearer ${token}` },
      );
      return !afterRestart.errors;
    }, 120_000);
    expect(afterRestart?.data).toMatchObject({
      worker: { membership: { coverage: { fundedBy: { fiscalYear: 2021 } } } },
    });

    // Without the token the same question is refused.
    const anonymous = await postGraphQL(
      `http://127.0.0.1:${gateway}/graphql`,
      '{ worker(nik: "8171021208900001") { nik } }',
    );
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const exitCode = await new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.kill('SIGINT');
    });
    expect(exitCode).toBe(0);
    launcher = undefined;
    const stillListening = await fetch(`http://127.0.0.1:${population}/health/live`).then(
      () => true,
      () => false,
    );
    expect(stillListening).toBe(false);
  }, 300_000);
});
