import { Federation, startFederation } from './support/federation';
import { ENROLL, openAllocation, sql } from './support/writes';
import { storyWorkers } from '../domain/seed-story';

const PAY = `mutation($kpj: ID!, $month: YearMonth!, $paidOn: Date!, $key: String!) {
  recordPremiumPayment(kpj: $kpj, month: $month, paidOn: $paidOn, idempotencyKey: $key) { id month amount }
}`;
const CLAIM = `mutation($input: ClaimInput!) { fileClaim(input: $input) { id program amount status } }`;
const PAY_CLAIM = `mutation($id: ID!, $key: String!) { payClaim(claimId: $id, idempotencyKey: $key) { id status amount } }`;

const INVOICE = `mutation($id: ID!, $month: YearMonth!) { issuePremiumInvoice(allocationId: $id, month: $month) { id workers } }`;

const DATES = [
  '2022-01-15',
  '2022-04-01',
  '2022-06-16',
  '2022-07-15',
  '2022-07-16',
  '2022-07-19',
  '2022-07-20',
  '2022-09-30',
  '2022-12-15',
  '2022-12-16',
  '2022-12-20',
  '2022-12-31',
];
const STATUS_ON = `query($kpj: ID!, $day: Date!) { membershipCard(kpj: $kpj) { statusOn(asOf: $day) } }`;

describe('an insurer clerk records a year of premiums and pays claims', () => {
  let federation: Federation;
  let allocationId: string;
  /** Enrols a story worker under the 2022 allocation on the clock's day (1 January unless told). */
  const enroll = async (index: number, day = '2022-01-01') => {
    federation.clock.set(day);
    const response = await federation.query(ENROLL, {
      input: { nik: storyWorkers()[index].nik, allocationId, idempotencyKey: `year-${index}` },
    });
    expect(response.errors).toBeUndefined();
    return response.data.enrollWorker.card.kpj as string;
  };
  /** The clerk records the receipt on the day it was paid. */
  const pay = async (kpj: string, month: string, paidOn = `${month}-05`) => {
    federation.clock.set(paidOn);
    const response = await federation.query(
      PAY,
      { kpj, month, paidOn, key: `pay-${kpj}-${month}` },
      await federation.actingAs('kasir-bpjs'),
    );
    expect(response.errors).toBeUndefined();
  };
  /** The insurer invoices the city for a month on the first of the next (cards not yet paid or billed). */
  const invoice = async (month: string) => {
    const [year, m] = month.split('-').map(Number);
    federation.clock.set(new Date(Date.UTC(year, m, 1)).toISOString().slice(0, 10));
    const response = await federation.query(INVOICE, { id: allocationId, month });
    expect(response.errors).toBeUndefined();
  };

  /** The card's status on each day, one read at a time (each judges the card's whole history). */
  const statusesOn = async (kpj: string, days: string[]) => {
    const statuses: string[] = [];
    for (const day of days) {
      const response = await federation.query(STATUS_ON, { kpj, day });
      expect(response.errors).toBeUndefined();
      statuses.push(response.data.membershipCard.statusOn);
    }
    return statuses;
  };

  beforeAll(async () => {
    federation = await startFederation();
    // Enrolments below start with 2022: cover never starts before the day it is recorded.
    federation.clock.set('2022-01-01');
    allocationId = (await openAllocation(federation, 2022, 5)).id;
  });
  afterAll(async () => federation?.stop());

  it('pays the month named: INACTIVE after three invoiced months unpaid past their due dates, and the lapse resumes with the next month paid, no penalty', async () => {
    const kpj = await enroll(20);
    // Paid Jan-Mar on time; April to June invoiced to the city and paid by nobody; then July and
    // August paid; September to November invoiced and unpaid; December paid.
    for (const month of ['2022-01', '2022-02', '2022-03']) await pay(kpj, month);
    for (const month of ['2022-04', '2022-05', '2022-06']) await invoice(month);
    // A lapsed month is not collected: in July the worker continues with July, not April.
    federation.clock.set('2022-07-20');
    const lapsed = await federation.query(
      PAY,
      { kpj, month: '2022-04', paidOn: '2022-07-20', key: `pay-${kpj}-lapsed` },
      await federation.actingAs('kasir-bpjs'),
    );
    expect(lapsed.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'MONTH_LAPSED' });
    await pay(kpj, '2022-07', '2022-07-20');
    await pay(kpj, '2022-08');
    for (const month of ['2022-09', '2022-10', '2022-11']) await invoice(month);
    await pay(kpj, '2022-12', '2022-12-20');

    expect(await statusesOn(kpj, DATES)).toEqual([
      'ACTIVE', // 2022-01-15: no month due yet
      'ACTIVE', // 2022-04-01: Jan-Mar paid
      'ACTIVE', // 2022-06-16: April and May invoiced and past due (15 May, 15 June): two months
      'ACTIVE', // 2022-07-15: June is due only at the end of this day: still two
      'INACTIVE', // 2022-07-16: April, May and June unpaid past their due dates
      'INACTIVE', // 2022-07-19: nothing paid yet in July
      'ACTIVE', // 2022-07-20: July paid, the cover resumes with it (April to June lapsed, no penalty)
      'ACTIVE', // 2022-09-30: August paid, September not yet due
      'ACTIVE', // 2022-12-15: September and October unpaid past due, November due today
      'INACTIVE', // 2022-12-16: September, October and November unpaid
      'ACTIVE', // 2022-12-20: December paid, the cover resumes
      'ACTIVE', // 2022-12-31
    ]);
    federation.clock.set('2023-01-05');
    expect(
      (await federation.query(`query($kpj: ID!) { membershipCard(kpj: $kpj) { status } }`, { kpj })).data.membershipCard
        .status,
    ).toBe('NOT_COVERED'); // the 2022 cover has ended

    const books = await federation.query('query($id: ID!) { allocation(id: $id) { committed realised } }', {
      id: allocationId,
    });
    // The worker paid these months; the city's realised spending comes only from its paid invoices, and it paid none.
    expect(books.data.allocation).toEqual({ committed: 16_800 * 12, realised: 0 });
  });

  it('keeps a card that stopped paying INACTIVE', async () => {
    const kpj = await enroll(21);
    await pay(kpj, '2022-01');
    for (const month of ['2022-02', '2022-03', '2022-04']) await invoice(month);
    await pay(kpj, '2022-05', '2022-05-20');
    for (const month of ['2022-06', '2022-07', '2022-08']) await invoice(month);
    federation.clock.set('2023-01-05');
    expect(await statusesOn(kpj, ['2022-05-16', '2022-05-20', '2022-09-15', '2022-09-16'])).toEqual([
      'INACTIVE',
      'ACTIVE',
      'ACTIVE',
      'INACTIVE',
    ]);
    expect(
      (await federation.query(`query($kpj: ID!) { membershipCard(kpj: $kpj) { status } }`, { kpj })).data.membershipCard
        .status,
    ).toBe('NOT_COVERED'); // today the 2022 cover has ended
  });

  it('pays the JKM death benefit once, to a verified heir, and closes the card at the date of death', async () => {
    const kpj = await enroll(22);
    for (const month of ['2022-01', '2022-02', '2022-03']) await pay(kpj, month);
    // The death on 20 March is reported five days later.
    federation.clock.set('2022-03-25');
    const heir = (
      await federation.query(
        `mutation($kpj: ID!) { addHeir(kpj: $kpj, fullName: "Hadija Tuasikal", relationship: SPOUSE) { id verified } }`,
        { kpj },
      )
    ).data.addHeir;
    expect(heir.verified).toBe(false);
    // A second person verifies: whoever added the heir may not (see separation-of-duties.e2e.ts).
    await federation.query(
      `mutation($id: ID!) { verifyHeir(heirId: $id) { id } }`,
      { id: heir.id },
      await federation.actingAs('verifikator-ahli-waris'),
    );

    const filed = await federation.query(
      CLAIM,
      { input: { kpj, program: 'JKM', eventDate: '2022-03-20', heirId: heir.id, causeOfDeath: 'ILLNESS' } },
      await federation.actingAs('petugas-klaim'),
    );
    expect(filed.errors).toBeUndefined();
    expect(filed.data.fileClaim).toMatchObject({ program: 'JKM', amount: 42_000_000, status: 'FILED' });

    // The payer is nobody who recorded or verified the heir paid, nor who filed the claim.
    const payer = await federation.actingAs('kasir-klaim');
    const payments = await Promise.all(
      [1, 2, 3].map(() =>
        federation.query(PAY_CLAIM, { id: filed.data.fileClaim.id, key: 'pay-death-benefit' }, payer),
      ),
    );
    for (const payment of payments)
      expect(payment.data.payClaim).toEqual({ id: filed.data.fileClaim.id, status: 'PAID', amount: 42_000_000 });
    const again = await federation.query(
      PAY_CLAIM,
      { id: filed.data.fileClaim.id, key: 'pay-death-benefit-twice' },
      payer,
    );
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_PAID' });

    const card = (
      await federation.query(
        `query($kpj: ID!) { membershipCard(kpj: $kpj) { status closedOn before: statusOn(asOf: "2022-03-19") claims { nodes { status } } heirs { fullName verified } } }`,
        { kpj },
      )
    ).data.membershipCard;
    expect(card).toEqual({
      status: 'CLOSED',
      closedOn: '2022-03-20',
      before: 'ACTIVE',
      claims: { nodes: [{ status: 'PAID' }] },
      heirs: [{ fullName: 'Hadija Tuasikal', verified: true }],
    });
    const trail = await sql(
      federation,
      'membership',
      `SELECT operation, actor FROM audit_log WHERE entity = 'claim' ORDER BY id`,
    );
    expect(trail).toEqual([
      { operation: 'fileClaim', actor: 'petugas-klaim' },
      { operation: 'payClaim', actor: 'kasir-klaim' },
    ]);
  });

  it('pays a JKK work-accident claim for the care billed while the card is active', async () => {
    const kpj = storyWorkers()[23].kpj; // seeded: covered and paid through 2021
    federation.clock.set('2022-01-10');
    const filed = await federation.query(
      CLAIM,
      {
        input: {
          kpj,
          program: 'JKK',
          eventDate: '2021-08-14',
          benefits: [{ kind: 'MEDICAL_CARE', amount: 3_750_000, billReference: 'RSUD-HAULUSSY-0814' }],
        },
      },
      await federation.actingAs('petugas-klaim'),
    );
    expect(filed.data.fileClaim).toMatchObject({ program: 'JKK', amount: 3_750_000, status: 'FILED' });
    const paid = await federation.query(PAY_CLAIM, { id: filed.data.fileClaim.id, key: 'pay-jkk-23' });
    expect(paid.data.payClaim.status).toBe('PAID');
    const card = await federation.query(`query($kpj: ID!) { membershipCard(kpj: $kpj) { status } }`, { kpj });
    expect(card.data.membershipCard.status).toBe('NOT_COVERED'); // the 2021 cover has ended
  });

  it('renews a card for the next fiscal year under another allocation, on the same KPJ', async () => {
    const worker = storyWorkers()[24]; // seeded: covered in 2020 and 2021
    federation.clock.set('2022-01-01'); // renewed on the first day of the year, so its cover starts that day
    const renewal = `mutation($input: RenewalInput!) { renewCoverage(input: $input) { card { kpj } coverage { validFrom validUntil fundedBy { id } } } }`;
    const renewed = await federation.query(renewal, {
      input: { kpj: worker.kpj, allocationId, idempotencyKey: 'renew-24-2022' },
    });
    expect(renewed.errors).toBeUndefined();
    expect(renewed.data.renewCoverage).toEqual({
      card: { kpj: worker.kpj },
      coverage: { validFrom: '2022-01-01', validUntil: '2022-12-31', fundedBy: { id: allocationId } },
    });
    const periods = await federation.query(
      `query($kpj: ID!) { membershipCard(kpj: $kpj) { coveragePeriods { validFrom } } }`,
      { kpj: worker.kpj },
    );
    expect(periods.data.membershipCard.coveragePeriods.map((p: { validFrom: string }) => p.validFrom)).toEqual([
      '2020-01-01',
      '2021-01-01',
      '2022-01-01',
    ]);

    // Worker 22 died in March (the JKM test above): a closed card is never renewed.
    federation.clock.set('2022-04-01');
    const closed = await federation.query(renewal, {
      input: { kpj: storyWorkers()[22].kpj, allocationId, idempotencyKey: 'renew-closed' },
    });
    expect(closed.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'CARD_CLOSED' });
  });
});
