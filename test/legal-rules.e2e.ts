/**
 * The rules the regulations write, told as the insurer's and the city's clerks meet them
 * (the README's "Rules" table names the source of each).
 */
import { Federation, startFederation } from './support/federation';
import { ENROLL, openAllocation } from './support/writes';
import { storyWorkers } from '../subgraphs/shared/seed-story';
import { todayInAmbon } from '../subgraphs/shared/scalars';

export const PAY = `mutation($kpj: ID!, $month: String, $paidOn: Date!, $key: String!) {
  recordPremiumPayment(kpj: $kpj, month: $month, paidOn: $paidOn, idempotencyKey: $key) { id month amount }
}`;

describe('the rules the law writes', () => {
  let federation: Federation;
  let allocation2022: string;
  const enroll = async (index: number, allocationId = allocation2022) => {
    const response = await federation.query(ENROLL, { input: { nik: storyWorkers()[index].nik, allocationId, idempotencyKey: `rules-${index}` } });
    expect(response.errors).toBeUndefined();
    return response.data.enrollWorker.card.kpj as string;
  };
  const pay = (kpj: string, paidOn: string, month?: string) => federation.query(PAY, { kpj, month, paidOn, key: `rules-pay-${kpj}-${month ?? ''}-${paidOn}` });

  beforeAll(async () => {
    federation = await startFederation();
    allocation2022 = (await openAllocation(federation, 2022, 20)).id;
  });
  afterAll(async () => federation?.stop());

  describe('a card reads covered only while a coverage period is in force', () => {
    it('shows the first story worker, covered until 2021-12-31, as NOT_COVERED in 2022 and today, in lookups and in lists', async () => {
      const worker = storyWorkers()[0];
      expect(worker.nik).toBe('8171056606880001');
      const today = todayInAmbon();
      const card = await federation.query(
        `query($kpj: ID!, $today: Date!) { membershipCard(kpj: $kpj) { status covered: statusOn(asOf: "2021-06-30") later: statusOn(asOf: "2022-06-30") now: statusOn(asOf: $today) before: statusOn(asOf: "2019-12-31") } }`,
        { kpj: worker.kpj, today },
      );
      expect(card.data.membershipCard).toEqual({ status: 'NOT_COVERED', covered: 'ACTIVE', later: 'NOT_COVERED', now: 'NOT_COVERED', before: 'NOT_COVERED' });
      const byNik = await federation.query(`query($nik: String!) { worker(nik: $nik) { membership { status } } }`, { nik: worker.nik });
      expect(byNik.data.worker.membership.status).toBe('NOT_COVERED');
      const list = await federation.query(`{ allocation(id: "81.71-2021-01") { fundedCards(first: 3) { nodes { kpj status } } } }`);
      expect(list.data.allocation.fundedCards.nodes).toEqual(storyWorkers().slice(0, 3).map((w) => ({ kpj: w.kpj, status: 'NOT_COVERED' })));
    });

    it('makes a card covered again when it is renewed, and INACTIVE once three months of the new period are unpaid', async () => {
      const worker = storyWorkers()[1];
      const renewed = await federation.query(`mutation($input: RenewalInput!) { renewCoverage(input: $input) { card { kpj } } }`, {
        input: { kpj: worker.kpj, allocationId: allocation2022, idempotencyKey: 'rules-renew-1' },
      });
      expect(renewed.errors).toBeUndefined();
      const card = await federation.query(
        `query($kpj: ID!) { membershipCard(kpj: $kpj) { jan: statusOn(asOf: "2022-01-15") mar: statusOn(asOf: "2022-03-31") apr: statusOn(asOf: "2022-04-01") next: statusOn(asOf: "2023-01-01") } }`,
        { kpj: worker.kpj },
      );
      expect(card.data.membershipCard).toEqual({ jan: 'ACTIVE', mar: 'ACTIVE', apr: 'INACTIVE', next: 'NOT_COVERED' });
    });
  });

  describe('a payment settles the oldest unpaid month first', () => {
    it('does not revive a lapsed card with one back payment, and refuses a JKM claim filed on it', async () => {
      const kpj = await enroll(2);
      // Nothing paid January to May; in June the clerk pays "April".
      const paid = await pay(kpj, '2022-06-10', '2022-04');
      expect(paid.errors).toBeUndefined();
      expect(paid.data.recordPremiumPayment).toMatchObject({ month: '2022-01', amount: 16_800 });
      const card = await federation.query(`query($kpj: ID!) { membershipCard(kpj: $kpj) { statusOn(asOf: "2022-06-15") payments { month } } }`, { kpj });
      expect(card.data.membershipCard).toEqual({ statusOn: 'INACTIVE', payments: [{ month: '2022-01' }] });

      const heir = (await federation.query(`mutation($kpj: ID!) { addHeir(kpj: $kpj, fullName: "Nurhayati Sopacua", relationship: "spouse") { id } }`, { kpj })).data.addHeir;
      await federation.query(`mutation($id: ID!) { verifyHeir(heirId: $id) { id } }`, { id: heir.id });
      const claim = await federation.query(`mutation($input: ClaimInput!) { fileClaim(input: $input) { id } }`, {
        input: { kpj, program: 'JKM', eventDate: '2022-06-15', heirId: heir.id },
      });
      // Rp 16,800 paid that year (January) does not buy a Rp 42,000,000 death benefit in June.
      expect(claim.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'COVERAGE_NOT_ACTIVE' });
    });

    it('brings the card back only once the arrears are down to fewer than three months, oldest first', async () => {
      const kpj = await enroll(3);
      for (const paidOn of ['2022-06-20', '2022-06-21', '2022-06-22']) expect((await pay(kpj, paidOn)).errors).toBeUndefined();
      const card = await federation.query(
        `query($kpj: ID!) { membershipCard(kpj: $kpj) { a: statusOn(asOf: "2022-06-21") b: statusOn(asOf: "2022-06-22") payments { month } } }`,
        { kpj },
      );
      // Jan and Feb settled by the 21st leave Mar-May unpaid (3); March settled on the 22nd leaves two.
      expect(card.data.membershipCard).toEqual({ a: 'INACTIVE', b: 'ACTIVE', payments: [{ month: '2022-01' }, { month: '2022-02' }, { month: '2022-03' }] });
      const alreadyPaid = await pay(kpj, '2022-06-23', '2022-02');
      expect(alreadyPaid.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_PAID' });
    });

    it('refuses a payment dated after today in Ambon', async () => {
      const kpj = await enroll(4);
      const tomorrow = new Date(Date.parse(`${todayInAmbon()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const refused = await pay(kpj, tomorrow);
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FUTURE_DATE' });
    });
  });
});
