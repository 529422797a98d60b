/**
 * The analysts' saved operations (schema/operations/analysts/) answer questions (a) to (e) with
 * an analyst's token, as Sandbox or the explorer sends them: a schema change that breaks one
 * fails here as well as in `npm run check`.
 */
import path from 'node:path';
import { print } from 'graphql';
import { readOperations } from '../platform/graphql/operations';
import { OPERATIONS_DIRECTORY } from '../tools/schema/operations';
import { PROJECT_ROOT } from '../platform/settings';
import { storyWorkers } from '../domain/seed-story';
import { Federation, startFederation } from './support/federation';
import { sql } from './support/writes';

const operations = readOperations(path.join(OPERATIONS_DIRECTORY, 'analysts'), PROJECT_ROOT);

/** What a person would check in each answer. */
const sensible: Record<string, (data: any) => void> = {
  CoverageByArea(data) {
    const districts = data.regency.districts;
    expect(districts).toHaveLength(5);
    expect(districts.flatMap((d: any) => d.villages)).toHaveLength(50);
    const covered = districts.reduce((sum: number, d: any) => sum + d.statistics.coveredWorkers, 0);
    expect(covered).toBe(data.regency.statistics.coveredWorkers);
    expect(data.regency.statistics).toEqual({ registeredWorkers: 25_000, coveredWorkers: 25_000, share: 1 });
  },
  TargetProgressByMonth(data) {
    const [target] = data.programmeTargets;
    expect(target.targetCount).toBe(50_000);
    expect(target.progressSeries).toHaveLength(24);
    expect(target.progressSeries[0]).toMatchObject({
      asOf: '2020-01-31',
      coveredWorkers: 10_000,
      remaining: 40_000,
      met: false,
    });
    expect(target.progressSeries[23]).toMatchObject({ asOf: '2021-12-31', coveredWorkers: 25_000, share: 0.5 });
    expect(data.coverageSeries.map((p: any) => p.coveredWorkers)).toEqual(
      target.progressSeries.map((p: any) => p.coveredWorkers),
    );
  },
  BudgetUse(data) {
    const [y2020, y2021] = data.allocations.nodes;
    expect([y2020.fiscalYear, y2021.fiscalYear]).toEqual([2020, 2021]);
    for (const allocation of [y2020, y2021]) {
      expect(allocation.monthlyUse).toHaveLength(12);
      expect(allocation.monthlyUse.reduce((sum: number, m: any) => sum + m.realised, 0)).toBe(allocation.realised);
      expect(allocation.available).toBe(allocation.ceiling - allocation.committed - allocation.reserved);
    }
    // Both fiscal years are over: no seat is left to fill.
    expect(y2021.remainingSeats).toBe(0);
  },
  CardsLapsingNextMonth(data) {
    expect(data.lapsingCards).toEqual({ areaCode: '81.71', month: '2021-12', count: 25_000 });
  },
  CardsByStatus(data) {
    expect(data.cardStatusCounts).toEqual([{ status: 'ACTIVE', cards: 25_000, suppressed: false }]);
  },
  ClaimsPaid(data) {
    // Months of one or two claims: an analyst learns there were some, not how many nor for how much.
    expect(data.claimTotals).toEqual([
      { program: 'JKK', status: 'PAID', month: '2021-03', claims: null, amount: null, suppressed: true },
      { program: 'JKM', status: 'PAID', month: '2021-07', claims: null, amount: null, suppressed: true },
    ]);
  },
};

describe("the analysts' operation collection answers questions (a) to (e)", () => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await startFederation();
    // The story has no claims; three paid in 2021 and one in 2020 stand for the insurer's year.
    const [a, b, c, d] = storyWorkers()
      .slice(10, 14)
      .map((w) => w.kpj);
    await sql(
      federation,
      'membership',
      `INSERT INTO claim (kpj, program, event_date, amount, status, filed_at, paid_at) VALUES
        ($1, 'JKK', '2021-02-10', 1500000, 'PAID', '2021-02-20T02:00:00Z', '2021-03-05T02:00:00Z'),
        ($2, 'JKK', '2021-02-11', 2500000, 'PAID', '2021-02-21T02:00:00Z', '2021-03-08T02:00:00Z'),
        ($3, 'JKM', '2021-06-01', 42000000, 'PAID', '2021-06-10T02:00:00Z', '2021-07-01T01:00:00Z'),
        ($4, 'JKK', '2020-05-01', 900000, 'PAID', '2020-05-02T02:00:00Z', '2020-06-01T02:00:00Z')`,
      [a, b, c, d],
    );
  });
  afterAll(async () => federation?.stop());

  it('holds one operation for each question', () => {
    expect(operations.map((o) => o.name)).toEqual([
      'CoverageByArea',
      'TargetProgressByMonth',
      'BudgetUse',
      'CardsByStatus',
      'CardsLapsingNextMonth',
      'ClaimsPaid',
    ]);
  });

  it.each(operations.map((o) => [o.name, o] as const))(
    '%s runs with an analyst token and gives a sensible answer',
    async (name, operation) => {
      const response = await federation.query(print(operation.document), {}, await federation.as('analyst'));
      expect(response.errors).toBeUndefined();
      sensible[name](response.data);
    },
  );
});
