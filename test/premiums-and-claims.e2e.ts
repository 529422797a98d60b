import { Federation, startFederation } from './support/federation';
import { ENROLL, onDay, openAllocation, sql } from './support/writes';
import { storyWorkers } from '../subgraphs/shared/seed-story';

const PAY = `mutation($kpj: ID!, $month: YearMonth!, $paidOn: Date!, $key: String!) {
  recordPremiumPayment(kpj: $kpj, month: $month, paidOn: $paidOn, idempotencyKey: $key) { id month amount }
}`;
const CLAIM = `mutation($input: ClaimInput!) { fileClaim(input: $input) { id program amount status } }`;
const PAY_CLAIM = `mutation($id: ID!, $key: String!) { payClaim(claimId: $id, idempotencyKey: $key) { id status amount } }`;

const DATES = ['2022-01-15', '2022-04-01', '2022-06-01', '2022-06-30', '2022-07-01', '2022-07-09', '2022-07-10', '2022-09-30', '2022-10-01', '2022-12-31'];
const statusQuery = `query($kpj: ID!) { membershipCard(kpj: $kpj) { status ${DATES.map((d, i) => `d${i}: statusOn(asOf: "${d}")`).join(' ')} } }`;

describe('an insurer clerk records a year of premiums and pays claims', () => {
  let federation: Federation;
  let allocationId: string;
  const enroll = async (index: number) => {
    // Enrolled at the start of 2022, while the year is open.
    const response = await onDay(federation, '2022-01-03', () => federation.query(ENROLL, { input: { nik: storyWorkers()[index].nik, allocationId, idempotencyKey: `year-${index}` } }));
    expect(response.errors).toBeUndefined();
    return response.data.enrollWorker.card.kpj as string;
  };
  const pay = async (kpj: string, month: string, paidOn = `${month}-05`) => {
    const response = await federation.query(PAY, { kpj, month, paidOn, key: `pay-${kpj}-${month}` }, await federation.actingAs('kasir-bpjs'));
    expect(response.errors).toBeUndefined();
  };

  beforeAll(async () => {
    federation = await startFederation();
    allocationId = (await openAllocation(federation, 2022, 5)).id;
  });
  afterAll(async () => federation?.stop());

  it('follows the payments, oldest month first: INACTIVE after three unpaid months, ACTIVE again once arrears are below three, no penalty', async () => {
    const kpj = await enroll(20);
    // Paid Jan-Mar on time, nothing in Apr-Jun; then one payment a month from July, whatever month
    // the payer names: each settles the oldest unpaid month (July's payment settles April).
    for (const month of ['2022-01', '2022-02', '2022-03']) await pay(kpj, month);
    await pay(kpj, '2022-07', '2022-07-10');
    for (const month of ['2022-08', '2022-10', '2022-11', '2022-12']) await pay(kpj, month);

    const card = (await federation.query(statusQuery, { kpj })).data.membershipCard;
    expect(DATES.map((_, i) => card[`d${i}`])).toEqual([
      'ACTIVE', // 2022-01-15: no month completed yet
      'ACTIVE', // 2022-04-01: Jan-Mar paid
      'ACTIVE', // 2022-06-01: April and May unpaid, two months
      'ACTIVE', // 2022-06-30: still two completed months unpaid
      'INACTIVE', // 2022-07-01: April, May and June unpaid
      'INACTIVE', // 2022-07-09: nothing paid yet in July
      'ACTIVE', // 2022-07-10: that payment settled April: May and June unpaid, two months
      'INACTIVE', // 2022-09-30: August's payment settled May: June, July and August unpaid
      'INACTIVE', // 2022-10-01: October's payment not yet made: June to September unpaid
      'INACTIVE', // 2022-12-31: Oct-Dec payments settled June-August: September to November unpaid
    ]);
    expect(card.status).toBe('NOT_COVERED'); // today: the 2022 cover has ended

    const books = await federation.query('query($id: ID!) { allocation(id: $id) { committed realised } }', { id: allocationId });
    // The worker paid these months; the city's realised spending comes only from its paid invoices.
    expect(books.data.allocation).toEqual({ committed: 16_800 * 12, realised: 0 });
  });

  it('keeps a card that stopped paying INACTIVE', async () => {
    const kpj = await enroll(21);
    await pay(kpj, '2022-01');
    await pay(kpj, '2022-05', '2022-05-20');
    const card = (await federation.query(`query($kpj: ID!) { membershipCard(kpj: $kpj) { status a: statusOn(asOf: "2022-05-01") b: statusOn(asOf: "2022-05-20") c: statusOn(asOf: "2022-09-01") } }`, { kpj }))
      .data.membershipCard;
    expect(card).toEqual({ a: 'INACTIVE', b: 'ACTIVE', c: 'INACTIVE', status: 'NOT_COVERED' });
  });

  it('pays the JKM death benefit once, to a verified heir, and closes the card at the date of death', async () => {
    const kpj = await enroll(22);
    for (const month of ['2022-01', '2022-02', '2022-03']) await pay(kpj, month);
    const heir = (await federation.query(`mutation($kpj: ID!) { addHeir(kpj: $kpj, fullName: "Hadija Tuasikal", relationship: SPOUSE) { id verified } }`, { kpj })).data.addHeir;
    expect(heir.verified).toBe(false);
    // A second person verifies: whoever added the heir may not (see separation-of-duties.e2e.ts).
    await federation.query(`mutation($id: ID!) { verifyHeir(heirId: $id) { id } }`, { id: heir.id }, await federation.actingAs('verifikator-ahli-waris'));

    const filed = await federation.query(CLAIM, { input: { kpj, program: 'JKM', eventDate: '2022-03-20', heirId: heir.id, causeOfDeath: 'ILLNESS' } }, await federation.actingAs('petugas-klaim'));
    expect(filed.errors).toBeUndefined();
    expect(filed.data.fileClaim).toMatchObject({ program: 'JKM', amount: 42_000_000, status: 'FILED' });

    const payments = await Promise.all([1, 2, 3].map(() => federation.query(PAY_CLAIM, { id: filed.data.fileClaim.id, key: 'pay-death-benefit' })));
    for (const payment of payments) expect(payment.data.payClaim).toEqual({ id: filed.data.fileClaim.id, status: 'PAID', amount: 42_000_000 });
    const again = await federation.query(PAY_CLAIM, { id: filed.data.fileClaim.id, key: 'pay-death-benefit-twice' });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_PAID' });

    const card = (await federation.query(`query($kpj: ID!) { membershipCard(kpj: $kpj) { status closedOn before: statusOn(asOf: "2022-03-19") claims { nodes { status } } heirs { fullName verified } } }`, { kpj }))
      .data.membershipCard;
    expect(card).toEqual({ status: 'CLOSED', closedOn: '2022-03-20', before: 'ACTIVE', claims: { nodes: [{ status: 'PAID' }] }, heirs: [{ fullName: 'Hadija Tuasikal', verified: true }] });
    const trail = await sql(federation, 'membership', `SELECT operation, actor FROM audit_log WHERE entity = 'claim' ORDER BY id`);
    expect(trail).toEqual([
      { operation: 'fileClaim', actor: 'petugas-klaim' },
      { operation: 'payClaim', actor: 'test-suite@ambon.example' },
    ]);
  });

  it('pays a JKK work-accident claim for the care billed while the card is active', async () => {
    const kpj = storyWorkers()[23].kpj; // seeded: covered and paid through 2021
    const filed = await federation.query(CLAIM, { input: { kpj, program: 'JKK', eventDate: '2021-08-14', benefits: [{ kind: 'MEDICAL_CARE', amount: 3_750_000 }] } }, await federation.actingAs('petugas-klaim'));
    expect(filed.data.fileClaim).toMatchObject({ program: 'JKK', amount: 3_750_000, status: 'FILED' });
    const paid = await federation.query(PAY_CLAIM, { id: filed.data.fileClaim.id, key: 'pay-jkk-23' });
    expect(paid.data.payClaim.status).toBe('PAID');
    const card = await federation.query(`query($kpj: ID!) { membershipCard(kpj: $kpj) { status } }`, { kpj });
    expect(card.data.membershipCard.status).toBe('NOT_COVERED'); // the 2021 cover has ended
  });

  it('renews a card for the next fiscal year under another allocation, on the same KPJ', async () => {
    const worker = storyWorkers()[24]; // seeded: covered in 2020 and 2021
    const renewal = `mutation($input: RenewalInput!) { renewCoverage(input: $input) { card { kpj } coverage { validFrom validUntil fundedBy { id } } } }`;
    // Renewed at the start of 2022, while the year is open.
    const renewed = await onDay(federation, '2022-01-03', () => federation.query(renewal, { input: { kpj: worker.kpj, allocationId, idempotencyKey: 'renew-24-2022' } }));
    expect(renewed.errors).toBeUndefined();
    expect(renewed.data.renewCoverage).toEqual({ card: { kpj: worker.kpj }, coverage: { validFrom: '2022-01-01', validUntil: '2022-12-31', fundedBy: { id: allocationId } } });
    const periods = await federation.query(`query($kpj: ID!) { membershipCard(kpj: $kpj) { coveragePeriods { validFrom } } }`, { kpj: worker.kpj });
    expect(periods.data.membershipCard.coveragePeriods.map((p: { validFrom: string }) => p.validFrom)).toEqual(['2020-01-01', '2021-01-01', '2022-01-01']);

    // Worker 22 died in March (the JKM test above): a closed card is never renewed.
    const closed = await federation.query(renewal, { input: { kpj: storyWorkers()[22].kpj, allocationId, idempotencyKey: 'renew-closed' } });
    expect(closed.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'CARD_CLOSED' });
  });
});
