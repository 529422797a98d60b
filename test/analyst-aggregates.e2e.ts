/**
 * The programme's figures through the graph: every aggregate is checked against counts taken
 * independently, straight from each owner's tables, as the insurer reads them (exactly); an
 * analyst (Bappeda), who may not read persons, gets the same figures under the disclosure-control
 * rule (test/disclosure-control.e2e.ts holds the rule's own story).
 */
import { storyWorkers } from '../domain/seed-story';
import { Federation, startFederation } from './support/federation';
import { sql } from './support/writes';

const monthEnds = (year: number) =>
  Array.from({ length: 12 }, (_, m) => new Date(Date.UTC(year, m + 1, 0)).toISOString().slice(0, 10));

/** The rule, from an exact count: withheld from 1 to 4, otherwise the nearest multiple of 5. */
const disclosed = (count: number) => (count === 0 ? 0 : count < 5 ? null : Math.round(count / 5) * 5);

describe("the aggregates agree with the owners' own tables", () => {
  let federation: Federation;
  let analyst: Record<string, string>;
  let insurer: Record<string, string>;
  const asked =
    (headers: () => Record<string, string>) =>
    async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await federation.query(query, variables, headers());
      expect(response.errors).toBeUndefined();
      return response.data;
    };
  const exactly = asked(() => insurer);
  const asAnalyst = asked(() => analyst);
  const covered = async (area: string, day: string, length: number) =>
    (
      await sql(
        federation,
        'membership',
        `SELECT count(DISTINCT kpj)::int AS n FROM coverage_period WHERE left(village_code, ${length}) = $1 AND valid_from <= $2 AND valid_until >= $2`,
        [area, day],
      )
    )[0].n;
  const registered = async (area: string, day: string, length: number) =>
    (
      await sql(
        federation,
        'population',
        `SELECT count(*)::int AS n FROM worker WHERE left(village_code, ${length}) = $1 AND registered_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Jayapura'`,
        [area, day],
      )
    )[0].n;

  beforeAll(async () => {
    federation = await startFederation();
    // Enrolments below start with 2022: cover never starts before the day it is recorded.
    federation.clock.set('2022-01-01');
    analyst = await federation.as('analyst');
    insurer = await federation.as('insurer-officer');
  });
  afterAll(async () => federation?.stop());

  it('gives the city month by month over 2020-2021: covered, registered and the share, 24 points', async () => {
    const data = await exactly(
      `{ coverageSeries(areaCode: "81.71", from: "2020-01-01", until: "2021-12-31") { areaCode asOf registeredWorkers coveredWorkers share } }`,
    );
    const days = [...monthEnds(2020), ...monthEnds(2021)];
    expect(data.coverageSeries.map((p: any) => p.asOf)).toEqual(days);
    for (const point of data.coverageSeries) {
      const [c, r] = [await covered('81.71', point.asOf, 5), await registered('81.71', point.asOf, 5)];
      expect(point).toEqual({
        areaCode: '81.71',
        asOf: point.asOf,
        coveredWorkers: c,
        registeredWorkers: r,
        share: c / r,
      });
    }
    // The story: 10,000 covered through 2020, 25,000 through 2021; the 15,000 registered during the second half of 2020.
    expect(data.coverageSeries[5]).toMatchObject({ coveredWorkers: 10_000, registeredWorkers: 10_000, share: 1 });
    expect(data.coverageSeries[23]).toMatchObject({ coveredWorkers: 25_000, registeredWorkers: 25_000 });
    expect(data.coverageSeries[8].registeredWorkers).toBeGreaterThan(10_000);
    expect(data.coverageSeries[8].share).toBeLessThan(1);
    const ruled = await asAnalyst(
      `{ coverageSeries(areaCode: "81.71", from: "2020-01-01", until: "2021-12-31") { registeredWorkers coveredWorkers share suppressed } }`,
    );
    expect(ruled.coverageSeries).toEqual(
      data.coverageSeries.map((p: any) => ({
        registeredWorkers: p.registeredWorkers,
        coveredWorkers: disclosed(p.coveredWorkers),
        share: p.registeredWorkers ? disclosed(p.coveredWorkers)! / p.registeredWorkers : null,
        suppressed: false,
      })),
    );
  });

  it('counts day by day over a range, in a village', async () => {
    const village = storyWorkers()[0].villageCode;
    const data = await exactly(
      `query($v: ID!) { coverageSeries(areaCode: $v, from: "2020-12-30", until: "2021-01-02", interval: DAY) { asOf coveredWorkers registeredWorkers } }`,
      { v: village },
    );
    expect(data.coverageSeries.map((p: any) => p.asOf)).toEqual([
      '2020-12-30',
      '2020-12-31',
      '2021-01-01',
      '2021-01-02',
    ]);
    for (const point of data.coverageSeries) {
      expect(point.coveredWorkers).toBe(await covered(village, point.asOf, 13));
      expect(point.registeredWorkers).toBe(await registered(village, point.asOf, 13));
    }
    expect(data.coverageSeries[2].coveredWorkers).toBeGreaterThan(data.coverageSeries[1].coveredWorkers);
  });

  it('answers coverage per district and per village on 2021-06-30 with the registered count beside', async () => {
    const data =
      await exactly(`{ regency(code: "81.71") { districts { code statistics(asOf: "2021-06-30") { registeredWorkers coveredWorkers share }
      villages { code statistics(asOf: "2021-06-30") { registeredWorkers coveredWorkers } } } } }`);
    const districts = data.regency.districts;
    expect(districts).toHaveLength(5);
    let villages = 0;
    for (const district of districts) {
      expect(district.statistics.coveredWorkers).toBe(await covered(district.code, '2021-06-30', 8));
      expect(district.statistics.registeredWorkers).toBe(await registered(district.code, '2021-06-30', 8));
      for (const village of district.villages) {
        villages++;
        expect(village.statistics.registeredWorkers).toBe(await registered(village.code, '2021-06-30', 13));
        expect(village.statistics.coveredWorkers).toBe(await covered(village.code, '2021-06-30', 13));
      }
    }
    expect(villages).toBe(50);
    expect(districts.reduce((sum: number, d: any) => sum + d.statistics.coveredWorkers, 0)).toBe(25_000);
  });

  it('measures the 50,000 target month by month', async () => {
    const data = await exactly(
      `{ programmeTargets { id targetCount areaCode progressSeries(from: "2020-01-01", until: "2021-12-31") { asOf coveredWorkers remaining share met } } }`,
    );
    const [target] = data.programmeTargets;
    expect(target.targetCount).toBe(50_000);
    expect(target.progressSeries).toHaveLength(24);
    for (const point of target.progressSeries) {
      const c = await covered(target.areaCode, point.asOf, 5);
      expect(point).toEqual({
        asOf: point.asOf,
        coveredWorkers: c,
        remaining: 50_000 - c,
        share: c / 50_000,
        met: false,
      });
    }
    expect(target.progressSeries[23]).toMatchObject({ asOf: '2021-12-31', coveredWorkers: 25_000, share: 0.5 });
  });

  it('counts cards by status on a day, and the cards that lapse next month', async () => {
    // One question a request, as a dashboard asks them: each is a whole city's cards.
    const data: Record<string, unknown> = {};
    for (const [alias, field] of [
      ['mid2020', 'cardStatusCounts(areaCode: "81.71", asOf: "2020-06-30") { status cards }'],
      ['mid2021', 'cardStatusCounts(areaCode: "81.71", asOf: "2021-06-30") { status cards }'],
      ['after', 'cardStatusCounts(areaCode: "81.71", asOf: "2022-01-15") { status cards }'],
      ['november2021', 'lapsingCards(areaCode: "81.71", asOf: "2021-11-15") { month count }'],
      ['november2020', 'lapsingCards(areaCode: "81.71", asOf: "2020-11-15") { month count }'],
    ]) {
      Object.assign(data, await exactly(`{ ${alias}: ${field} }`));
    }
    const issued = async (day: string) =>
      (
        await sql(
          federation,
          'membership',
          "SELECT count(*)::int AS n FROM membership_card WHERE left(village_code, 5) = '81.71' AND issued_on <= $1",
          [day],
        )
      )[0].n;
    // Every month was paid by the city, so every card covered that day is ACTIVE.
    expect(data.mid2020).toEqual([{ status: 'ACTIVE', cards: await issued('2020-06-30') }]);
    expect(data.mid2021).toEqual([{ status: 'ACTIVE', cards: await covered('81.71', '2021-06-30', 5) }]);
    expect(data.after).toEqual([{ status: 'NOT_COVERED', cards: await issued('2022-01-15') }]);
    // 2021's cover ends in December for everyone; 2020's was renewed, so nothing lapsed then.
    const ending = (
      await sql(
        federation,
        'membership',
        "SELECT count(DISTINCT kpj)::int AS n FROM coverage_period p WHERE left(village_code, 5) = '81.71' AND valid_until = '2021-12-31' AND NOT EXISTS (SELECT 1 FROM coverage_period l WHERE l.kpj = p.kpj AND l.valid_from > p.valid_until)",
      )
    )[0].n;
    expect(data.november2021).toEqual({ month: '2021-12', count: ending });
    expect(ending).toBe(25_000);
    expect(data.november2020).toEqual({ month: '2020-12', count: 0 });
  });

  it("counts by status exactly as each card's own status reads, arrears and a worker's payments included", async () => {
    const village = storyWorkers()[0].villageCode;
    const [unpaid, paying, closed] = (
      await sql(
        federation,
        'membership',
        'SELECT kpj FROM membership_card WHERE village_code = $1 ORDER BY kpj LIMIT 3',
        [village],
      )
    ).map((r: any) => r.kpj);
    // One card whose 2021 months were billed on an invoice the funder never paid (arrears), one card whose worker paid a month, one card closed mid-2021.
    await sql(
      federation,
      'membership',
      "INSERT INTO premium_invoice (id, allocation_id, month, workers, amount, issued_on, recorded_at) VALUES ('unpaid-invoice', '81.71-2021-01', '2021-01-01', 1, 16800, '2021-02-01', ambon_midnight('2021-02-01'))",
    );
    await sql(
      federation,
      'membership',
      "UPDATE premium_invoice_line SET invoice_id = 'unpaid-invoice' WHERE kpj = $1 AND month >= '2021-01-01'",
      [unpaid],
    );
    await sql(
      federation,
      'membership',
      "INSERT INTO premium_payment (kpj, month, amount, allocation_id, paid_on, recorded_at) VALUES ($1, '2021-03-01', 16800, '81.71-2021-01', '2021-03-10', ambon_midnight('2021-03-10'))",
      [paying],
    );
    await sql(
      federation,
      'membership',
      "UPDATE membership_card SET status = 'CLOSED', closed_on = '2021-05-31', closed_reason = 'DEATH', closed_recorded_at = ambon_midnight('2021-05-31') WHERE kpj = $1",
      [closed],
    );
    // And one card moved in from another village: its periods are recorded where it was enrolled.
    const [{ kpj: movedIn, village_code: enrolledIn }] = await sql(
      federation,
      'membership',
      'SELECT kpj, village_code FROM membership_card WHERE village_code <> $1 ORDER BY kpj LIMIT 1',
      [village],
    );
    await sql(federation, 'membership', 'UPDATE membership_card SET village_code = $2 WHERE kpj = $1', [
      movedIn,
      village,
    ]);
    try {
      for (const day of ['2021-02-15', '2021-06-30', '2021-12-31', '2022-02-01']) {
        const data = await exactly(
          'query($v: ID!, $d: Date) { cardStatusCounts(areaCode: $v, asOf: $d) { status cards } }',
          { v: village, d: day },
        );
        const each = await sql(
          federation,
          'membership',
          'SELECT status, count(*)::int AS cards FROM card_statuses_on(ARRAY(SELECT kpj::text FROM membership_card WHERE village_code = $1 AND issued_on <= $2), $2) GROUP BY status ORDER BY status',
          [village, day],
        );
        expect(data.cardStatusCounts).toEqual(each);
      }
      const mid2021 = await exactly(
        'query($v: ID!) { cardStatusCounts(areaCode: $v, asOf: "2021-06-30") { status cards } }',
        { v: village },
      );
      expect(mid2021.cardStatusCounts.find((c: any) => c.status === 'INACTIVE')).toEqual({
        status: 'INACTIVE',
        cards: 1,
      });
      expect(mid2021.cardStatusCounts.find((c: any) => c.status === 'CLOSED')).toEqual({ status: 'CLOSED', cards: 1 });
    } finally {
      await sql(federation, 'membership', 'UPDATE membership_card SET village_code = $2 WHERE kpj = $1', [
        movedIn,
        enrolledIn,
      ]);
      await sql(
        federation,
        'membership',
        "UPDATE membership_card SET status = 'OPEN', closed_on = NULL, closed_reason = NULL, closed_recorded_at = NULL WHERE kpj = $1",
        [closed],
      );
      await sql(
        federation,
        'membership',
        "UPDATE premium_invoice_line SET invoice_id = '81.71-2021-01/' || to_char(month, 'YYYY-MM') WHERE kpj = $1 AND invoice_id = 'unpaid-invoice'",
        [unpaid],
      );
      await sql(federation, 'membership', "DELETE FROM premium_invoice WHERE id = 'unpaid-invoice'");
      await sql(federation, 'membership', 'DELETE FROM premium_payment WHERE kpj = $1', [paying]);
    }
  });

  it('lists the lapsing cards only to roles that may see cards, and an outreach officer only their villages', async () => {
    const refused = await federation.query(
      `{ lapsingCards(areaCode: "81.71", asOf: "2021-11-15") { count cards(first: 3) { nodes { kpj } } } }`,
      {},
      analyst,
    );
    expect(refused).toMatchObject({ data: { lapsingCards: { count: 25_000, cards: null } } });
    expect(refused.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['lapsingCards', 'cards'], 'FORBIDDEN'],
    ]);
    const insurer = await federation.query(
      `{ lapsingCards(areaCode: "81.71", asOf: "2021-11-15") { cards(first: 3) { nodes { kpj status } pageInfo { hasNextPage endCursor } } } }`,
      {},
      await federation.as('insurer-officer'),
    );
    expect(insurer.errors).toBeUndefined();
    const first = insurer.data.lapsingCards.cards;
    const lowest = await sql(
      federation,
      'membership',
      "SELECT kpj FROM membership_card WHERE left(village_code, 5) = '81.71' AND issued_on <= '2021-01-01' ORDER BY kpj LIMIT 6",
    );
    expect(first.nodes.map((c: any) => c.kpj)).toEqual(lowest.slice(0, 3).map((r: any) => r.kpj));
    const next = await federation.query(
      `query($after: String) { lapsingCards(areaCode: "81.71", asOf: "2021-11-15") { cards(first: 3, after: $after) { nodes { kpj } } } }`,
      { after: first.pageInfo.endCursor },
      await federation.as('insurer-officer'),
    );
    expect(next.data.lapsingCards.cards.nodes.map((c: any) => c.kpj)).toEqual(
      lowest.slice(3, 6).map((r: any) => r.kpj),
    );
    const village = storyWorkers()[0].villageCode;
    const outreach = await federation.query(
      `{ lapsingCards(areaCode: "81.71", asOf: "2021-11-15") { cards(first: 1000) { nodes { kpj } } } }`,
      {},
      await federation.as('outreach-officer', { villages: [village] }),
    );
    const inVillage = (
      await sql(federation, 'membership', 'SELECT kpj FROM membership_card WHERE village_code = $1 ORDER BY kpj', [
        village,
      ])
    ).map((r: any) => r.kpj);
    expect(outreach.data.lapsingCards.cards.nodes.map((c: any) => c.kpj)).toEqual(inVillage);
  });

  it('does not count as lapsing a card closed before its cover ends (wherever it has moved since), nor one renewed after it; the count and the list agree', async () => {
    const village = storyWorkers()[0].villageCode;
    const [closedBefore, closedAfter, renewed, overlapped, movedAway, movedAwayClosed] = (
      await sql(
        federation,
        'membership',
        'SELECT kpj FROM membership_card WHERE village_code = $1 ORDER BY kpj OFFSET 2 LIMIT 6',
        [village],
      )
    ).map((r: any) => r.kpj);
    const elsewhere = storyWorkers().find((w) => w.villageCode !== village)!.villageCode;
    const period = (kpj: string, from: string, until: string) =>
      sql(
        federation,
        'membership',
        `INSERT INTO coverage_period (kpj, allocation_id, village_code, valid_from, valid_until, programs, monthly_premium, months, member_since, premium_total, recorded_at)
         SELECT kpj, allocation_id, village_code, $2, $3, programs, monthly_premium, months, member_since, premium_total, ambon_midnight($2::date - 1) FROM coverage_period WHERE kpj = $1 AND valid_from = '2021-01-01'`,
        [kpj, from, until],
      );
    const close = (kpj: string, day: string) =>
      sql(
        federation,
        'membership',
        "UPDATE membership_card SET status = 'CLOSED', closed_on = $2, closed_reason = 'DEATH', closed_recorded_at = ambon_midnight($2::date) WHERE kpj = $1",
        [kpj, day],
      );
    // The lapse as first defined: a join to the card and no period starting after this one ends.
    const lapsingIn = async (area: string, length: number) =>
      (
        await sql(
          federation,
          'membership',
          `SELECT DISTINCT p.kpj FROM coverage_period p JOIN membership_card c ON c.kpj = p.kpj
           WHERE left(p.village_code, ${length}) = $1 AND p.valid_from <= '2021-11-15' AND p.valid_until >= '2021-11-15'
             AND p.valid_until BETWEEN '2021-12-01' AND '2021-12-31' AND (c.closed_on IS NULL OR c.closed_on > p.valid_until)
             AND NOT EXISTS (SELECT 1 FROM coverage_period later WHERE later.kpj = p.kpj AND later.valid_from > p.valid_until)
           ORDER BY p.kpj`,
          [area],
        )
      ).map((r: any) => r.kpj);
    await close(closedBefore, '2021-10-31');
    await close(closedAfter, '2022-01-10');
    await period(renewed, '2022-01-01', '2022-12-31');
    await period(overlapped, '2021-12-01', '2022-06-30');
    // Cards that moved away since: their 2021 period stays recorded in this village.
    await sql(federation, 'membership', 'UPDATE membership_card SET village_code = $2 WHERE kpj = ANY($1)', [
      [movedAway, movedAwayClosed],
      elsewhere,
    ]);
    await close(movedAwayClosed, '2021-10-31');
    try {
      const lapsing = await lapsingIn(village, 13);
      expect(lapsing).not.toContain(closedBefore);
      expect(lapsing).not.toContain(renewed);
      expect(lapsing).not.toContain(movedAwayClosed);
      expect(lapsing).toEqual(expect.arrayContaining([closedAfter, overlapped, movedAway]));
      const data = await exactly(
        'query($v: ID!) { village: lapsingCards(areaCode: $v, asOf: "2021-11-15") { count } city: lapsingCards(areaCode: "81.71", asOf: "2021-11-15") { count } }',
        { v: village },
      );
      expect(data.village.count).toBe(lapsing.length);
      expect(data.city.count).toBe((await lapsingIn('81.71', 5)).length);
      expect(data.city.count).toBe(25_000 - 3);
      const listed = await federation.query(
        `query($v: ID!) { lapsingCards(areaCode: $v, asOf: "2021-11-15") { cards(first: 1000) { nodes { kpj } } } }`,
        { v: village },
        await federation.as('insurer-officer'),
      );
      expect(listed.errors).toBeUndefined();
      expect(listed.data.lapsingCards.cards.nodes.map((c: any) => c.kpj)).toEqual(lapsing);
    } finally {
      await sql(
        federation,
        'membership',
        "DELETE FROM coverage_period WHERE kpj = ANY($1) AND valid_from <> '2021-01-01' AND valid_until > '2021-12-31'",
        [[renewed, overlapped]],
      );
      await sql(
        federation,
        'membership',
        "UPDATE membership_card SET status = 'OPEN', closed_on = NULL, closed_reason = NULL, closed_recorded_at = NULL WHERE kpj = ANY($1)",
        [[closedBefore, closedAfter, movedAwayClosed]],
      );
      await sql(federation, 'membership', 'UPDATE membership_card SET village_code = $2 WHERE kpj = ANY($1)', [
        [movedAway, movedAwayClosed],
        village,
      ]);
    }
  });

  it('totals claims by program, status and month, and shows when each claim was paid', async () => {
    const [a, b, c, d, e] = storyWorkers()
      .slice(0, 5)
      .map((w) => w.kpj);
    await sql(
      federation,
      'membership',
      `INSERT INTO claim (kpj, program, event_date, amount, status, filed_at, paid_at) VALUES
        ($1, 'JKK', '2021-02-10', 1500000, 'PAID', '2021-02-20T02:00:00Z', '2021-03-05T02:00:00Z'),
        ($2, 'JKK', '2021-02-11', 2500000, 'PAID', '2021-02-21T02:00:00Z', '2021-03-31T15:30:00Z'),
        ($3, 'JKM', '2021-06-01', 42000000, 'PAID', '2021-06-10T02:00:00Z', '2021-07-01T01:00:00Z'),
        ($4, 'JKK', '2021-08-01', 700000, 'FILED', '2021-08-02T02:00:00Z', NULL),
        ($5, 'JKK', '2020-05-01', 900000, 'PAID', '2020-05-02T02:00:00Z', '2020-06-01T02:00:00Z')`,
      [a, b, c, d, e],
    );
    const data = await exactly(`{
      paid: claimTotals(from: "2021-01-01", until: "2021-12-31") { program status month claims amount }
      filed: claimTotals(from: "2021-01-01", until: "2021-12-31", basis: FILED) { program status month claims amount }
    }`);
    const independent = await sql(
      federation,
      'membership',
      `SELECT program, status, to_char(paid_at AT TIME ZONE 'Asia/Jayapura', 'YYYY-MM') AS month, count(*)::int AS claims, sum(amount)::float8 AS amount
       FROM claim WHERE paid_at IS NOT NULL AND (paid_at AT TIME ZONE 'Asia/Jayapura')::date BETWEEN '2021-01-01' AND '2021-12-31' GROUP BY 1, 2, 3 ORDER BY 3, 1`,
    );
    expect(data.paid).toEqual(independent);
    // 15:30 UTC on 31 March is 00:30 on 1 April in Ambon.
    expect(data.paid).toEqual([
      { program: 'JKK', status: 'PAID', month: '2021-03', claims: 1, amount: 1_500_000 },
      { program: 'JKK', status: 'PAID', month: '2021-04', claims: 1, amount: 2_500_000 },
      { program: 'JKM', status: 'PAID', month: '2021-07', claims: 1, amount: 42_000_000 },
    ]);
    expect(data.filed).toEqual([
      { program: 'JKK', status: 'PAID', month: '2021-02', claims: 2, amount: 4_000_000 },
      { program: 'JKM', status: 'PAID', month: '2021-06', claims: 1, amount: 42_000_000 },
      { program: 'JKK', status: 'FILED', month: '2021-08', claims: 1, amount: 700_000 },
    ]);
    // An analyst learns that some claims were paid those months, not how many nor for how much.
    const ruled = await asAnalyst(
      `{ claimTotals(from: "2021-01-01", until: "2021-12-31") { month claims amount paidToRecipients suppressed } }`,
    );
    expect(ruled.claimTotals).toEqual(
      ['2021-03', '2021-04', '2021-07'].map((month) => ({
        month,
        claims: null,
        amount: null,
        paidToRecipients: null,
        suppressed: true,
      })),
    );
    const card = await federation.query(
      `query($kpj: ID!) { membershipCard(kpj: $kpj) { claims { nodes { status paidAt paidOn } } } }`,
      { kpj: b },
      await federation.as('insurer-officer'),
    );
    expect(card).toMatchObject({
      data: {
        membershipCard: {
          claims: { nodes: [{ status: 'PAID', paidAt: '2021-03-31T15:30:00.000Z', paidOn: '2021-04-01' }] },
        },
      },
    });
  });

  it("shows each allocation's use month by month, and the seats its room still funds", async () => {
    const data =
      await exactly(`{ allocation(id: "81.71-2021-01") { ceiling committed reserved realised premiumPerWorkerMonth fiscalYear
      monthlyUse { month workers invoiced realised paidAfterYearEnd paidOn realisedByMonthEnd } seatsInJanuary: remainingSeats(asOf: "2021-01-01") seatsInJuly: remainingSeats(asOf: "2021-07-20") seatsAfter: remainingSeats(asOf: "2022-01-01") } }`);
    const allocation = data.allocation;
    const invoices = await sql(
      federation,
      'budget',
      "SELECT to_char(month, 'YYYY-MM') AS month, workers, amount::float8 AS amount, paid_on::text AS paid_on FROM invoice WHERE allocation_id = '81.71-2021-01' ORDER BY month",
    );
    // Realised is what was paid within the fiscal year; an invoice paid after it closed is the next year's payable.
    const withinYear = (i: any) => i.paid_on <= '2021-12-31';
    expect(
      allocation.monthlyUse.map((m: any) => [m.month, m.workers, m.invoiced, m.realised, m.paidAfterYearEnd, m.paidOn]),
    ).toEqual(
      invoices.map((i: any) => [
        i.month,
        i.workers,
        i.amount,
        withinYear(i) ? i.amount : 0,
        withinYear(i) ? 0 : i.amount,
        i.paid_on,
      ]),
    );
    expect(invoices.filter((i: any) => !withinYear(i)).map((i: any) => i.month)).toEqual(['2021-12']);
    expect(allocation.monthlyUse).toHaveLength(12);
    // Each invoice is paid by the 15th of the next month: December's lands in January 2022.
    expect(allocation.monthlyUse[11].realisedByMonthEnd).toBe(allocation.realised - allocation.monthlyUse[11].realised);
    expect(allocation.monthlyUse.reduce((sum: number, m: any) => sum + m.realised, 0)).toBe(allocation.realised);
    const room = allocation.ceiling - allocation.committed - allocation.reserved;
    expect(allocation.seatsInJanuary).toBe(Math.floor(room / (allocation.premiumPerWorkerMonth * 12)));
    expect(allocation.seatsInJanuary).toBe(825);
    expect(allocation.seatsInJuly).toBe(Math.floor(room / (allocation.premiumPerWorkerMonth * 6)));
    expect(allocation.seatsAfter).toBe(0);
  });

  it('refuses an area code that is not one, and a series too long', async () => {
    const bad = await federation.query(
      `{ coverageSeries(areaCode: "8171", from: "2021-01-01", until: "2021-02-01") { asOf } }`,
      {},
      analyst,
    );
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await federation.query(
      `{ coverageSeries(areaCode: "99.99", from: "2021-01-01", until: "2021-02-01") { asOf } }`,
      {},
      analyst,
    );
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const long = await federation.query(
      `{ coverageSeries(areaCode: "81.71", from: "2020-01-01", until: "2021-12-31", interval: DAY) { asOf } }`,
      {},
      analyst,
    );
    expect(long.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const reversed = await federation.query(
      `{ claimTotals(from: "2021-12-31", until: "2021-01-01") { claims } }`,
      {},
      analyst,
    );
    expect(reversed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
