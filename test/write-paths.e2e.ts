/**
 * Every write that touches a card obeys the village rule and the role rule, and money leaves only
 * with two people's consent: the attack of an outreach officer paying out a death claim on a card
 * of another village, step by step, and the insurer's own staff held to separation of duties.
 */
import { Federation, startFederation } from './support/federation';
import { openAllocation } from './support/writes';
import { storyWorkers } from '../domain/seed-story';

const ADD_HEIR = `mutation($kpj: ID!, $name: String!) { addHeir(kpj: $kpj, fullName: $name, relationship: SPOUSE) { id verified } }`;
const VERIFY_HEIR = `mutation($id: ID!) { verifyHeir(heirId: $id) { id verified } }`;
const CLAIM = `mutation($input: ClaimInput!) { fileClaim(input: $input) { id program amount status } }`;
const PAY_CLAIM = `mutation($id: ID!, $key: String!) { payClaim(claimId: $id, idempotencyKey: $key) { id status } }`;
// Dated the clock's day (inside the recording window), so only the village rule can refuse it.
const PAY = `mutation($kpj: ID!, $month: YearMonth!, $key: String!) { recordPremiumPayment(kpj: $kpj, month: $month, paidOn: "2022-01-01", idempotencyKey: $key) { id } }`;
const RENEW = `mutation($input: RenewalInput!) { renewCoverage(input: $input) { card { kpj } } }`;
const BATCH = `mutation($input: BatchEnrollmentInput!) { batchEnroll(input: $input) { enrolled rejected rows { nik status reason } } }`;

describe('no path around the rules on writes', () => {
  let federation: Federation;
  const assigned = '81.71.02.1011';
  const workers = storyWorkers();
  const elsewhere = workers.filter((w) => w.villageCode !== assigned && w.index < 10_000 && w.index >= 100);
  const target = elsewhere[0];
  const outreach = () =>
    federation.as('outreach-officer', { villages: [assigned], subject: 'pendamping-1011@ambon.example' });
  const insurer = (subject: string) => federation.as('insurer-officer', { subject });
  const heirsOf = async (kpj: string) =>
    (
      await federation.query(
        `query($kpj: ID!) { membershipCard(kpj: $kpj) { status heirs { fullName } claims { nodes { status } } payments { nodes { month } } } }`,
        { kpj },
        await insurer('auditor-bpjs@ambon.example'),
      )
    ).data.membershipCard;

  beforeAll(async () => {
    federation = await startFederation();
    // Enrolments below start with 2022: cover never starts before the day it is recorded.
    federation.clock.set('2022-01-01');
  });
  afterAll(async () => federation?.stop());

  it('refuses every step of an outreach officer against a card outside their villages, before any state check, naming nobody', async () => {
    const before = await heirsOf(target.kpj);
    const attempts = [
      await federation.query(ADD_HEIR, { kpj: target.kpj, name: 'Penipu Satu' }, await outreach()),
      await federation.query(
        CLAIM,
        {
          input: {
            kpj: target.kpj,
            program: 'JKK',
            eventDate: '2021-06-20',
            benefits: [{ kind: 'MEDICAL_CARE', amount: 5_000_000, billReference: 'RS-0620' }],
          },
        },
        await outreach(),
      ),
      await federation.query(PAY, { kpj: target.kpj, month: '2021-06', key: 'attack-pay' }, await outreach()),
    ];
    for (const attempt of attempts) {
      expect(attempt.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(attempt.errors)).not.toContain(target.nik);
    }
    expect(await heirsOf(target.kpj)).toEqual(before);
  });

  it("gives nobody else the stored answer of another person's write by sending its idempotency key", async () => {
    const ADD_KEYED = `mutation($kpj: ID!, $key: String) { addHeir(kpj: $kpj, fullName: "Anak Sulung", relationship: CHILD, idempotencyKey: $key) { id fullName } }`;
    const added = await federation.query(
      ADD_KEYED,
      { kpj: target.kpj, key: 'heir-of-target' },
      await insurer('petugas-a@bpjs.example'),
    );
    expect(added.errors).toBeUndefined();
    const replayed = await federation.query(ADD_KEYED, { kpj: target.kpj, key: 'heir-of-target' }, await outreach());
    expect(replayed.data?.addHeir ?? null).toBeNull();
    expect(['FORBIDDEN', 'CONFLICT']).toContain(replayed.errors?.[0].extensions?.code);
    expect(JSON.stringify(replayed.errors)).not.toContain(added.data.addHeir.id);
  });

  it('keeps verifying heirs and paying claims from outreach officers altogether', async () => {
    const heir = (
      await federation.query(
        ADD_HEIR,
        { kpj: target.kpj, name: 'Ahli Waris Benar' },
        await insurer('petugas-a@bpjs.example'),
      )
    ).data.addHeir;
    const verify = await federation.query(VERIFY_HEIR, { id: heir.id }, await outreach());
    expect(verify.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', deniedFields: ['Mutation.verifyHeir'] });
    const pay = await federation.query(PAY_CLAIM, { id: heir.id, key: 'outreach-pays' }, await outreach());
    expect(pay.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', deniedFields: ['Mutation.payClaim'] });
  });

  it('answers a renewal of an out-of-village card FORBIDDEN without its holder, and a closed one too, before saying it is closed', async () => {
    const allocationId = (await openAllocation(federation, 2022, 3)).id;
    const open = await federation.query(
      RENEW,
      { input: { kpj: target.kpj, allocationId, idempotencyKey: 'renew-attack' } },
      await outreach(),
    );
    expect(open.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(open.errors)).not.toContain(target.nik);

    // Close another out-of-village card by a death claim (two insurer officers), then try to renew it.
    const dead = elsewhere[1];
    const heir = (
      await federation.query(
        ADD_HEIR,
        { kpj: dead.kpj, name: 'Janda Almarhum' },
        await insurer('petugas-a@bpjs.example'),
      )
    ).data.addHeir;
    expect(
      (await federation.query(VERIFY_HEIR, { id: heir.id }, await insurer('petugas-b@bpjs.example'))).data.verifyHeir
        .verified,
    ).toBe(true);
    const filed = await federation.query(
      CLAIM,
      { input: { kpj: dead.kpj, program: 'JKM', eventDate: '2021-06-20', heirId: heir.id, causeOfDeath: 'ILLNESS' } },
      await insurer('petugas-a@bpjs.example'),
    );
    expect(filed.errors).toBeUndefined();
    const closed = await federation.query(
      RENEW,
      { input: { kpj: dead.kpj, allocationId, idempotencyKey: 'renew-closed-attack' } },
      await outreach(),
    );
    expect(closed.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(closed.errors)).not.toMatch(/2021-06-20|closed|CARD_CLOSED/);
    const payment = await federation.query(
      PAY,
      { kpj: dead.kpj, month: '2021-06', key: 'closed-pay' },
      await outreach(),
    );
    expect(payment.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(payment.errors)).not.toMatch(/2021-06-20|closed|paid|covered/i);
  });

  it("gives a partner agency a closed card's status but not its closing date, which is the date of death", async () => {
    const dead = elsewhere[1]; // closed by the JKM claim above
    const response = await federation.query(
      `query($kpj: ID!) { membershipCard(kpj: $kpj) { status closedOn } }`,
      { kpj: dead.kpj },
      await federation.as('partner-agency'),
    );
    expect(JSON.stringify(response.data ?? null)).not.toContain('2021-06-20');
    expect(response.errors?.find((e) => e.extensions?.code === 'FORBIDDEN')?.extensions?.deniedFields).toEqual([
      'MembershipCard.closedOn',
    ]);
    const insurer = await federation.query(
      `query($kpj: ID!) { membershipCard(kpj: $kpj) { status closedOn } }`,
      { kpj: dead.kpj },
      await federation.as('insurer-officer'),
    );
    expect(insurer.data.membershipCard).toEqual({ status: 'CLOSED', closedOn: '2021-06-20' });
  });

  it('lets an outreach officer batch-enroll their own villages, and only them', async () => {
    const allocationId = (await openAllocation(federation, 2023, 10)).id;
    const own = workers.filter((w) => w.villageCode === assigned).slice(0, 3);
    const response = await federation.query(
      BATCH,
      { input: { allocationId, niks: [...own.map((w) => w.nik), elsewhere[2].nik], idempotencyKey: 'outreach-batch' } },
      await outreach(),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.batchEnroll).toMatchObject({ enrolled: 3, rejected: 1 });
    expect(response.data.batchEnroll.rows[3]).toMatchObject({ status: 'REJECTED', reason: 'UNKNOWN_WORKER' });
  });

  it('holds the insurer to two people: who added an heir does not verify them, who filed a claim does not pay it, and the trail names each', async () => {
    const card = elsewhere[3];
    const heir = (
      await federation.query(ADD_HEIR, { kpj: card.kpj, name: 'Istri Sah' }, await insurer('petugas-a@bpjs.example'))
    ).data.addHeir;
    const self = await federation.query(VERIFY_HEIR, { id: heir.id }, await insurer('petugas-a@bpjs.example'));
    expect(self.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SEPARATION_OF_DUTIES' });
    expect(
      (await federation.query(VERIFY_HEIR, { id: heir.id }, await insurer('petugas-b@bpjs.example'))).data.verifyHeir
        .verified,
    ).toBe(true);

    const filed = (
      await federation.query(
        CLAIM,
        {
          input: {
            kpj: card.kpj,
            program: 'JKK',
            eventDate: '2021-06-20',
            benefits: [{ kind: 'MEDICAL_CARE', amount: 5_000_000, billReference: 'RS-0620' }],
          },
        },
        await insurer('petugas-b@bpjs.example'),
      )
    ).data.fileClaim;
    const selfPaid = await federation.query(
      PAY_CLAIM,
      { id: filed.id, key: 'self-pay' },
      await insurer('petugas-b@bpjs.example'),
    );
    expect(selfPaid.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SEPARATION_OF_DUTIES' });
    expect((await heirsOf(card.kpj)).claims).toEqual({ nodes: [{ status: 'FILED' }] });
    const paid = await federation.query(
      PAY_CLAIM,
      { id: filed.id, key: 'second-pay' },
      await insurer('petugas-c@bpjs.example'),
    );
    expect(paid.data.payClaim.status).toBe('PAID');

    const trail = async (entity: string, entityId: string) =>
      (
        await federation.query(
          `query($entity: String, $id: String) { membershipAuditTrail(entity: $entity, entityId: $id, first: 10) { nodes { actor operation } } }`,
          { entity, id: entityId },
          await federation.as('auditor'),
        )
      ).data.membershipAuditTrail.nodes;
    expect(await trail('heir', heir.id)).toEqual(
      expect.arrayContaining([
        { actor: 'petugas-a@bpjs.example', operation: 'addHeir' },
        { actor: 'petugas-b@bpjs.example', operation: 'verifyHeir' },
      ]),
    );
    expect(await trail('claim', filed.id)).toEqual(
      expect.arrayContaining([
        { actor: 'petugas-b@bpjs.example', operation: 'fileClaim' },
        { actor: 'petugas-c@bpjs.example', operation: 'payClaim' },
      ]),
    );
  });
});
