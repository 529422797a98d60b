import { Federation, postGraphQL as postGraphQLTo, startFederation } from './support/federation';
import { startSubgraphProxy } from './support/subgraph-proxy';
import { ENROLL, openAllocation, sql } from './support/writes';
import { composeNik } from '../domain/nik';
import { storyWorkers } from '../domain/seed-story';

const REGISTER = /* GraphQL */ `
  mutation Register($input: WorkerRegistration!, $key: String) {
    registerWorker(input: $input, idempotencyKey: $key) {
      nik
      fullName
      birthDate
      sex
      occupation
      village {
        code
      }
    }
  }
`;

const PAY = /* GraphQL */ `
  mutation Pay($kpj: ID!, $month: YearMonth!, $paidOn: Date!, $key: String!) {
    recordPremiumPayment(kpj: $kpj, month: $month, paidOn: $paidOn, idempotencyKey: $key) {
      id
      month
      amount
      paidOn
    }
  }
`;

describe('a client on a bad connection retries its writes', () => {
  let federation: Federation;
  let allocationId: string;
  beforeAll(async () => {
    federation = await startFederation();
    // Enrolments below start with 2022: cover never starts before the day it is recorded.
    federation.clock.set('2022-01-01');
    allocationId = (await openAllocation(federation, 2022, 50)).id;
  });
  afterAll(async () => federation?.stop());

  it('enrolls once when the same enrollment is sent 10 times at once with one idempotency key', async () => {
    const worker = storyWorkers()[7];
    const input = { nik: worker.nik, allocationId, idempotencyKey: 'enroll-retry-7' };
    const app = await federation.actingAs('outreach-app');
    const responses = await Promise.all(Array.from({ length: 10 }, () => federation.query(ENROLL, { input }, app)));

    for (const response of responses) expect(response.errors).toBeUndefined();
    const answers = responses.map((r) => r.data.enrollWorker);
    expect(new Set(answers.map((a) => a.coverage.id)).size).toBe(1);
    expect(new Set(answers.map((a) => a.card.kpj)).size).toBe(1);
    expect(answers[0]).toMatchObject({
      card: { kpj: worker.kpj, worker: { nik: worker.nik } },
      coverage: { validFrom: '2022-01-01', validUntil: '2022-12-31', months: 12 },
    });

    const periods = await sql(
      federation,
      'membership',
      'SELECT count(*)::int AS n FROM coverage_period WHERE kpj = $1 AND allocation_id = $2',
      [worker.kpj, allocationId],
    );
    expect(periods[0].n).toBe(1);
    const reservations = await sql(
      federation,
      'budget',
      `SELECT status, amount::int FROM reservation WHERE allocation_id = $1`,
      [allocationId],
    );
    expect(reservations).toEqual([{ status: 'CONFIRMED', amount: 16_800 * 12 }]);

    // A retry long after gives the same answer again and still changes nothing.
    const later = await federation.query(ENROLL, { input }, app);
    expect(later.data.enrollWorker).toEqual(answers[0]);
    expect(
      (
        await sql(federation, 'budget', 'SELECT count(*)::int AS n FROM reservation WHERE allocation_id = $1', [
          allocationId,
        ])
      )[0].n,
    ).toBe(1);
  });

  it('gives every one of 50 concurrent retries the first answer, on several keys', async () => {
    const app = await federation.actingAs('outreach-app');
    for (const index of [21, 22, 23, 24]) {
      const worker = storyWorkers()[index];
      const input = { nik: worker.nik, allocationId, idempotencyKey: `enroll-burst-${index}` };
      const responses = await Promise.all(Array.from({ length: 50 }, () => federation.query(ENROLL, { input }, app)));
      const codes = responses.flatMap((r) =>
        (r.errors ?? []).map((e) => `${e.extensions?.code}/${e.extensions?.reason ?? ''}`),
      );
      expect(codes).toEqual([]);
      const answers = responses.map((r) => JSON.stringify(r.data.enrollWorker));
      expect(new Set(answers).size).toBe(1);
      expect(responses[0].data.enrollWorker.card.kpj).toBe(worker.kpj);
      const periods = await sql(
        federation,
        'membership',
        'SELECT count(*)::int AS n FROM coverage_period WHERE kpj = $1 AND allocation_id = $2',
        [worker.kpj, allocationId],
      );
      expect(periods[0].n).toBe(1);
    }
  });

  it('refuses the same key for a different request instead of replaying the wrong answer', async () => {
    const other = storyWorkers()[8];
    const response = await federation.query(ENROLL, {
      input: { nik: other.nik, allocationId, idempotencyKey: 'enroll-retry-7' },
    });
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    const periods = await sql(
      federation,
      'membership',
      'SELECT count(*)::int AS n FROM coverage_period WHERE allocation_id = $1 AND kpj = $2',
      [allocationId, other.kpj],
    );
    expect(periods[0].n).toBe(0);
  });

  it('registers a worker once when the registration is retried, and the audit trail names who did it', async () => {
    const nik = composeNik('81.71.03', '1990-04-12', 'FEMALE', 77);
    const input = {
      nik,
      fullName: 'Yuliana Sahetapy',
      occupation: 'Penjual ikan',
      villageCode: storyWorkers()[0].villageCode,
    };
    const [first, second] = await Promise.all([
      federation.query(REGISTER, { input, key: 'register-yuliana' }, await federation.actingAs('petugas-dukcapil-01')),
      federation.query(REGISTER, { input, key: 'register-yuliana' }, await federation.actingAs('petugas-dukcapil-01')),
    ]);
    expect(first.errors).toBeUndefined();
    expect(second.data).toEqual(first.data);
    expect(first.data.registerWorker).toMatchObject({ nik, birthDate: '1990-04-12', sex: 'FEMALE' });

    const trail = await federation.query(
      `query Trail($id: String!) { populationAuditTrail(entity: "worker", entityId: $id) { nodes { actor operation oldValue newValue idempotencyKey at } } }`,
      { id: nik },
    );
    expect(trail.data.populationAuditTrail.nodes).toHaveLength(1);
    const [entry] = trail.data.populationAuditTrail.nodes;
    expect(entry).toMatchObject({
      actor: 'petugas-dukcapil-01',
      operation: 'registerWorker',
      oldValue: null,
      idempotencyKey: 'register-yuliana',
    });
    expect(entry.newValue).toMatchObject({ nik, fullName: 'Yuliana Sahetapy', sex: 'FEMALE' });
  });

  it('records a premium payment once when it is sent 5 times at once', async () => {
    const worker = storyWorkers()[7];
    // A receipt is recorded within days of the payment, never before it: the clerk records it that day.
    federation.clock.set('2022-01-10');
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        federation.query(PAY, { kpj: worker.kpj, month: '2022-01', paidOn: '2022-01-10', key: 'pay-7-2022-01' }),
      ),
    );
    for (const response of responses) expect(response.errors).toBeUndefined();
    expect(new Set(responses.map((r) => r.data.recordPremiumPayment.id)).size).toBe(1);
    const payments = await sql(
      federation,
      'membership',
      'SELECT count(*)::int AS n FROM premium_payment WHERE kpj = $1',
      [worker.kpj],
    );
    expect(payments[0].n).toBe(1);
    // The worker's own money: it makes the month paid, but only the funder's paid invoices are the allocation's realised spending.
    const totals = await federation.query('query($id: ID!) { allocation(id: $id) { realised } }', { id: allocationId });
    expect(totals.data.allocation.realised).toBe(0);
  });

  it('an enrollment whose answer was lost on the way back says its outcome is unknown, and its retry returns the first answer', async () => {
    const proxy = await startSubgraphProxy(federation.subgraphs.membership.url);
    const flaky = await federation.startGateway({ subgraphUrls: { membership: proxy.url } });
    const app = await federation.actingAs('outreach-app');
    try {
      const worker = storyWorkers()[31];
      const input = { nik: worker.nik, allocationId, idempotencyKey: 'enroll-lost-answer-31' };
      proxy.behave({ kind: 'hangUpAfterDelivery' });
      const lost = await postGraphQLTo(flaky.url, ENROLL, { input }, app);
      expect(lost.data?.enrollWorker ?? null).toBeNull();
      expect(lost.errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_OUTCOME_UNKNOWN', subgraph: 'membership' });
      expect(lost.errors?.[0].message).toContain('retry it with the same idempotency key');
      // It was applied: the retry with the same key learns so and gets the first answer.
      const applied = await sql(
        federation,
        'membership',
        'SELECT id FROM coverage_period WHERE kpj = $1 AND allocation_id = $2',
        [worker.kpj, allocationId],
      );
      expect(applied).toHaveLength(1);
      proxy.behave({ kind: 'forward' });
      const retried = await postGraphQLTo(flaky.url, ENROLL, { input }, app);
      expect(retried.errors).toBeUndefined();
      expect(retried.data.enrollWorker.coverage.id).toBe(applied[0].id);

      // A write the subgraph refused before doing anything keeps the code that says nothing was done.
      const other = storyWorkers()[32];
      proxy.behave({ kind: 'failing', status: 503 });
      const refused = await postGraphQLTo(
        flaky.url,
        ENROLL,
        { input: { nik: other.nik, allocationId, idempotencyKey: 'enroll-refused-32' } },
        app,
      );
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'membership' });
      expect(
        await sql(federation, 'membership', 'SELECT id FROM coverage_period WHERE kpj = $1 AND allocation_id = $2', [
          other.kpj,
          allocationId,
        ]),
      ).toEqual([]);
    } finally {
      await proxy.stop();
    }
  });
});
