/**
 * Four eyes on every rupiah of a claim, told as three insurer officers meet it: whoever puts money
 * on a claim (files it, adds an item) never pays it; a bill out of the ordinary waits for a second
 * officer; claims reporting separates money paid out from money the fund keeps; and the JKK
 * benefits of one accident are counted across all the items of its claim.
 */
import { Federation, startFederation } from './support/federation';
import { storyWorkers } from '../domain/seed-story';
import { sql } from './support/writes';

const FILE = `mutation($input: ClaimInput!) { fileClaim(input: $input) { id amount status items { id kind amount recipient billReference days disabilityPercent needsApproval approved recordedAt } } }`;
const ADD = `mutation($id: ID!, $benefits: [BenefitInput!]!) { addClaimBenefits(claimId: $id, benefits: $benefits) { id amount items { id kind amount days disabilityPercent needsApproval approved } } }`;
const APPROVE = `mutation($id: ID!) { approveClaimItem(itemId: $id) { id approved } }`;
const PAY = `mutation($id: ID!, $key: String!) { payClaim(claimId: $id, idempotencyKey: $key) { id status amount paidAt } }`;
const TOTALS = `query($from: Date!, $until: Date!, $basis: ClaimMonthBasis) {
  claimTotals(from: $from, until: $until, basis: $basis) { program status month claims amount paidToRecipients retainedByFund }
}`;

describe('four eyes on every rupiah of a claim', () => {
  let federation: Federation;
  const officer = (name: 'a' | 'b' | 'c') => federation.actingAs(`officer-${name}`);
  const care = (amount: number, billReference = `RSUD-HAULUSSY-${amount}`) => ({
    kind: 'MEDICAL_CARE',
    amount,
    billReference,
  });
  const kpjOf = (index: number) => storyWorkers()[index].kpj; // seeded: ACTIVE all of 2021

  beforeAll(async () => {
    federation = await startFederation();
  });
  afterAll(async () => federation?.stop());

  it('refuses payment by an officer who added an item to the claim, and records who added each item and when', async () => {
    federation.clock.set('2022-02-10');
    const filed = await federation.query(
      FILE,
      { input: { kpj: kpjOf(30), program: 'JKK', eventDate: '2021-05-03', benefits: [care(1_000_000)] } },
      await officer('a'),
    );
    expect(filed.errors).toBeUndefined();
    const claimId = filed.data.fileClaim.id;
    expect(filed.data.fileClaim.items).toEqual([
      expect.objectContaining({
        billReference: 'RSUD-HAULUSSY-1000000',
        recordedAt: '2022-02-10T01:00:00.000Z',
        needsApproval: false,
        approved: true,
      }),
    ]);

    federation.clock.advanceDays(1);
    const added = await federation.query(ADD, { id: claimId, benefits: [care(20_000_000)] }, await officer('b'));
    expect(added.errors).toBeUndefined();
    expect(added.data.addClaimBenefits.amount).toBe(21_000_000);

    const byAdder = await federation.query(PAY, { id: claimId, key: 'four-eyes-b' }, await officer('b'));
    expect(byAdder.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SEPARATION_OF_DUTIES' });
    const byFiler = await federation.query(PAY, { id: claimId, key: 'four-eyes-a' }, await officer('a'));
    expect(byFiler.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SEPARATION_OF_DUTIES' });
    federation.clock.advanceDays(1);
    const paid = await federation.query(PAY, { id: claimId, key: 'four-eyes-c' }, await officer('c'));
    expect(paid.data.payClaim).toEqual({
      id: claimId,
      status: 'PAID',
      amount: 21_000_000,
      paidAt: '2022-02-12T01:00:00.000Z',
    });
  });

  it('bounds a bill, asks for its reference, and holds one above the plausibility cap for a second officer', async () => {
    federation.clock.set('2022-03-10');
    const file = (index: number, benefits: unknown[]) =>
      officer('a').then((a) =>
        federation.query(FILE, { input: { kpj: kpjOf(index), program: 'JKK', eventDate: '2021-05-03', benefits } }, a),
      );
    for (const amount of [9_007_199_254_740_991, 10_000_000_001, 0]) {
      expect((await file(34, [care(amount)])).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect((await file(34, [{ kind: 'MEDICAL_CARE', amount: 1_000_000 }])).errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect((await file(34, [care(1_000_000, '  ')])).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });

    // The largest bills accepted, two to a claim on two cards: every total stays exact.
    const largest = [
      await file(34, [care(10_000_000_000), care(10_000_000_000, 'RSUD-2')]),
      await file(35, [care(10_000_000_000), care(150_000_000)]),
    ];
    for (const claim of largest) expect(claim.errors).toBeUndefined();
    const [first, second] = largest.map((c) => c.data.fileClaim);
    expect(
      second.items.map((i: { needsApproval: boolean; approved: boolean }) => [i.needsApproval, i.approved]),
    ).toEqual([
      [true, false],
      [true, false],
    ]);
    const unapproved = await federation.query(PAY, { id: first.id, key: 'largest-unapproved' }, await officer('c'));
    expect(unapproved.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ITEM_NOT_APPROVED' });
    const byFiler = await federation.query(APPROVE, { id: first.items[0].id }, await officer('a'));
    expect(byFiler.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SEPARATION_OF_DUTIES' });
    for (const claim of [first, second]) {
      for (const item of claim.items)
        expect((await federation.query(APPROVE, { id: item.id }, await officer('b'))).data.approveClaimItem).toEqual({
          id: item.id,
          approved: true,
        });
      expect(
        (await federation.query(PAY, { id: claim.id, key: `largest-${claim.id}` }, await officer('c'))).data.payClaim
          .status,
      ).toBe('PAID');
    }
    const totals = await federation.query(
      TOTALS,
      { from: '2022-03-01', until: '2022-03-31', basis: 'PAID' },
      await federation.as('insurer-officer'),
    );
    expect(totals.errors).toBeUndefined();
    expect(totals.data.claimTotals).toEqual([
      {
        program: 'JKK',
        status: 'PAID',
        month: '2022-03',
        claims: 2,
        amount: 30_150_000_000,
        paidToRecipients: 30_150_000_000,
        retainedByFund: 0,
      },
    ]);
  });

  it('reports money the fund keeps apart from money paid, and lets nobody who vouched for a recipient pay', async () => {
    federation.clock.set('2022-04-10');
    const kpj = kpjOf(31);
    const arranger = await federation.query(
      `mutation($kpj: ID!) { addHeir(kpj: $kpj, fullName: "Jemaat Negeri Soya", relationship: FUNERAL_ARRANGER) { id } }`,
      { kpj },
      await officer('a'),
    );
    expect(
      (
        await federation.query(
          `mutation($id: ID!) { verifyHeir(heirId: $id) { id } }`,
          { id: arranger.data.addHeir.id },
          await officer('b'),
        )
      ).errors,
    ).toBeUndefined();
    const filed = await federation.query(
      FILE,
      { input: { kpj, program: 'JKM', eventDate: '2021-06-05', causeOfDeath: 'ILLNESS' } },
      await federation.actingAs('officer-d'),
    );
    expect(filed.errors).toBeUndefined();
    const byVerifier = await federation.query(PAY, { id: filed.data.fileClaim.id, key: 'jkm-b' }, await officer('b'));
    expect(byVerifier.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SEPARATION_OF_DUTIES' });
    expect(
      (await federation.query(PAY, { id: filed.data.fileClaim.id, key: 'jkm-c' }, await officer('c'))).data.payClaim
        .status,
    ).toBe('PAID');

    const totals = await federation.query(
      TOTALS,
      { from: '2022-04-01', until: '2022-04-30' },
      await federation.as('insurer-officer'),
    );
    // Rp 10,000,000 to whoever arranged the funeral; Rp 32,000,000 stays in the social-security fund.
    expect(totals.data.claimTotals).toEqual([
      {
        program: 'JKM',
        status: 'PAID',
        month: '2022-04',
        claims: 1,
        amount: 42_000_000,
        paidToRecipients: 10_000_000,
        retainedByFund: 32_000_000,
      },
    ]);
  });

  it('pays total disability once per accident and counts incapacity across the items, 12 calendar months at 100% then 50%', async () => {
    federation.clock.set('2022-05-10');
    // 2021 is a year of whole months from 1 January: 181 days are January to June, six months' income.
    const filed = await federation.query(
      FILE,
      {
        input: {
          kpj: kpjOf(32),
          program: 'JKK',
          eventDate: '2021-01-01',
          benefits: [
            { kind: 'TEMPORARY_INCAPACITY', days: 181 },
            { kind: 'PERMANENT_DISABILITY', disabilityPercent: 100 },
          ],
        },
      },
      await officer('a'),
    );
    expect(filed.errors).toBeUndefined();
    expect(filed.data.fileClaim.items.map((i: { kind: string; amount: number }) => [i.kind, i.amount])).toEqual([
      ['PERMANENT_DISABILITY', 56_000_000],
      ['TEMPORARY_INCAPACITY', 6_000_000],
    ]);
    const claimId = filed.data.fileClaim.id;
    for (const percent of [100, 10]) {
      const again = await federation.query(
        ADD,
        { id: claimId, benefits: [{ kind: 'PERMANENT_DISABILITY', disabilityPercent: percent }] },
        await officer('b'),
      );
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'DISABILITY_ABOVE_TOTAL' });
    }
    // 215 more days: July to December (184) at 100%, Rp 6,000,000; then January 2022 (31), past the first 12 months, at 50%.
    const later = await federation.query(
      ADD,
      { id: claimId, benefits: [{ kind: 'TEMPORARY_INCAPACITY', days: 215 }] },
      await officer('b'),
    );
    expect(later.errors).toBeUndefined();
    expect(later.data.addClaimBenefits.amount).toBe(56_000_000 + 6_000_000 + 6_500_000);

    const twoInOne = await federation.query(
      FILE,
      {
        input: {
          kpj: kpjOf(33),
          program: 'JKK',
          eventDate: '2021-02-01',
          benefits: [
            { kind: 'PERMANENT_DISABILITY', disabilityPercent: 100 },
            { kind: 'PERMANENT_DISABILITY', disabilityPercent: 100 },
          ],
        },
      },
      await officer('a'),
    );
    expect(twoInOne.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'DISABILITY_ABOVE_TOTAL' });
    // 12 calendar months from 1 February 2021 are 365 days: twelve months' income, not 365 / 30 of it.
    const year = await federation.query(
      FILE,
      {
        input: {
          kpj: kpjOf(33),
          program: 'JKK',
          eventDate: '2021-02-01',
          benefits: [{ kind: 'TEMPORARY_INCAPACITY', days: 365 }],
        },
      },
      await officer('a'),
    );
    expect(year.data.fileClaim.amount).toBe(12_000_000);
  });

  it('names the officer of each step on the record itself, written whole by its insert: who added the heir, who verified them, who filed the claim', async () => {
    federation.clock.set('2022-06-10');
    const kpj = kpjOf(36);
    // Every later UPDATE of an heir or a claim is noted: a step whose officer came in a second statement would show here.
    await sql(
      federation,
      'membership',
      `CREATE TABLE noted_update (entity text, id uuid);
       CREATE FUNCTION note_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO noted_update VALUES (TG_TABLE_NAME, NEW.id); RETURN NEW; END $$;
       CREATE TRIGGER heir_updated AFTER UPDATE ON heir FOR EACH ROW EXECUTE FUNCTION note_update();
       CREATE TRIGGER claim_updated AFTER UPDATE ON claim FOR EACH ROW EXECUTE FUNCTION note_update();`,
    );
    try {
      const added = await federation.query(
        `mutation($kpj: ID!) { addHeir(kpj: $kpj, fullName: "Maria Pattinama", relationship: SPOUSE) { id } }`,
        { kpj },
        await officer('a'),
      );
      expect(added.errors).toBeUndefined();
      const heirId = added.data.addHeir.id;
      expect(
        (
          await federation.query(
            `mutation($id: ID!) { verifyHeir(heirId: $id) { id verified } }`,
            { id: heirId },
            await officer('b'),
          )
        ).data.verifyHeir,
      ).toEqual({ id: heirId, verified: true });
      const filed = await federation.query(
        FILE,
        { input: { kpj, program: 'JKM', eventDate: '2021-06-07', causeOfDeath: 'ILLNESS' } },
        await officer('c'),
      );
      expect(filed.errors).toBeUndefined();
      const claimId = filed.data.fileClaim.id;

      expect(
        await sql(federation, 'membership', 'SELECT added_by, verified_by, verified FROM heir WHERE id = $1', [heirId]),
      ).toEqual([{ added_by: 'officer-a', verified_by: 'officer-b', verified: true }]);
      expect(
        await sql(federation, 'membership', 'SELECT filed_by, paid_by FROM claim WHERE id = $1', [claimId]),
      ).toEqual([{ filed_by: 'officer-c', paid_by: null }]);
      // The verification is the one update; adding the heir and filing the claim are each one insert.
      expect(await sql(federation, 'membership', 'SELECT entity, id FROM noted_update')).toEqual([
        { entity: 'heir', id: heirId },
      ]);

      const trail = async (entity: string, id: string) =>
        (
          await federation.query(
            `query($entity: String, $id: String) { membershipAuditTrail(entity: $entity, entityId: $id) { nodes { actor operation newValue } } }`,
            { entity, id },
            await federation.actingAs('auditor'),
          )
        ).data.membershipAuditTrail.nodes;
      expect(await trail('heir', heirId)).toEqual([
        {
          actor: 'officer-a',
          operation: 'addHeir',
          newValue: expect.objectContaining({ addedBy: 'officer-a', verifiedBy: null, verified: false }),
        },
        {
          actor: 'officer-b',
          operation: 'verifyHeir',
          newValue: { verified: true, addedBy: 'officer-a', verifiedBy: 'officer-b' },
        },
      ]);
      expect(await trail('claim', claimId)).toEqual([
        {
          actor: 'officer-c',
          operation: 'fileClaim',
          newValue: expect.objectContaining({ filedBy: 'officer-c', status: 'FILED' }),
        },
      ]);
    } finally {
      await sql(
        federation,
        'membership',
        'DROP TRIGGER heir_updated ON heir; DROP TRIGGER claim_updated ON claim; DROP FUNCTION note_update(); DROP TABLE noted_update;',
      );
    }
  });
});
