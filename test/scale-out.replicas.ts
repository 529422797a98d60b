/**
 * The federation scaled out: two gateways and two replicas of every subgraph, each its own
 * process, on real PostgreSQL and Redis, behind one round-robin front (dev/replicas.ts, what
 * `npm run start:replicas` runs). Every invariant of one process must hold across them.
 *
 * PostgreSQL only, by its nature: two processes cannot share one embedded database. So this file
 * is named `*.replicas.ts`, its own jest project (see jest.config.js), not an `*.e2e.ts` the
 * embedded project would also run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabases, TestDatabases } from './support/databases';
import { postGraphQL, signedCallerHeader, SUPERGRAPH, testAuth, testTrust } from './support/federation';
import { sample, scrape } from './support/prometheus';
import { ALLOCATION_TOTALS, cityAllocationInput, CREATE_ALLOCATION, ENROLL } from './support/writes';
import { mintToken } from '../gateway/authentication/tokens';
import { RunningReplicas, startReplicas } from '../dev/replicas';
import { SUBGRAPH_NAMES, SubgraphName } from '../contract/subgraph-names';
import { storyWorkers } from '../domain/seed-story';
import { ALL_SCOPES } from '../contract/scopes';
import { listedOperation } from '../tools/schema/operations';

const WORKER_COVERAGE = listedOperation('WorkerCoverage');
// Ten processes on a shared machine: a storm of enrollments with its retries takes minutes, not seconds.
jest.setTimeout(600_000);
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Each replica's output, kept after the run for whoever reads a failure. */
fs.mkdirSync(path.join(__dirname, 'artifacts'), { recursive: true });
const replicaLogs = fs.mkdtempSync(path.join(__dirname, 'artifacts', 'replicas-'));

describe('the federation scaled out to two replicas of everything keeps every invariant', () => {
  const auth = testAuth();
  const trust = testTrust();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'replicas-'));
  const supergraphFile = path.join(directory, 'supergraph.graphql');
  let databases: TestDatabases;
  let replicas: RunningReplicas;
  let graphql: string;
  const officers: Record<string, string>[] = [];

  beforeAll(async () => {
    fs.copyFileSync(SUPERGRAPH, supergraphFile);
    databases = await createTestDatabases(SUBGRAPH_NAMES);
    replicas = await startReplicas({
      databaseUrls: databases.urls as Record<SubgraphName, string>,
      port: 0,
      logDirectory: replicaLogs,
      env: {
        ...process.env,
        AUTH_HS256_SECRET: auth.hs256Secret,
        AUTH_ISSUER: auth.issuer,
        AUTH_AUDIENCE: auth.audience,
        GATEWAY_SUBGRAPH_SECRET: trust.gatewaySecret,
        CALLER_REPLAY_REDIS_URL: REDIS_URL,
        SUPERGRAPH_PATH: supergraphFile,
        SUPERGRAPH_POLL_MS: '100',
        MAINTENANCE_INTERVAL_MS: '1000',
        DATA_DIR: directory,
        LOG_LEVEL: 'warn',
        // Ten processes share two cores here: a gateway building a reloaded supergraph holds its
        // event loop for seconds, and a fetch's 5 s timer then fires before the answer waiting in
        // its socket is read. Production pods have their own cores; the reload is what is tested.
        SUBGRAPH_TIMEOUT_MS: '30000',
      },
    });
    graphql = `${replicas.front.url}/graphql`;
    // An outreach team of three: each officer's share of the gateways (CALLER_MAX_CONCURRENT) bounds what runs at once.
    for (let i = 0; i < 3; i++) {
      const token = await mintToken(auth, {
        subject: `outreach-${i}@ambon.example`,
        agency: 'outreach team',
        scopes: ALL_SCOPES,
        expiresIn: 3600,
      });
      officers.push({ authorization: `Bearer ${token}` });
    }
  }, 900_000);
  afterAll(async () => {
    await replicas?.stop();
    await databases?.drop();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  // The replicas are processes of their own on the system clock: their enrolments go into coming years, open whatever today is.
  const comingYear = (ahead: number) => new Date().getUTCFullYear() + ahead;
  const openAllocation = async (fiscalYear: number, workers: number) => {
    const response = await postGraphQL(
      graphql,
      CREATE_ALLOCATION,
      { input: cityAllocationInput(fiscalYear, workers), key: `allocation-${fiscalYear}` },
      officers[0],
    );
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data.createAllocation as { id: string; ceiling: number };
  };
  const totals = async (id: string) =>
    (await postGraphQL(graphql, ALLOCATION_TOTALS, { id }, officers[0])).data.allocation;
  const sql = async <T>(subgraph: SubgraphName, text: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: databases.urls[subgraph] });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  };
  const coverageWritten = async (allocationId: string) =>
    (
      await sql<{ total: string; n: number }>(
        'membership',
        'SELECT coalesce(sum(monthly_premium * months), 0)::text AS total, count(*)::int AS n FROM coverage_period WHERE allocation_id = $1',
        [allocationId],
      )
    )[0];

  it('enrolls exactly 100 of 300 concurrent requests into 100 seats, spread over both gateways and replicas, and commits what the coverage says', async () => {
    const allocation = await openAllocation(comingYear(1), 100);
    const servedBefore = replicas.front.served();
    const workers = storyWorkers().slice(0, 300);
    // As clients are told: an answer that is neither the enrollment nor a refusal (a timeout, an unknown outcome) is asked again with the same key.
    const firstCodes: Record<string, number> = {};
    const giveUpAt = Date.now() + 300_000;
    const enroll = async (worker: (typeof workers)[number], i: number) => {
      for (let attempt = 0; ; attempt++) {
        const response = await postGraphQL(
          graphql,
          ENROLL,
          { input: { nik: worker.nik, allocationId: allocation.id, idempotencyKey: `replicas-${i}` } },
          officers[i % officers.length],
        );
        const code = response.data?.enrollWorker ? 'ENROLLED' : String(response.errors?.[0]?.extensions?.code);
        if (attempt === 0) firstCodes[code] = (firstCodes[code] ?? 0) + 1;
        if (code === 'ENROLLED' || code === 'CONFLICT' || Date.now() > giveUpAt) return response;
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    };
    const responses = await Promise.all(workers.map(enroll));
    const enrolled = responses.filter((r) => r.data?.enrollWorker).length;
    const refused = responses.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT').length;
    const served = replicas.front.served();
    const share = (pool: 'gateway' | SubgraphName) =>
      replicas.of(pool).map((replica) => (served[replica.url] ?? 0) - (servedBefore[replica.url] ?? 0));
    console.log(
      `300 concurrent enrollments into 100 seats: ${enrolled} enrolled, ${refused} refused; ` +
        `first answers ${JSON.stringify(firstCodes)}; requests per gateway ${share('gateway').join('/')}, membership ${share('membership').join('/')}, budget ${share('budget').join('/')}, population ${share('population').join('/')}`,
    );
    expect(enrolled).toBe(100);
    expect(refused).toBe(200);
    for (const pool of ['gateway', 'membership', 'budget'] as const)
      for (const count of share(pool)) expect(count).toBeGreaterThan(0);

    const books = await totals(allocation.id);
    const written = await coverageWritten(allocation.id);
    console.log(
      `committed ${books.committed}, coverage written ${written.total} in ${written.n} periods, reserved ${books.reserved}`,
    );
    expect(books).toMatchObject({ committed: allocation.ceiling, reserved: 0, enrolledWorkers: 100 });
    expect(Number(written.total)).toBe(books.committed);
    expect(written.n).toBe(100);
  });

  it('answers an idempotency key retried on the other membership replica with the first answer', async () => {
    const allocation = await openAllocation(comingYear(2), 5);
    const [first, second] = replicas.of('membership');
    const operation = {
      query:
        'mutation Enroll($input: EnrollmentInput!) { enrollWorker(input: $input) { card { kpj } coverage { id validFrom validUntil monthlyPremium } } }',
      variables: {
        input: {
          nik: storyWorkers()[400].nik,
          allocationId: allocation.id,
          idempotencyKey: 'replicas-retried-elsewhere',
        },
      },
    };
    const claims = { subject: 'outreach-0@ambon.example', agency: 'outreach team', scopes: ALL_SCOPES };
    const headerFor = () => signedCallerHeader('membership', claims, operation, trust.gatewaySecret);
    const answer = await postGraphQL(`${first.url}/graphql`, operation.query, operation.variables, await headerFor());
    expect(answer.errors).toBeUndefined();
    const again = await postGraphQL(`${second.url}/graphql`, operation.query, operation.variables, await headerFor());
    expect(again).toEqual(answer);
    expect((await coverageWritten(allocation.id)).n).toBe(1);
  });

  it('refuses a caller assertion replayed on the other replica (the replay guard lives in Redis)', async () => {
    const [first, second] = replicas.of('population');
    const operation = { query: '{ villages(first: 1) { nodes { code } } }' };
    const header = await signedCallerHeader(
      'population',
      { subject: 'replayed@ambon.example', scopes: ALL_SCOPES },
      operation,
      trust.gatewaySecret,
    );
    const accepted = await postGraphQL(`${first.url}/graphql`, operation.query, {}, header);
    expect(accepted.errors).toBeUndefined();
    const replayed = await postGraphQL(`${second.url}/graphql`, operation.query, {}, header);
    expect(replayed.data ?? null).toBeNull();
    expect(replayed.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  // An entity-cache invalidation reaching the other gateway through Redis: test/entity-cache.e2e.ts (two gateways, one Redis, both databases).

  it('reloads a new supergraph on both gateways while serving, with no failed request', async () => {
    const gateways = replicas.of('gateway');
    const reloads = async () =>
      Promise.all(
        gateways.map(async (g) =>
          sample(await scrape(`${g.url}/graphql`, trust.gatewaySecret), 'gateway_supergraph_reloads_total', {
            outcome: 'loaded',
          }),
        ),
      );
    // After the enrollment storms above, wait until every breaker is closed again: the reload is what is under test.
    const settled = Date.now() + 60_000;
    const openCircuits = async () => {
      const texts = await Promise.all(gateways.map((g) => scrape(`${g.url}/graphql`, trust.gatewaySecret)));
      return texts.some(
        (text) =>
          sample(text, 'gateway_breaker_state', { state: 'open' }) +
            sample(text, 'gateway_breaker_state', { state: 'halfOpen' }) >
          0,
      );
    };
    while ((await openCircuits()) && Date.now() < settled) await new Promise((resolve) => setTimeout(resolve, 500));
    const before = await reloads();
    let loading = true;
    const failures: unknown[] = [];
    let answered = 0;
    const load = (async () => {
      while (loading) {
        const batch = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            postGraphQL(graphql, WORKER_COVERAGE, { nik: storyWorkers()[500 + i].nik }, officers[i % officers.length]),
          ),
        );
        for (const response of batch) {
          answered++;
          if (response.errors || !response.data?.worker) failures.push(response.errors);
        }
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 500));
    fs.writeFileSync(supergraphFile, `${fs.readFileSync(SUPERGRAPH, 'utf8')}\n# reloaded while serving\n`);
    const deadline = Date.now() + 30_000;
    while ((await reloads()).some((count, i) => count <= before[i]) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 500));
    loading = false;
    await load;
    const after = await reloads();
    console.log(
      `supergraph reload: gateways reloaded ${after.map((count, i) => count - before[i]).join('/')} times; ${answered} requests answered meanwhile, ${failures.length} failed`,
    );
    expect(after.map((count, i) => count - before[i])).toEqual([1, 1]);
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(8);
  });

  it('loses no acknowledged enrollment when one replica of each subgraph is killed under load', async () => {
    const allocation = await openAllocation(comingYear(3), 1000);
    const workers = storyWorkers().slice(1000, 1200);
    const acknowledged = new Map<string, string>();
    let unanswered = 0;
    const enroll = async (worker: (typeof workers)[number], i: number) => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const response = await postGraphQL(
          graphql,
          ENROLL,
          { input: { nik: worker.nik, allocationId: allocation.id, idempotencyKey: `replicas-kill-${i}` } },
          officers[i % officers.length],
        ).catch(() => ({ errors: [{ message: 'no answer' }] }) as { data?: any; errors?: any[] });
        if (response.data?.enrollWorker) return void acknowledged.set(worker.nik, response.data.enrollWorker.card.kpj);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      unanswered++;
    };
    const load = Promise.all(
      workers.map((worker, i) => new Promise((resolve) => setTimeout(resolve, i * 15)).then(() => enroll(worker, i))),
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const pool of ['population', 'membership', 'budget'] as const) replicas.kill(replicas.of(pool)[1]);
    await load;

    // The survivors' upkeep settles what the killed membership replica left half-way.
    const deadline = Date.now() + 120_000;
    let books = await totals(allocation.id);
    while (books.reserved !== 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      books = await totals(allocation.id);
    }
    const written = await coverageWritten(allocation.id);
    const cards = await sql<{ kpj: string }>(
      'membership',
      'SELECT DISTINCT kpj FROM coverage_period WHERE allocation_id = $1',
      [allocation.id],
    );
    const stored = new Set(cards.map((card) => card.kpj.trim()));
    const lost = [...acknowledged.values()].filter((kpj) => !stored.has(kpj.trim()));
    console.log(
      `killed population-2, membership-2, budget-2 under load: ${acknowledged.size} enrollments acknowledged, ${unanswered} never answered, ` +
        `${written.n} coverage periods written, ${lost.length} acknowledged lost; committed ${books.committed}, coverage written ${written.total}, reserved ${books.reserved}`,
    );
    expect(acknowledged.size).toBeGreaterThan(0);
    expect(lost).toEqual([]);
    expect(books.reserved).toBe(0);
    expect(Number(written.total)).toBe(books.committed);
  });
});
