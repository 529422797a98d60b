/**
 * The rules the regulations write, told as the insurer's and the city's clerks meet them
 * (the README's "Rules" table names the source of each).
 */
import { Federation, startFederation } from './support/federation';
import { ENROLL, openAllocation } from './support/writes';
import { MINIMUM_AGE, OCCUPATIONS_BY_SEX, STORY_ALLOCATIONS, storyWorkers } from '../domain/seed-story';
import { composeNik } from '../domain/nik';
import { CREATE_ALLOCATION } from './support/writes';
import { todayInAmbon } from '../platform/scalars';

export const PAY = `mutation($kpj: ID!, $month: YearMonth, $paidOn: Date!, $key: String!) {
  recordPremiumPayment(kpj: $kpj, month: $month, paidOn: $paidOn, idempotencyKey: $key) { id month amount }
}`;

describe('the rules the law writes', () => {
  let federation: Federation;
  let allocation2022: string;
  const enroll = async (index: number, allocationId = allocation2022) => {
    const response = await federation.query(ENROLL, {
      input: { nik: storyWorkers()[index].nik, allocationId, idempotencyKey: `rules-${index}` },
    });
    expect(response.errors).toBeUndefined();
    return response.data.enrollWorker.card.kpj as string;
  };
  /** Heirs are verified by a second person, never the one who added them (separation of duties). */
  const verifier = () => federation.actingAs('verifikator-ahli-waris');
  const pay = (kpj: string, paidOn: string, month?: string) =>
    federation.query(PAY, { kpj, month, paidOn, key: `rules-pay-${kpj}-${month ?? ''}-${paidOn}` });
  const INVOICE = `mutation($id: ID!, $month: YearMonth!) { issuePremiumInvoice(allocationId: $id, month: $month) { id workers } }`;
  /** The insurer invoices the city each month of 2022 through `last`, on the 1st of the next month; the city pays none. */
  const invoiceThrough = async (last: string) => {
    for (let m = 1; `2022-${String(m).padStart(2, '0')}` <= last; m++) {
      federation.clock.set(`2022-${String(m + 1).padStart(2, '0')}-01`);
      expect(
        (await federation.query(INVOICE, { id: allocation2022, month: `2022-${String(m).padStart(2, '0')}` })).errors,
      ).toBeUndefined();
    }
  };

  beforeAll(async () => {
    federation = await startFederation();
    // Enrolments below start with 2022: cover never starts before the day it is recorded.
    federation.clock.set('2022-01-01');
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
      expect(card.data.membershipCard).toEqual({
        status: 'NOT_COVERED',
        covered: 'ACTIVE',
        later: 'NOT_COVERED',
        now: 'NOT_COVERED',
        before: 'NOT_COVERED',
      });
      const byNik = await federation.query(`query($nik: String!) { worker(nik: $nik) { membership { status } } }`, {
        nik: worker.nik,
      });
      expect(byNik.data.worker.membership.status).toBe('NOT_COVERED');
      const list = await federation.query(
        `{ allocation(id: "81.71-2021-01") { fundedCards(first: 3) { nodes { kpj status } } } }`,
      );
      expect(list.data.allocation.fundedCards.nodes).toEqual(
        storyWorkers()
          .slice(0, 3)
          .map((w) => ({ kpj: w.kpj, status: 'NOT_COVERED' })),
      );
    });

    it('makes a card covered again when it is renewed, and INACTIVE once three invoiced months of the new period are unpaid past their due dates', async () => {
      const worker = storyWorkers()[1];
      federation.clock.set('2022-01-01');
      const renewed = await federation.query(
        `mutation($input: RenewalInput!) { renewCoverage(input: $input) { card { kpj } } }`,
        {
          input: { kpj: worker.kpj, allocationId: allocation2022, idempotencyKey: 'rules-renew-1' },
        },
      );
      expect(renewed.errors).toBeUndefined();
      // January to March are invoiced to the city and nobody pays; March is due on 15 April.
      await invoiceThrough('2022-03');
      const card = await federation.query(
        `query($kpj: ID!) { membershipCard(kpj: $kpj) { jan: statusOn(asOf: "2022-01-15") mar: statusOn(asOf: "2022-03-31") due: statusOn(asOf: "2022-04-15") apr: statusOn(asOf: "2022-04-16") next: statusOn(asOf: "2023-01-01") } }`,
        { kpj: worker.kpj },
      );
      expect(card.data.membershipCard).toEqual({
        jan: 'ACTIVE',
        mar: 'ACTIVE',
        due: 'ACTIVE',
        apr: 'INACTIVE',
        next: 'NOT_COVERED',
      });
    });
  });

  describe('a payment settles a named month; a lapse resumes with the next month paid', () => {
    it('pays the month named, collects no lapsed month, refuses a JKM claim on the lapsed day and resumes cover from the month paid', async () => {
      federation.clock.set('2022-01-01');
      const kpj = await enroll(2);
      // January to May invoiced to the city, nobody pays; in June the clerk is asked for January, then pays April.
      await invoiceThrough('2022-05');
      federation.clock.set('2022-06-10');
      const lapsed = await pay(kpj, '2022-06-10', '2022-01');
      expect(lapsed.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'MONTH_LAPSED' });
      const paid = await pay(kpj, '2022-06-10', '2022-04');
      expect(paid.errors).toBeUndefined();
      expect(paid.data.recordPremiumPayment).toMatchObject({ month: '2022-04', amount: 16_800 });
      const card = await federation.query(
        `query($kpj: ID!) { membershipCard(kpj: $kpj) { before: statusOn(asOf: "2022-06-09") after: statusOn(asOf: "2022-06-15") payments { nodes { month } } } }`,
        { kpj },
      );
      // January to April unpaid past their due dates lapse the card; April paid resumes it (May is due only on 15 June).
      expect(card.data.membershipCard).toEqual({
        before: 'INACTIVE',
        after: 'ACTIVE',
        payments: { nodes: [{ month: '2022-04' }] },
      });

      const heir = (
        await federation.query(
          `mutation($kpj: ID!) { addHeir(kpj: $kpj, fullName: "Nurhayati Sopacua", relationship: SPOUSE) { id } }`,
          { kpj },
        )
      ).data.addHeir;
      await federation.query(
        `mutation($id: ID!) { verifyHeir(heirId: $id) { id } }`,
        { id: heir.id },
        await verifier(),
      );
      const claim = await federation.query(`mutation($input: ClaimInput!) { fileClaim(input: $input) { id } }`, {
        input: { kpj, program: 'JKM', eventDate: '2022-06-09', heirId: heir.id, causeOfDeath: 'ILLNESS' },
      });
      // A death on the 9th, while four invoiced months were unpaid, is not covered.
      expect(claim.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'COVERAGE_NOT_ACTIVE' });
    });

    it('without a month, settles the oldest unpaid month in reach, months not invoiced to the city first, and pays a month once', async () => {
      federation.clock.set('2022-01-01');
      const kpj = await enroll(3);
      await invoiceThrough('2022-05');
      for (const paidOn of ['2022-06-20', '2022-06-21']) {
        federation.clock.set(paidOn);
        expect((await pay(kpj, paidOn)).errors).toBeUndefined();
      }
      // April and May are in reach but invoiced to the city: June, then July, are settled first.
      const named = await pay(kpj, '2022-06-21', '2022-04');
      expect(named.errors).toBeUndefined();
      const card = await federation.query(
        `query($kpj: ID!) { membershipCard(kpj: $kpj) { a: statusOn(asOf: "2022-06-19") b: statusOn(asOf: "2022-06-21") payments { nodes { month } } } }`,
        { kpj },
      );
      expect(card.data.membershipCard).toEqual({
        a: 'INACTIVE',
        b: 'ACTIVE',
        payments: { nodes: [{ month: '2022-04' }, { month: '2022-06' }, { month: '2022-07' }] },
      });
      federation.clock.set('2022-06-23');
      const alreadyPaid = await pay(kpj, '2022-06-23', '2022-06');
      expect(alreadyPaid.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_PAID' });
    });

    it('refuses a payment dated after today in Ambon', async () => {
      federation.clock.set('2022-06-23');
      const kpj = await enroll(4);
      const tomorrow = new Date(Date.parse(`${todayInAmbon()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const refused = await pay(kpj, tomorrow);
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FUTURE_DATE' });
    });
  });

  const addHeir = async (kpj: string, fullName: string, relationship: string, verify = true) => {
    const added = await federation.query(
      `mutation($kpj: ID!, $name: String!, $relationship: HeirRelationship!) { addHeir(kpj: $kpj, fullName: $name, relationship: $relationship) { id } }`,
      {
        kpj,
        name: fullName,
        relationship,
      },
    );
    expect(added.errors).toBeUndefined();
    if (verify)
      expect(
        (
          await federation.query(
            `mutation($id: ID!) { verifyHeir(heirId: $id) { id } }`,
            { id: added.data.addHeir.id },
            await verifier(),
          )
        ).errors,
      ).toBeUndefined();
    return added.data.addHeir.id as string;
  };
  const CLAIM = `mutation($input: ClaimInput!) {
    fileClaim(input: $input) { id amount causeOfDeath contributionMonths scholarshipEligible items { kind amount recipient heirId } }
  }`;
  const total = (items: { amount: number }[]) => items.reduce((sum, i) => sum + i.amount, 0);

  describe('heirs in legal order', () => {
    it('records only relationships the law recognises', async () => {
      const refused = await federation.query(
        `mutation($kpj: ID!) { addHeir(kpj: $kpj, fullName: "Tetangga Sebelah", relationship: NOT_AN_HEIR) { id } }`,
        { kpj: storyWorkers()[9].kpj },
      );
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      const neighbour = await federation.query(
        `mutation($kpj: ID!) { addHeir(kpj: $kpj, fullName: "Tetangga Sebelah", relationship: "tetangga") { id } }`,
        { kpj: storyWorkers()[9].kpj },
      );
      expect(neighbour.errors?.[0].extensions?.code).toMatch(/GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT/);
    });

    it('pays the first rank present, every heir of it in equal shares, and no later rank', async () => {
      const kpj = storyWorkers()[10].kpj; // seeded: covered and paid in 2021
      const parent = await addHeir(kpj, 'Johanis Pattimura', 'PARENT');
      await addHeir(kpj, 'Marthen Pattimura', 'SIBLING');
      const spouse = await addHeir(kpj, 'Maria Pattimura', 'SPOUSE');
      const child = await addHeir(kpj, 'Grace Pattimura', 'CHILD', false);

      const toParent = await federation.query(CLAIM, {
        input: { kpj, program: 'JKM', eventDate: '2021-07-01', causeOfDeath: 'ILLNESS', heirId: parent },
      });
      expect(toParent.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'HEIR_NOT_FIRST_RANK' });
      const childUnverified = await federation.query(CLAIM, {
        input: { kpj, program: 'JKM', eventDate: '2021-07-01', causeOfDeath: 'ILLNESS' },
      });
      expect(childUnverified.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'HEIR_NOT_VERIFIED' });
      await federation.query(`mutation($id: ID!) { verifyHeir(heirId: $id) { id } }`, { id: child }, await verifier());

      const filed = await federation.query(CLAIM, {
        input: { kpj, program: 'JKM', eventDate: '2021-07-01', causeOfDeath: 'ILLNESS' },
      });
      expect(filed.errors).toBeUndefined();
      const items = filed.data.fileClaim.items as { kind: string; amount: number; recipient: string; heirId: string }[];
      expect(new Set(items.map((i) => i.heirId))).toEqual(new Set([spouse, child]));
      expect(items.every((i) => i.recipient === 'HEIR')).toBe(true);
      for (const heir of [spouse, child]) expect(total(items.filter((i) => i.heirId === heir))).toBe(21_000_000);
      expect(filed.data.fileClaim.amount).toBe(42_000_000);
    });

    it('with no heir at all, gives the funeral benefit to whoever arranged the funeral and the rest to the social-security fund', async () => {
      const kpj = storyWorkers()[11].kpj;
      const arranger = await addHeir(kpj, 'Jemaat Negeri Soya', 'FUNERAL_ARRANGER');
      const filed = await federation.query(CLAIM, {
        input: { kpj, program: 'JKM', eventDate: '2021-08-02', causeOfDeath: 'ACCIDENT_NOT_AT_WORK' },
      });
      expect(filed.errors).toBeUndefined();
      expect(filed.data.fileClaim.items).toEqual(
        expect.arrayContaining([
          { kind: 'FUNERAL', amount: 10_000_000, recipient: 'FUNERAL_ARRANGER', heirId: arranger },
          { kind: 'LUMP_SUM', amount: 20_000_000, recipient: 'SOCIAL_SECURITY_FUND', heirId: null },
          { kind: 'PERIODIC', amount: 12_000_000, recipient: 'SOCIAL_SECURITY_FUND', heirId: null },
        ]),
      );
    });
  });

  describe('the JKM benefit, item by item', () => {
    it('is a lump sum of Rp 20,000,000, 24 × Rp 500,000 paid at once and a funeral benefit of Rp 10,000,000, with the cause of death recorded', async () => {
      const worker = storyWorkers()[12_000]; // enrolled in 2021
      const spouse = await addHeir(worker.kpj, 'Nurul Latuconsina', 'SPOUSE');
      const filed = await federation.query(CLAIM, {
        input: { kpj: worker.kpj, program: 'JKM', eventDate: '2021-07-20', causeOfDeath: 'ILLNESS' },
      });
      expect(filed.errors).toBeUndefined();
      // The city paid each month's invoice by the 15th of the next: January to June were paid by 20 July.
      expect(filed.data.fileClaim).toMatchObject({
        amount: 42_000_000,
        causeOfDeath: 'ILLNESS',
        contributionMonths: 6,
        scholarshipEligible: false,
      });
      expect(filed.data.fileClaim.items).toEqual([
        { kind: 'FUNERAL', amount: 10_000_000, recipient: 'HEIR', heirId: spouse },
        { kind: 'LUMP_SUM', amount: 20_000_000, recipient: 'HEIR', heirId: spouse },
        { kind: 'PERIODIC', amount: 12_000_000, recipient: 'HEIR', heirId: spouse },
      ]);
    });

    it('refuses a death by work accident (a JKK benefit) and a death without its cause', async () => {
      const kpj = storyWorkers()[13].kpj;
      await addHeir(kpj, 'Siti Sahetapy', 'SPOUSE');
      const work = await federation.query(CLAIM, {
        input: { kpj, program: 'JKM', eventDate: '2021-09-01', causeOfDeath: 'WORK_ACCIDENT' },
      });
      expect(work.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'DEATH_BY_WORK_ACCIDENT' });
      const noCause = await federation.query(CLAIM, { input: { kpj, program: 'JKM', eventDate: '2021-09-01' } });
      expect(noCause.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      const jkk = await federation.query(CLAIM, {
        input: { kpj, program: 'JKK', eventDate: '2021-09-01', benefits: [{ kind: 'WORK_ACCIDENT_DEATH' }] },
      });
      expect(jkk.errors).toBeUndefined();
      // 48 × the declared Rp 1,000,000, plus the periodic and funeral benefits, to the widow.
      expect(jkk.data.fileClaim.amount).toBe(48_000_000 + 12_000_000 + 10_000_000);
      const card = await federation.query(`query($kpj: ID!) { membershipCard(kpj: $kpj) { status closedOn } }`, {
        kpj,
      });
      expect(card.data.membershipCard).toEqual({ status: 'CLOSED', closedOn: '2021-09-01' });
    });
  });

  describe('JKK: one accident, one claim, benefits from the declared income', () => {
    const ADD = `mutation($id: ID!, $benefits: [BenefitInput!]!) { addClaimBenefits(claimId: $id, benefits: $benefits) { id amount items { kind amount recipient } } }`;

    it('computes each benefit from the declared income, attaches further benefits to the same claim and refuses a second claim or a free amount', async () => {
      const kpj = storyWorkers()[14].kpj;
      const huge = await federation.query(CLAIM, {
        input: { kpj, program: 'JKK', eventDate: '2021-03-10', amount: 9_000_000_000_000 },
      });
      expect(huge.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      const filed = await federation.query(CLAIM, {
        input: {
          kpj,
          program: 'JKK',
          eventDate: '2021-03-10',
          benefits: [
            { kind: 'MEDICAL_CARE', amount: 2_400_000, billReference: 'RSUD-HAULUSSY-0310' },
            { kind: 'TEMPORARY_INCAPACITY', days: 45 },
          ],
        },
      });
      expect(filed.errors).toBeUndefined();
      expect(filed.data.fileClaim.items).toEqual(
        expect.arrayContaining([
          { kind: 'MEDICAL_CARE', amount: 2_400_000, recipient: 'HEALTH_FACILITY', heirId: null },
          // 45 days from 10 March: the month to 10 April (31 days) and 14 of the 30 days to 10 May.
          { kind: 'TEMPORARY_INCAPACITY', amount: 1_466_667, recipient: 'MEMBER', heirId: null },
        ]),
      );
      const again = await federation.query(CLAIM, {
        input: { kpj, program: 'JKK', eventDate: '2021-03-10', benefits: [{ kind: 'TEMPORARY_INCAPACITY', days: 5 }] },
      });
      expect(again.errors?.[0].extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'ALREADY_CLAIMED',
        claimId: filed.data.fileClaim.id,
      });
      const added = await federation.query(ADD, {
        id: filed.data.fileClaim.id,
        benefits: [{ kind: 'PERMANENT_DISABILITY', disabilityPercent: 10 }],
      });
      expect(added.errors).toBeUndefined();
      // 10% × 80 × Rp 1,000,000 declared.
      expect(added.data.addClaimBenefits.amount).toBe(2_400_000 + 1_466_667 + 8_000_000);
      const percent = await federation.query(ADD, {
        id: filed.data.fileClaim.id,
        benefits: [{ kind: 'PERMANENT_DISABILITY', disabilityPercent: 900 }],
      });
      expect(percent.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    });

    it('still takes a claim for an accident before the death that closed the card, and none after it', async () => {
      const kpj = storyWorkers()[15].kpj;
      await addHeir(kpj, 'Yohanis Souisa', 'CHILD');
      expect(
        (
          await federation.query(CLAIM, {
            input: { kpj, program: 'JKM', eventDate: '2021-10-01', causeOfDeath: 'ILLNESS' },
          })
        ).errors,
      ).toBeUndefined();
      const before = await federation.query(CLAIM, {
        input: {
          kpj,
          program: 'JKK',
          eventDate: '2021-09-15',
          benefits: [{ kind: 'MEDICAL_CARE', amount: 750_000, billReference: 'RS-0915' }],
        },
      });
      expect(before.errors).toBeUndefined();
      const after = await federation.query(CLAIM, {
        input: {
          kpj,
          program: 'JKK',
          eventDate: '2021-10-02',
          benefits: [{ kind: 'MEDICAL_CARE', amount: 750_000, billReference: 'RS-1002' }],
        },
      });
      expect(after.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'CARD_CLOSED' });
    });
  });

  describe('realisation backed by invoices, at dated premium rates', () => {
    const BOOKS = `query($id: ID!) { allocation(id: $id) { fiscalYear ceiling committed realised paidAfterYearEnd invoices { id month workers amount status paidOn } } }`;

    it("realises the story year by year from the invoices paid within the year (December, paid in January, is the next year's payable), with PP 49/2020 months at 1% of the normal premium", async () => {
      const y2020 = (await federation.query(BOOKS, { id: '81.71-2020-01' })).data.allocation;
      const y2021 = (await federation.query(BOOKS, { id: '81.71-2021-01' })).data.allocation;
      for (const year of [y2020, y2021]) {
        expect(year.invoices).toHaveLength(12);
        expect(year.invoices.every((i: { status: string }) => i.status === 'PAID')).toBe(true);
        const sum = (invoices: { amount: number }[]) => invoices.reduce((total, i) => total + i.amount, 0);
        const withinYear = (i: { paidOn: string }) => i.paidOn <= `${year.fiscalYear}-12-31`;
        // The city pays each invoice by the 15th of the next month: only December's falls after the year closed.
        expect(
          year.invoices.filter((i: { paidOn: string }) => !withinYear(i)).map((i: { month: string }) => i.month),
        ).toEqual([`${year.fiscalYear}-12`]);
        expect(year.realised).toBe(sum(year.invoices.filter(withinYear)));
        expect(year.paidAfterYearEnd).toBe(sum(year.invoices.filter((i: { paidOn: string }) => !withinYear(i))));
      }
      const byMonth = (year: { invoices: { month: string; amount: number; workers: number }[] }, month: string) =>
        year.invoices.find((i) => i.month === month)!;
      expect(byMonth(y2020, '2020-07')).toMatchObject({ workers: 10_000, amount: 10_000 * 16_800 });
      expect(byMonth(y2020, '2020-08')).toMatchObject({ workers: 10_000, amount: 10_000 * 168 });
      // January 2021: the 10,000 renewed get the relief; the 15,000 who joined that month pay their first two months in full.
      expect(byMonth(y2021, '2021-01')).toMatchObject({ workers: 25_000, amount: 10_000 * 168 + 15_000 * 16_800 });
      expect(byMonth(y2021, '2021-02')).toMatchObject({ workers: 25_000, amount: 25_000 * 16_800 });
      // The pagu stays as budgeted; committed and realised show the relief; December's invoice is paid from the next APBD.
      expect(y2020).toMatchObject({
        ceiling: 2_016_000_000,
        committed: 1_184_400_000,
        realised: 1_184_400_000 - 10_000 * 168,
        paidAfterYearEnd: 10_000 * 168,
      });
      expect(y2021).toMatchObject({
        ceiling: 5_040_000_000,
        committed: 4_873_680_000,
        realised: 4_873_680_000 - 25_000 * 16_800,
        paidAfterYearEnd: 25_000 * 16_800,
      });

      const targets = await federation.query(
        `{ programmeTargets { targetCount y2020: progress(asOf: "2020-12-31") { coveredWorkers share } y2021: progress(asOf: "2021-12-31") { coveredWorkers share } } }`,
      );
      const [target] = targets.data.programmeTargets;
      const rp = (n: number) => `Rp ${n.toLocaleString('en')}`;
      const relief = (year: typeof y2020) =>
        year.invoices.filter((i: { month: string }) => i.month >= '2020-08' && i.month <= '2021-01');
      console.log(
        [
          ['2020', y2020, target.y2020],
          ['2021', y2021, target.y2021],
        ]
          .map(([label, year, progress]) =>
            [
              `APBD ${label}: pagu ${rp(year.ceiling)}, committed ${rp(year.committed)}, realised within the year ${rp(year.realised)}, paid after it ${rp(year.paidAfterYearEnd)}`,
              `  PP 49/2020 months: ${relief(year)
                .map((i: { month: string; amount: number }) => `${i.month} ${rp(i.amount)}`)
                .join(', ')}`,
              `  progress toward ${target.targetCount.toLocaleString('en')} on ${label}-12-31: ${progress.coveredWorkers.toLocaleString('en')} covered (${(progress.share * 100).toFixed(0)}%)`,
            ].join('\n'),
          )
          .join('\n'),
      );
    });

    it("answers the headline's monthlyPremium with the rate in force that day", async () => {
      const worker = storyWorkers()[0];
      const premium = await federation.query(
        `query($nik: String!) { worker(nik: $nik) { membership { a: coverage(asOf: "2020-07-31") { monthlyPremium } b: coverage(asOf: "2020-09-30") { monthlyPremium } c: coverage(asOf: "2021-06-30") { monthlyPremium } } } }`,
        { nik: worker.nik },
      );
      expect(premium.data.worker.membership).toEqual({
        a: { monthlyPremium: 16_800 },
        b: { monthlyPremium: 168 },
        c: { monthlyPremium: 16_800 },
      });
      // The city's totals follow the same rates: September 2020 is 10,000 workers at Rp 168.
      const city = await federation.query(
        `{ regency(code: "81.71") { relief: coverage(asOf: "2020-09-30") { coveredWorkers monthlyPremium } normal: coverage(asOf: "2021-06-30") { monthlyPremium } } }`,
      );
      expect(city.data.regency).toEqual({
        relief: { coveredWorkers: 10_000, monthlyPremium: 1_680_000 },
        normal: { monthlyPremium: 25_000 * 16_800 },
      });
    });

    it("invoices the city monthly for the workers an allocation covers, realises only paid invoices, and shows the city's and the worker's payments apart in a card's paid months", async () => {
      // Enrolled in December 2022 for cover from 1 January 2023; each later step happens on its day.
      federation.clock.set('2022-12-20');
      const allocation = (await openAllocation(federation, 2023, 3)).id;
      const kpjs = [];
      for (const index of [30, 31, 32]) {
        const response = await federation.query(ENROLL, {
          input: { nik: storyWorkers()[index].nik, allocationId: allocation, idempotencyKey: `rules-2023-${index}` },
        });
        expect(response.errors).toBeUndefined();
        kpjs.push(response.data.enrollWorker.card.kpj as string);
      }
      // The worker pays January himself.
      federation.clock.set('2023-01-20');
      expect((await pay(kpjs[0], '2023-01-20')).errors).toBeUndefined();
      // The third worker dies in January: February is invoiced for the two still covered.
      federation.clock.set('2023-01-26');
      await addHeir(kpjs[2], 'Halima Tuasikal', 'SPOUSE');
      expect(
        (
          await federation.query(CLAIM, {
            input: { kpj: kpjs[2], program: 'JKM', eventDate: '2023-01-25', causeOfDeath: 'ILLNESS' },
          })
        ).errors,
      ).toBeUndefined();
      federation.clock.set('2023-02-05');
      const invoice = await federation.query(
        `mutation($id: ID!) { issuePremiumInvoice(allocationId: $id, month: "2023-02", issuedOn: "2023-02-05") { id workers amount status } }`,
        { id: allocation },
      );
      expect(invoice.errors).toBeUndefined();
      expect(invoice.data.issuePremiumInvoice).toEqual({
        id: `${allocation}/2023-02`,
        workers: 2,
        amount: 2 * 16_800,
        status: 'ISSUED',
      });
      expect((await federation.query(BOOKS, { id: allocation })).data.allocation.realised).toBe(0);

      const PAY_INVOICE = `mutation($id: ID!, $month: YearMonth!, $paidOn: Date!, $key: String!) { recordFunderPayment(allocationId: $id, month: $month, paidOn: $paidOn, idempotencyKey: $key) { invoiceId amount paidOn } }`;
      federation.clock.set('2023-03-15');
      const paid = await federation.query(PAY_INVOICE, {
        id: allocation,
        month: '2023-02',
        paidOn: '2023-03-15',
        key: 'city-pays-2023-02',
      });
      expect(paid.errors).toBeUndefined();
      expect((await federation.query(BOOKS, { id: allocation })).data.allocation).toMatchObject({
        realised: 2 * 16_800,
        committed: 3 * 12 * 16_800,
      });
      federation.clock.set('2023-04-15');
      const unknown = await federation.query(PAY_INVOICE, {
        id: allocation,
        month: '2023-03',
        paidOn: '2023-04-15',
        key: 'city-pays-2023-03',
      });
      expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });

      // The worker paid January himself; the city paid February.
      const months = await federation.query(
        `query($kpj: ID!) { membershipCard(kpj: $kpj) { paidMonths { month paidBy paidOn invoiceId } } }`,
        { kpj: kpjs[0] },
      );
      const of2023 = months.data.membershipCard.paidMonths.filter((m: { month: string }) => m.month.startsWith('2023'));
      expect(of2023).toEqual([
        { month: '2023-01', paidBy: 'WORKER', paidOn: '2023-01-20', invoiceId: null },
        { month: '2023-02', paidBy: 'FUNDER', paidOn: '2023-03-15', invoiceId: `${allocation}/2023-02` },
      ]);
    });
  });

  describe('the 50,000 target as data', () => {
    it('names its owner, legal basis, count and date, and measures covered workers on a day against it', async () => {
      const response = await federation.query(
        `{ programmeTargets { id owner legalBasis areaCode targetCount targetDate
             end2020: progress(asOf: "2020-12-31") { coveredWorkers remaining share met }
             due: progress(asOf: "2021-12-31") { asOf coveredWorkers targetCount remaining share met } } }`,
        {},
        await federation.as('analyst'),
      );
      expect(response.errors).toBeUndefined();
      const [target] = response.data.programmeTargets;
      expect(target).toMatchObject({
        areaCode: '81.71',
        targetCount: 50_000,
        targetDate: '2021-12-31',
        legalBasis: 'Instruksi Presiden Nomor 2 Tahun 2021',
      });
      expect(target.owner).toMatch(/Wakil Walikota/);
      expect(target.end2020).toEqual({ coveredWorkers: 10_000, remaining: 40_000, share: 0.2, met: false });
      expect(target.due).toEqual({
        asOf: '2021-12-31',
        coveredWorkers: 25_000,
        targetCount: 50_000,
        remaining: 25_000,
        share: 0.5,
        met: false,
      });
    });
  });

  describe('smaller rules', () => {
    const allocation = (programs: string[], premiumPerWorkerMonth: number) =>
      federation.query(CREATE_ALLOCATION, {
        input: {
          funderId: '81.71',
          fiscalYear: 2024,
          legalBasis: 'Perwali Ambon tentang APBD 2024',
          ceiling: 10_000_000,
          premiumPerWorkerMonth,
          programs,
        },
      });

    it('opens allocations only for programs open to informal workers, at the premium of those programs and the bracket', async () => {
      expect((await allocation(['JKK', 'JKM', 'JP'], 16_800)).errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'PROGRAM_NOT_OPEN',
      });
      expect((await allocation(['JKM'], 6_800)).errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'PROGRAM_NOT_OPEN',
      });
      expect((await allocation(['JKK', 'JKM'], 20_000)).errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'PREMIUM_MISMATCH',
      });
      const withJht = await allocation(['JKK', 'JKM', 'JHT'], 36_800);
      expect(withJht.errors).toBeUndefined();
    });

    it('refuses to cover a worker under the minimum age on the first day of cover', async () => {
      federation.clock.set('2022-01-01');
      const nik = composeNik('81.71.03', '2005-06-01', 'FEMALE', 7);
      const registered = await federation.query(
        `mutation($input: WorkerRegistration!) { registerWorker(input: $input, idempotencyKey: "register-young") { nik } }`,
        {
          input: {
            nik,
            fullName: 'Novita Manuhutu',
            occupation: 'Market trader',
            villageCode: storyWorkers()[0].villageCode,
          },
        },
      );
      expect(registered.errors).toBeUndefined();
      const refused = await federation.query(ENROLL, {
        input: { nik, allocationId: allocation2022, idempotencyKey: 'young-2022' },
      });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'UNDER_MINIMUM_AGE' });
    });

    it('seeds only workers of the minimum age on their first day of cover, with occupations drawn by sex, and the story still reads 10,000, 25,000 and 50 villages', async () => {
      const workers = storyWorkers();
      const firstDay = (index: number) =>
        index < STORY_ALLOCATIONS[0].workers ? STORY_ALLOCATIONS[0].validFrom : STORY_ALLOCATIONS[1].validFrom;
      const underAge = workers.filter(
        (w) => `${Number(w.birthDate.slice(0, 4)) + MINIMUM_AGE}${w.birthDate.slice(4)}` > firstDay(w.index),
      );
      expect(underAge).toHaveLength(0);
      expect(workers.every((w) => OCCUPATIONS_BY_SEX[w.sex].includes(w.occupation))).toBe(true);
      expect(workers.some((w) => w.sex === 'MALE' && w.occupation === 'Domestic worker')).toBe(false);

      const story = await federation.query(
        `{ regency(code: "81.71") { districts { villages { code } } a: coverage(asOf: "2020-06-30") { coveredWorkers } b: coverage(asOf: "2021-06-30") { coveredWorkers } } }`,
      );
      expect(story.errors).toBeUndefined();
      const regency = story.data.regency;
      expect(regency.districts.flatMap((d: { villages: unknown[] }) => d.villages)).toHaveLength(50);
      expect([regency.a.coveredWorkers, regency.b.coveredWorkers]).toEqual([10_000, 25_000]);
    });
  });
});
