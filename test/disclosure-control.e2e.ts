/**
 * A worker of Urimessing (81.71.02.1011) dies on 14 June 2021 and has a work accident's care
 * claimed the same month. Who asks without `personal-data:read` (an analyst, a budget officer,
 * a partner agency) must not learn from counts, claims or status history that this person died,
 * nor on which day: small cells are withheld, the rest rounded, and history is answered at the
 * end of a month. Who may read personal data (the insurer) keeps exact answers.
 */
import { storyWorkers } from '../domain/seed-story';
import { Federation, startFederation } from './support/federation';
import { onDay } from './support/writes';

const VILLAGE = '81.71.02.1011';
const DISTRICT = '81.71.02';
const DEATH = '2021-06-14';

const STATUS_COUNTS = `query($area: ID!, $day: Date!) { cardStatusCounts(areaCode: $area, asOf: $day) { status cards suppressed } }`;
const CLAIM_TOTALS = `query($area: ID!, $day: Date!) { claimTotals(areaCode: $area, from: $day, until: $day, basis: FILED) { program month claims amount suppressed } }`;
const CARD = `query($kpj: ID!, $before: Date!, $on: Date!) { membershipCard(kpj: $kpj) { kpj
  before: statusOn(asOf: $before) on: statusOn(asOf: $on) } }`;
const CARD_CLAIMS = `query($kpj: ID!) { membershipCard(kpj: $kpj) { closedOn claims { nodes { program eventDate causeOfDeath items { kind recipient basis } } } } }`;

/** The rule, from an exact count: withheld from 1 to 4, otherwise the nearest multiple of 5. */
const disclosed = (count: number) => (count === 0 ? 0 : count < 5 ? null : Math.round(count / 5) * 5);

describe('counts and status history single nobody out for callers without personal-data:read', () => {
  let federation: Federation;
  const inVillage = storyWorkers().filter((w) => w.villageCode === VILLAGE);
  const [dead, injured] = inVillage;
  const ask = async (headers: Record<string, string>, query: string, variables: Record<string, unknown>) => {
    const response = await federation.query(query, variables, headers);
    expect(response.errors).toBeUndefined();
    return response.data;
  };

  beforeAll(async () => {
    federation = await startFederation();
    // The death is reported six days later, and an accident's care is claimed the same day.
    await onDay(federation, '2021-06-20', async () => {
      const heir = (
        await federation.query(
          `mutation($kpj: ID!) { addHeir(kpj: $kpj, fullName: "Hadija Tuasikal", relationship: SPOUSE) { id } }`,
          { kpj: dead.kpj },
        )
      ).data.addHeir;
      await federation.query(
        `mutation($id: ID!) { verifyHeir(heirId: $id) { id } }`,
        { id: heir.id },
        await federation.actingAs('verifikator-ahli-waris'),
      );
      const clerk = await federation.actingAs('petugas-klaim');
      const claims = [
        { kpj: dead.kpj, program: 'JKM', eventDate: DEATH, heirId: heir.id, causeOfDeath: 'ILLNESS' },
        {
          kpj: injured.kpj,
          program: 'JKK',
          eventDate: '2021-06-18',
          benefits: [{ kind: 'MEDICAL_CARE', amount: 21_000_000, billReference: 'RSUD-HAULUSSY-0618' }],
        },
      ];
      for (const input of claims) {
        const filed = await federation.query(
          `mutation($input: ClaimInput!) { fileClaim(input: $input) { id } }`,
          { input },
          clerk,
        );
        expect(filed.errors).toBeUndefined();
      }
    });
    federation.clock.set('2021-08-02');
  });
  afterAll(async () => federation?.stop());

  it("does not date a village's death to the day, nor show a cell of one, to an analyst", async () => {
    const analyst = await federation.as('analyst');
    const dayBefore = await ask(analyst, STATUS_COUNTS, { area: VILLAGE, day: '2021-06-13' });
    const dayOf = await ask(analyst, STATUS_COUNTS, { area: VILLAGE, day: DEATH });
    // Both days are answered as of 31 May: the two answers cannot differ by the death.
    expect(dayOf).toEqual(dayBefore);
    expect(dayOf.cardStatusCounts.find((row: any) => row.status === 'CLOSED')).toBeUndefined();
    // At the end of June the death is a cell of one: withheld, not counted.
    const monthEnd = await ask(analyst, STATUS_COUNTS, { area: VILLAGE, day: '2021-07-10' });
    expect(monthEnd.cardStatusCounts.find((row: any) => row.status === 'CLOSED')).toEqual({
      status: 'CLOSED',
      cards: null,
      suppressed: true,
    });

    // The insurer reads the persons themselves: exact, to the day.
    const insurer = await ask(await federation.as('insurer-officer'), STATUS_COUNTS, { area: VILLAGE, day: DEATH });
    expect(insurer.cardStatusCounts.find((row: any) => row.status === 'CLOSED')).toEqual({
      status: 'CLOSED',
      cards: 1,
      suppressed: false,
    });
  });

  it('answers every cell of a district and its villages by the rule, so no total minus its parts gives a withheld cell back', async () => {
    const analyst = await federation.as('analyst');
    const insurer = await federation.as('insurer-officer');
    const villages = [
      ...new Set(
        storyWorkers()
          .filter((w) => w.villageCode.startsWith(`${DISTRICT}.`))
          .map((w) => w.villageCode),
      ),
    ];
    const published = new Map<string, number | null>();
    let withheld = 0;
    for (const area of [DISTRICT, ...villages]) {
      const exact = (await ask(insurer, STATUS_COUNTS, { area, day: '2021-06-30' })).cardStatusCounts;
      const answered = (await ask(analyst, STATUS_COUNTS, { area, day: '2021-06-30' })).cardStatusCounts;
      expect(answered).toEqual(
        exact.map((row: any) => ({
          status: row.status,
          cards: disclosed(row.cards),
          suppressed: disclosed(row.cards) === null,
        })),
      );
      for (const row of answered) published.set(`${area} ${row.status}`, row.cards);
      withheld += answered.filter((row: any) => row.suppressed).length;
    }
    expect(withheld).toBeGreaterThan(0);
    // The one death: the district's cell and the village's are both withheld.
    expect(published.get(`${DISTRICT} CLOSED`)).toBeNull();
    expect(published.get(`${VILLAGE} CLOSED`)).toBeNull();
    // Every published count is off by up to 2: the district minus its villages stays a range wider than a withheld cell.
    const active = published.get(`${DISTRICT} ACTIVE`) as number;
    const parts = villages.map((v) => published.get(`${v} ACTIVE`) ?? 0);
    expect(active % 5).toBe(0);
    expect(parts.every((n) => n % 5 === 0)).toBe(true);
  });

  it('totals claims of a village by whole months, withholding a claim of one', async () => {
    const analyst = await federation.as('analyst');
    const oneDay = await ask(analyst, CLAIM_TOTALS, { area: VILLAGE, day: '2021-06-20' });
    expect(oneDay.claimTotals).toEqual([
      { program: 'JKK', month: '2021-06', claims: null, amount: null, suppressed: true },
      { program: 'JKM', month: '2021-06', claims: null, amount: null, suppressed: true },
    ]);
    const insurer = await ask(await federation.as('insurer-officer'), CLAIM_TOTALS, {
      area: VILLAGE,
      day: '2021-06-20',
    });
    expect(insurer.claimTotals).toEqual([
      { program: 'JKK', month: '2021-06', claims: 1, amount: 21_000_000, suppressed: false },
      { program: 'JKM', month: '2021-06', claims: 1, amount: 42_000_000, suppressed: false },
    ]);
  });

  it("masks a claim's date, cause and items like the date the card closed, for a budget officer", async () => {
    const budget = await ask(await federation.as('budget-officer'), CARD_CLAIMS, { kpj: dead.kpj });
    expect(budget.membershipCard).toEqual({
      closedOn: '****-**-**',
      claims: {
        nodes: [
          {
            program: 'JKM',
            eventDate: '****-**-**',
            causeOfDeath: '****',
            items: expect.arrayContaining([{ kind: '****', recipient: '****', basis: '****' }]),
          },
        ],
      },
    });
    const insurer = await ask(await federation.as('insurer-officer'), CARD_CLAIMS, { kpj: dead.kpj });
    expect(insurer.membershipCard.claims.nodes[0]).toMatchObject({ eventDate: DEATH, causeOfDeath: 'ILLNESS' });
  });

  it('answers status history at the end of a month, so asking day by day cannot bisect the date of death', async () => {
    for (const role of ['budget-officer', 'partner-agency'] as const) {
      const card = (await ask(await federation.as(role), CARD, { kpj: dead.kpj, before: '2021-06-13', on: DEATH }))
        .membershipCard;
      expect({ role, ...card }).toEqual({ role, kpj: dead.kpj, before: 'ACTIVE', on: 'ACTIVE' });
      const later = (
        await ask(await federation.as(role), CARD, { kpj: dead.kpj, before: '2021-06-30', on: '2021-07-01' })
      ).membershipCard;
      expect({ role, ...later }).toEqual({ role, kpj: dead.kpj, before: 'CLOSED', on: 'CLOSED' });
    }
    const insurer = (
      await ask(await federation.as('insurer-officer'), CARD, { kpj: dead.kpj, before: '2021-06-13', on: DEATH })
    ).membershipCard;
    expect(insurer).toEqual({ kpj: dead.kpj, before: 'ACTIVE', on: 'CLOSED' });
  });
});
