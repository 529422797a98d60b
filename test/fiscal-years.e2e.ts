/**
 * APBD fiscal years close, and realisation is cash within the year: told as the city's budget
 * office, the outreach team and the insurer meet it, with the server clock stepped through the years.
 */
import { Federation, startFederation } from './support/federation';
import { ENROLL, openAllocation } from './support/writes';
import { MONTHLY_PREMIUM, storyWorkers } from '../domain/seed-story';
import { Caller } from '../contract/caller';
import { PeerClient } from '../subgraphs/kit/peer';
import { ROLES } from '../contract/scopes';
import { issueInvoice, Peers, reserve, settle } from '../subgraphs/membership/peers';

const REVISE = `mutation($id: ID!, $ceiling: Rupiah!) {
  reviseAllocationCeiling(allocationId: $id, ceiling: $ceiling, legalBasis: "Perda Kota Ambon tentang Perubahan APBD", idempotencyKey: null) { ceiling version }
}`;
const BOOKS = `query($id: ID!) { allocation(id: $id) {
  ceiling committed reserved realised paidAfterYearEnd version
  invoices { id month sequence workers amount status paidOn paidInFiscalYear }
  monthlyUse { month invoiced realised paidAfterYearEnd paidOn realisedByMonthEnd }
} }`;
const ISSUE = `mutation($id: ID!, $month: YearMonth!, $issuedOn: Date!) { issuePremiumInvoice(allocationId: $id, month: $month, issuedOn: $issuedOn) { id workers amount status } }`;
const PAY = `mutation($id: ID!, $month: YearMonth!, $paidOn: Date!, $key: String!, $invoice: ID) {
  recordFunderPayment(allocationId: $id, month: $month, paidOn: $paidOn, idempotencyKey: $key, invoiceId: $invoice) { invoiceId amount paidOn }
}`;

describe('APBD fiscal years close, and realisation is cash within the year', () => {
  let federation: Federation;
  const books = async (id: string) => (await federation.query(BOOKS, { id })).data.allocation;
  /** The insurer's system calling budget as membership does (issuing and paying invoices are not in the public schema). */
  const insurer = (): Peers => {
    const claims = {
      subject: 'insurer-billing',
      agency: ROLES['insurer-officer'].agency,
      roles: ['insurer-officer'],
      scopes: ROLES['insurer-officer'].scopes,
      villages: [],
      operationName: null,
      requestId: 'fiscal-years',
    };
    const peers = new PeerClient(
      { budget: federation.subgraphs.budget.url },
      { signer: federation.gatewaySecret, ttlSeconds: 60 },
    ).onBehalfOf(new Caller(claims));
    return { peers, actor: 'insurer-billing' };
  };

  beforeAll(async () => {
    federation = await startFederation();
  });
  afterAll(async () => federation?.stop());

  it("refuses in 2026 to revise 2021's ceiling, which it accepted while 2021 was open", async () => {
    const before = await books('81.71-2021-01');
    federation.clock.set('2026-03-02');
    const late = await federation.query(
      REVISE,
      { id: '81.71-2021-01', ceiling: before.ceiling + 1_000_000 },
      await federation.actingAs('kepala-bpkad'),
    );
    expect(late.data?.reviseAllocationCeiling ?? null).toBeNull();
    expect(late.errors![0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'FISCAL_YEAR_CLOSED',
      fiscalYear: 2021,
    });
    expect(late.errors![0].message).toMatch(/Fiscal year 2021 closed at the end of 31 December 2021 .*ceiling revised/);
    expect(await books('81.71-2021-01')).toMatchObject({ ceiling: before.ceiling, version: 1 });

    // On the last day of 2021 the year is still open.
    federation.clock.set('2021-12-31');
    const inTime = await federation.query(
      REVISE,
      { id: '81.71-2021-01', ceiling: before.ceiling + 1_000_000 },
      await federation.actingAs('kepala-bpkad'),
    );
    expect(inTime.errors).toBeUndefined();
    expect(inTime.data.reviseAllocationCeiling).toEqual({ ceiling: before.ceiling + 1_000_000, version: 2 });
  });

  it('refuses in 2026 an enrolment into the closed 2020 allocation, with its code and reason, and holds nothing', async () => {
    federation.clock.set('2026-03-02');
    // A worker of the 2021 cohort, never covered in 2020, adult on its first day.
    const worker = storyWorkers().find((w) => w.index >= 10_000 && w.birthDate < '2000-01-01')!;
    const before = await books('81.71-2020-01');
    const response = await federation.query(
      ENROLL,
      { input: { nik: worker.nik, allocationId: '81.71-2020-01', idempotencyKey: 'enrol-into-2020-in-2026' } },
      await federation.actingAs('outreach-officer'),
    );
    expect(response.data?.enrollWorker ?? null).toBeNull();
    expect(response.errors![0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'FISCAL_YEAR_CLOSED',
      fiscalYear: 2020,
    });
    expect(response.errors![0].message).toMatch(/fiscal year 2020, which closed on 2020-12-31: it takes no new cover/);
    expect(await books('81.71-2020-01')).toMatchObject({ committed: before.committed, reserved: 0 });
  });

  it("leaves the December 2021 invoice, paid on 15 January 2022, out of 2021's realised: it shows as paid after the year end, and the months add up to realised", async () => {
    const year = await books('81.71-2021-01');
    const december = year.invoices.find((i: { month: string }) => i.month === '2021-12');
    expect(december).toMatchObject({
      id: '81.71-2021-01/2021-12',
      sequence: 1,
      amount: 25_000 * MONTHLY_PREMIUM,
      status: 'PAID',
      paidOn: '2022-01-15',
      paidInFiscalYear: 2022,
    });
    const november = year.invoices.find((i: { month: string }) => i.month === '2021-11');
    expect(november).toMatchObject({ paidOn: '2021-12-15', paidInFiscalYear: 2021 });
    expect(year).toMatchObject({
      committed: 4_873_680_000,
      realised: 4_873_680_000 - december.amount,
      paidAfterYearEnd: december.amount,
    });
    expect(year.realised).toBe(4_453_680_000);
    // Month by month: December's realisation by month end is the year's realised, and so is the sum of the months.
    expect(year.monthlyUse[11]).toMatchObject({
      month: '2021-12',
      realised: 0,
      paidAfterYearEnd: december.amount,
      realisedByMonthEnd: year.realised,
    });
    expect(year.monthlyUse.reduce((sum: number, m: { realised: number }) => sum + m.realised, 0)).toBe(year.realised);
  });

  it("issues a supplementary invoice for a card added after the month's first invoice, and pays each apart", async () => {
    federation.clock.set('2026-01-02');
    const allocation = (await openAllocation(federation, 2026, 4)).id;
    const enroll = (index: number) =>
      federation.query(ENROLL, {
        input: { nik: storyWorkers()[index].nik, allocationId: allocation, idempotencyKey: `fiscal-${index}` },
      });
    expect((await enroll(40)).errors).toBeUndefined();
    expect((await enroll(41)).errors).toBeUndefined();
    federation.clock.set('2026-02-05');
    const first = await federation.query(ISSUE, { id: allocation, month: '2026-02', issuedOn: '2026-02-05' });
    expect(first.errors).toBeUndefined();
    expect(first.data.issuePremiumInvoice).toEqual({
      id: `${allocation}/2026-02`,
      workers: 2,
      amount: 2 * MONTHLY_PREMIUM,
      status: 'ISSUED',
    });

    // A card added on 10 February goes on the month's supplementary invoice.
    federation.clock.set('2026-02-10');
    expect((await enroll(42)).errors).toBeUndefined();
    // Budget holds a supplementary invoice to its key, and to a month that has a first one.
    await expect(
      issueInvoice(insurer(), allocation, '2026-02', 1, MONTHLY_PREMIUM, '2026-02-10', { supplementary: true }),
    ).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', reason: 'IDEMPOTENCY_KEY_REQUIRED' },
    });
    await expect(
      issueInvoice(insurer(), allocation, '2026-03', 1, MONTHLY_PREMIUM, '2026-02-10', {
        supplementary: true,
        idempotencyKey: 'supplement-march',
      }),
    ).rejects.toMatchObject({
      extensions: { code: 'CONFLICT', reason: 'NO_FIRST_INVOICE' },
    });
    const supplementary = await federation.query(ISSUE, { id: allocation, month: '2026-02', issuedOn: '2026-02-10' });
    const second = supplementary.data.issuePremiumInvoice;
    expect(second).toEqual({ id: `${allocation}/2026-02/2`, workers: 1, amount: MONTHLY_PREMIUM, status: 'ISSUED' });
    // Asked again with nothing new, the insurer answers the month's latest invoice, not a third.
    expect(
      (await federation.query(ISSUE, { id: allocation, month: '2026-02', issuedOn: '2026-02-10' })).data
        .issuePremiumInvoice,
    ).toMatchObject({ id: second.id });

    federation.clock.set('2026-03-01');
    const paidSecond = await federation.query(PAY, {
      id: allocation,
      month: '2026-02',
      paidOn: '2026-03-01',
      key: 'city-pays-2026-02-2',
      invoice: second.id,
    });
    expect(paidSecond.data.recordFunderPayment).toMatchObject({
      invoiceId: second.id,
      amount: MONTHLY_PREMIUM,
      paidOn: '2026-03-01',
    });
    let now = await books(allocation);
    expect(now.invoices).toEqual([
      {
        id: `${allocation}/2026-02`,
        month: '2026-02',
        sequence: 1,
        workers: 2,
        amount: 2 * MONTHLY_PREMIUM,
        status: 'ISSUED',
        paidOn: null,
        paidInFiscalYear: null,
      },
      {
        id: second.id,
        month: '2026-02',
        sequence: 2,
        workers: 1,
        amount: MONTHLY_PREMIUM,
        status: 'PAID',
        paidOn: '2026-03-01',
        paidInFiscalYear: 2026,
      },
    ]);
    expect(now).toMatchObject({ realised: MONTHLY_PREMIUM, paidAfterYearEnd: 0 });

    // Without an invoice named, the funder's payment pays the month's first invoice.
    const paid = await federation.query(PAY, {
      id: allocation,
      month: '2026-02',
      paidOn: '2026-03-01',
      key: 'city-pays-2026-02',
    });
    expect(paid.errors).toBeUndefined();
    expect(paid.data.recordFunderPayment).toMatchObject({
      invoiceId: `${allocation}/2026-02`,
      amount: 2 * MONTHLY_PREMIUM,
    });
    now = await books(allocation);
    expect(now).toMatchObject({ realised: 3 * MONTHLY_PREMIUM });
    expect(now.monthlyUse[1]).toMatchObject({
      month: '2026-02',
      invoiced: 3 * MONTHLY_PREMIUM,
      realised: 3 * MONTHLY_PREMIUM,
      paidOn: '2026-03-01',
      realisedByMonthEnd: 0,
    });
    expect(now.monthlyUse[2]).toMatchObject({ realisedByMonthEnd: 3 * MONTHLY_PREMIUM });
  });

  it('dates an invoice the day the insurer issues it: today in Ambon by default, and any other day named is refused with nothing written', async () => {
    const [allocation] = (
      await federation.query('{ allocations(fiscalYear: 2026) { nodes { id } } }')
    ).data.allocations.nodes.map((a: { id: string }) => a.id);
    const invoicesOf = async (month: string) =>
      (
        await federation.query('query($id: ID!) { allocation(id: $id) { invoices { id month issuedOn } } }', {
          id: allocation,
        })
      ).data.allocation.invoices.filter((i: { month: string }) => i.month === month);
    federation.clock.set('2026-03-20');
    const refusals = [];
    for (const issuedOn of ['2026-03-01', '2026-03-19', '2026-03-21']) {
      const response = await federation.query(ISSUE, { id: allocation, month: '2026-03', issuedOn });
      refusals.push({
        issuedOn,
        data: response.data?.issuePremiumInvoice ?? null,
        errors: response.errors?.map((e) => ({
          code: e.extensions?.code,
          reason: e.extensions?.reason,
          argument: e.extensions?.argument,
        })),
      });
    }
    expect(refusals).toEqual([
      {
        issuedOn: '2026-03-01',
        data: null,
        errors: [{ code: 'BAD_USER_INPUT', reason: 'PAST_DATE', argument: 'issuedOn' }],
      },
      {
        issuedOn: '2026-03-19',
        data: null,
        errors: [{ code: 'BAD_USER_INPUT', reason: 'PAST_DATE', argument: 'issuedOn' }],
      },
      {
        issuedOn: '2026-03-21',
        data: null,
        errors: [{ code: 'BAD_USER_INPUT', reason: 'FUTURE_DATE', argument: 'issuedOn' }],
      },
    ]);
    expect(await invoicesOf('2026-03')).toEqual([]);

    const issued = await federation.query(
      `mutation($id: ID!) { issuePremiumInvoice(allocationId: $id, month: "2026-03") { id workers } }`,
      { id: allocation },
    );
    expect(issued.errors).toBeUndefined();
    expect(issued.data.issuePremiumInvoice).toEqual({ id: `${allocation}/2026-03`, workers: 3 });
    // Naming today is the same as leaving it out: the retry answers the invoice already issued.
    expect(
      (await federation.query(ISSUE, { id: allocation, month: '2026-03', issuedOn: '2026-03-20' })).data
        .issuePremiumInvoice,
    ).toMatchObject({ id: `${allocation}/2026-03` });
    expect(await invoicesOf('2026-03')).toEqual([
      { id: `${allocation}/2026-03`, month: '2026-03', issuedOn: '2026-03-20' },
    ]);
  });

  it('refuses to record in January a payment dated in the closed December, and counts one dated in January as paid after the year end', async () => {
    const [allocation] = (
      await federation.query('{ allocations(fiscalYear: 2026) { nodes { id } } }')
    ).data.allocations.nodes.map((a: { id: string }) => a.id);
    federation.clock.set('2026-12-05');
    expect(
      (await federation.query(ISSUE, { id: allocation, month: '2026-12', issuedOn: '2026-12-05' })).errors,
    ).toBeUndefined();

    federation.clock.set('2027-01-02');
    const backdated = await federation.query(PAY, {
      id: allocation,
      month: '2026-12',
      paidOn: '2026-12-30',
      key: 'city-pays-2026-12-backdated',
    });
    expect(backdated.errors![0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'FISCAL_YEAR_CLOSED',
      fiscalYear: 2026,
    });
    expect(backdated.errors![0].message).toMatch(/a payment dated 2026-12-30 can no longer be recorded on 2027-01-02/);
    const future = await federation.query(PAY, {
      id: allocation,
      month: '2026-12',
      paidOn: '2027-01-03',
      key: 'city-pays-2026-12-future',
    });
    expect(future.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FUTURE_DATE' });
    const before = await books(allocation);

    const paid = await federation.query(PAY, {
      id: allocation,
      month: '2026-12',
      paidOn: '2027-01-01',
      key: 'city-pays-2026-12',
    });
    expect(paid.errors).toBeUndefined();
    const after = await books(allocation);
    const december = after.invoices.find((i: { month: string }) => i.month === '2026-12');
    expect(december).toMatchObject({ status: 'PAID', paidOn: '2027-01-01', paidInFiscalYear: 2027 });
    expect(after).toMatchObject({ realised: before.realised, paidAfterYearEnd: december.amount });
    expect(after.monthlyUse[11]).toMatchObject({
      realised: 0,
      paidAfterYearEnd: december.amount,
      realisedByMonthEnd: after.realised,
    });
  });

  it('takes commitments for a year before it begins, and after the year closes still settles the holds it made', async () => {
    federation.clock.set('2026-12-20');
    const coming = (await openAllocation(federation, 2027, 1)).id;
    const enrolled = await federation.query(ENROLL, {
      input: { nik: storyWorkers()[43].nik, allocationId: coming, idempotencyKey: 'fiscal-2027-43' },
    });
    expect(enrolled.errors).toBeUndefined();
    expect(await books(coming)).toMatchObject({ committed: 12 * MONTHLY_PREMIUM, reserved: 0 });

    // Holds made on the year's last day are confirmed or released after it closed: no money is stranded.
    const [allocation] = (
      await federation.query('{ allocations(fiscalYear: 2026) { nodes { id } } }')
    ).data.allocations.nodes.map((a: { id: string }) => a.id);
    federation.clock.set('2026-12-31');
    const held = await reserve(insurer(), allocation, [
      { key: 'late-hold-confirmed', amount: MONTHLY_PREMIUM, purpose: 'a December enrolment' },
      { key: 'late-hold-released', amount: MONTHLY_PREMIUM, purpose: 'a December enrolment abandoned' },
    ]);
    expect(held.map((h) => h.status)).toEqual(['PENDING', 'PENDING']);
    federation.clock.set('2027-01-04');
    await expect(
      reserve(insurer(), allocation, [{ key: 'hold-in-2027', amount: MONTHLY_PREMIUM, purpose: 'too late' }]),
    ).rejects.toMatchObject({
      extensions: { code: 'CONFLICT', reason: 'FISCAL_YEAR_CLOSED' },
    });
    // A retry of a hold already made gets its answer.
    expect(
      (
        await reserve(insurer(), allocation, [
          { key: 'late-hold-confirmed', amount: MONTHLY_PREMIUM, purpose: 'a December enrolment' },
        ])
      )[0].status,
    ).toBe('PENDING');
    expect((await settle(insurer(), allocation, ['late-hold-confirmed'], 'confirm'))[0].status).toBe('CONFIRMED');
    expect((await settle(insurer(), allocation, ['late-hold-released'], 'release'))[0].status).toBe('RELEASED');
    expect(await books(allocation)).toMatchObject({ reserved: 0 });
  });
});
