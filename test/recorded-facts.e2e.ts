/**
 * Time and money are facts: what is recorded today cannot change what the past paid. An outreach
 * officer and two insurer officers, each with their own token, try to make money leave on claims
 * the facts recorded before the event do not support, and the ledger must not misstate a month.
 * The federation's clock is stepped by hand, so every "today" is the day the story says.
 */
import { Federation, GraphQLResponse, startFederation } from './support/federation';
import { ENROLL, openAllocation } from './support/writes';
import { storyWorkers } from '../domain/seed-story';

const PAY = `mutation($kpj: ID!, $month: YearMonth, $paidOn: Date!, $key: String!) {
  recordPremiumPayment(kpj: $kpj, month: $month, paidOn: $paidOn, idempotencyKey: $key) { month amount paidOn recordedAt }
}`;
const INVOICE = `mutation($id: ID!, $month: YearMonth!) { issuePremiumInvoice(allocationId: $id, month: $month) { id workers amount status } }`;
const FUNDER_PAYS = `mutation($id: ID!, $month: YearMonth!, $paidOn: Date!, $key: String!, $invoice: ID) {
  recordFunderPayment(allocationId: $id, month: $month, paidOn: $paidOn, idempotencyKey: $key, invoiceId: $invoice) { invoiceId workers amount }
}`;
const CLAIM = `mutation($input: ClaimInput!) { fileClaim(input: $input) { id amount status } }`;
const CARD = `query($kpj: ID!, $day: Date!) { membershipCard(kpj: $kpj) {
  statusOn(asOf: $day) paidMonths { month paidBy } credits { month payer amount } uninvoicedMonths
} }`;

const codeOf = (response: GraphQLResponse) =>
  response.errors?.map((e) => `${e.extensions?.code} ${e.extensions?.reason ?? ''}`.trim());

describe('facts carry when they were recorded, and a claim is judged on what was recorded by its event', () => {
  let federation: Federation;
  let allocation2022: string;
  let officer: Record<string, string>;
  let next = 24_000;

  beforeAll(async () => {
    federation = await startFederation();
    federation.clock.set('2021-12-01');
    allocation2022 = (await openAllocation(federation, 2022, 20)).id;
    officer = await federation.actingAs('petugas-lapangan');
  });
  afterAll(async () => federation?.stop());

  /** A story worker whose 2021 cover ended, enrolled again under 2022 on the clock's day. */
  async function enrolNow(validFrom?: string) {
    const nik = storyWorkers()[next++].nik;
    const response = await federation.query(
      ENROLL,
      { input: { nik, allocationId: allocation2022, idempotencyKey: `facts-${nik}`, validFrom } },
      officer,
    );
    return { nik, response, kpj: response.data?.enrollWorker?.card.kpj as string };
  }
  const card = async (kpj: string, day: string) => (await federation.query(CARD, { kpj, day })).data.membershipCard;
  /** The story's workers were funded through 2021; these stories are about their 2022 months. */
  const paidIn2022 = (read: { paidMonths: { month: string; paidBy: string }[] }) =>
    read.paidMonths.filter((m) => m.month >= '2022-01');

  it('refuses cover that starts before the day it is recorded, and cover from a closed fiscal year', async () => {
    federation.clock.set('2022-03-10');
    const backdated = await enrolNow('2022-01-01');
    expect(codeOf(backdated.response)).toEqual(['BAD_USER_INPUT COVER_BEFORE_RECORD']);
    const closedYear = await federation.query(
      ENROLL,
      {
        input: { nik: storyWorkers()[next++].nik, allocationId: '81.71-2021-01', idempotencyKey: 'facts-closed-year' },
      },
      officer,
    );
    expect(codeOf(closedYear)).toEqual(['CONFLICT FISCAL_YEAR_CLOSED']);
    // Without validFrom the cover starts on the day it is recorded.
    const today = await enrolNow();
    expect(today.response.data.enrollWorker.coverage).toMatchObject({
      validFrom: '2022-03-10',
      validUntil: '2022-12-31',
    });
  });

  it('does not pay a death with cover recorded after it', async () => {
    federation.clock.set('2022-04-01');
    const { kpj } = await enrolNow();
    const filed = await federation.query(
      CLAIM,
      { input: { kpj, program: 'JKM', eventDate: '2022-03-20', causeOfDeath: 'ILLNESS' } },
      await federation.actingAs('petugas-klaim'),
    );
    expect(codeOf(filed)).toEqual(['CONFLICT COVERAGE_NOT_ACTIVE']);
  });

  it('does not let premiums recorded after a death revive a lapsed card for it', async () => {
    federation.clock.set('2022-01-03');
    const { kpj } = await enrolNow();
    // The insurer invoices the city each month; the city pays none of them.
    for (const [day, month] of [
      ['2022-02-01', '2022-01'],
      ['2022-03-01', '2022-02'],
      ['2022-04-01', '2022-03'],
    ]) {
      federation.clock.set(day);
      expect((await federation.query(INVOICE, { id: allocation2022, month })).errors).toBeUndefined();
    }
    expect((await card(kpj, '2022-04-20')).statusOn).toBe('INACTIVE'); // January to March invoiced, unpaid past their due dates
    // The worker dies on 20 April; five days later an officer records payments dated before the death.
    federation.clock.set('2022-04-25');
    for (const month of ['2022-02', '2022-03', '2022-04']) {
      const paid = await federation.query(
        PAY,
        { kpj, month, paidOn: '2022-04-18', key: `revive-${kpj}-${month}` },
        officer,
      );
      expect(paid.errors).toBeUndefined();
    }
    // As known today the card was ACTIVE on the day of death, but nothing recorded after it counts for the claim.
    expect((await card(kpj, '2022-04-20')).statusOn).toBe('ACTIVE');
    const filed = await federation.query(
      CLAIM,
      { input: { kpj, program: 'JKM', eventDate: '2022-04-20', causeOfDeath: 'ILLNESS' } },
      await federation.actingAs('petugas-klaim'),
    );
    expect(codeOf(filed)).toEqual(['CONFLICT COVERAGE_NOT_ACTIVE']);
  });

  it('takes a receipt only within its recording window, never before the cover was recorded, and collects no lapsed month', async () => {
    federation.clock.set('2022-05-02');
    const { kpj } = await enrolNow();
    federation.clock.set('2022-06-20');
    const old = await federation.query(
      PAY,
      { kpj, month: '2022-05', paidOn: '2022-06-01', key: `old-${kpj}` },
      officer,
    );
    expect(codeOf(old)).toEqual(['BAD_USER_INPUT PAYMENT_TOO_OLD']);
    federation.clock.set('2022-05-04');
    const early = await federation.query(
      PAY,
      { kpj, month: '2022-05', paidOn: '2022-05-01', key: `early-${kpj}` },
      officer,
    );
    expect(codeOf(early)).toEqual(['BAD_USER_INPUT PAID_BEFORE_COVER']);
    // Paying ahead: six months at once is the insurer's rule for informal members.
    for (const month of ['2022-05', '2022-06', '2022-07', '2022-08', '2022-09', '2022-10']) {
      expect(
        (await federation.query(PAY, { kpj, month, paidOn: '2022-05-04', key: `ahead-${kpj}-${month}` }, officer))
          .errors,
      ).toBeUndefined();
    }
    expect(paidIn2022(await card(kpj, '2022-12-01')).map((m: { month: string }) => m.month)).toEqual([
      '2022-05',
      '2022-06',
      '2022-07',
      '2022-08',
      '2022-09',
      '2022-10',
    ]);
  });

  it('pays a month once: the funder paying a month the worker already paid leaves a credit, not a second paid month', async () => {
    federation.clock.set('2022-01-03');
    const { kpj } = await enrolNow();
    federation.clock.set('2022-02-01');
    // January was invoiced before (an earlier story's card), so this card goes on a supplementary invoice, which the city pays.
    const invoice = (await federation.query(INVOICE, { id: allocation2022, month: '2022-01' })).data
      .issuePremiumInvoice;
    expect(invoice).toMatchObject({ workers: 1, amount: 16_800 });
    federation.clock.set('2022-02-03');
    expect(
      (await federation.query(PAY, { kpj, month: '2022-01', paidOn: '2022-02-03', key: `twice-${kpj}` }, officer))
        .errors,
    ).toBeUndefined();
    federation.clock.set('2022-02-10');
    const paid = await federation.query(FUNDER_PAYS, {
      id: allocation2022,
      month: '2022-01',
      paidOn: '2022-02-10',
      key: 'city-pays-2022-01',
      invoice: invoice.id,
    });
    expect(paid.errors).toBeUndefined();
    const read = await card(kpj, '2022-02-10');
    expect(paidIn2022(read)).toEqual([{ month: '2022-01', paidBy: 'WORKER' }]);
    expect(read.credits).toEqual([{ month: '2022-01', payer: 'FUNDER', amount: 16_800 }]);
  });

  it('settles exactly the cards an invoice billed: a card recorded after it goes on a supplementary invoice', async () => {
    federation.clock.set('2022-07-01');
    const early = await enrolNow();
    federation.clock.set('2022-07-15');
    const first = await federation.query(INVOICE, { id: allocation2022, month: '2022-07' });
    expect(first.data.issuePremiumInvoice).toMatchObject({ id: `${allocation2022}/2022-07` });
    federation.clock.set('2022-07-20');
    const late = await enrolNow();
    federation.clock.set('2022-08-05');
    await federation.query(FUNDER_PAYS, {
      id: allocation2022,
      month: '2022-07',
      paidOn: '2022-08-05',
      key: 'city-pays-2022-07',
    });
    expect((await card(early.kpj, '2022-08-05')).paidMonths).toContainEqual({ month: '2022-07', paidBy: 'FUNDER' });
    expect(paidIn2022(await card(late.kpj, '2022-08-05'))).toEqual([]);

    const supplementary = await federation.query(INVOICE, { id: allocation2022, month: '2022-07' });
    expect(supplementary.data.issuePremiumInvoice).toMatchObject({
      id: `${allocation2022}/2022-07/2`,
      workers: 1,
      amount: 16_800,
    });
    await federation.query(FUNDER_PAYS, {
      id: allocation2022,
      month: '2022-07',
      paidOn: '2022-08-05',
      key: 'city-pays-2022-07-2',
      invoice: `${allocation2022}/2022-07/2`,
    });
    expect(paidIn2022(await card(late.kpj, '2022-08-05'))).toEqual([{ month: '2022-07', paidBy: 'FUNDER' }]);
  });

  it('keeps a funded card covered while its months were never invoiced or are not yet due, and flags them', async () => {
    federation.clock.set('2022-01-03');
    const { kpj } = await enrolNow();
    // Only January is invoiced (and paid); February to April never are.
    federation.clock.set('2022-02-01');
    await federation.query(INVOICE, { id: allocation2022, month: '2022-01' });
    federation.clock.set('2022-05-01');
    const read = await card(kpj, '2022-05-01');
    expect(read.statusOn).toBe('ACTIVE');
    expect(read.uninvoicedMonths).toEqual(['2022-02', '2022-03']); // April is due only on 15 May
  });
});
