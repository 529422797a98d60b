/**
 * What an allocation has used, month by month of its fiscal year, and how many more workers its
 * remaining room could fund: computed by the database from the allocation row and its invoices.
 */
import { Arg, Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { DataSource } from 'typeorm';
import { RequiresScopes } from '../../shared/access';
import { loaderOfGroups } from '../../shared/loaders';
import { RupiahScalar, todayInAmbon, YearMonthScalar } from '../../shared/scalars';
import { Scope } from '../../shared/scopes';
import { Allocation } from '../allocations/allocation';
import { BudgetContext } from '../loaders';

@ObjectType({ description: "One month of an allocation's fiscal year: the cover invoiced for it, what of that the funder paid, and what was realised by the month's end." })
export class AllocationMonth {
  allocationId: string;

  @Field(() => YearMonthScalar, { description: 'The month of cover.' })
  month: string;

  @Field(() => Int, { nullable: true, description: "Workers the insurer invoiced for that month; null before the month's invoice." })
  workers: number | null;

  @Field(() => RupiahScalar, { description: "The month's premium as invoiced, at the rate in force that month (0 before the invoice)." })
  invoiced: number;

  @Field(() => RupiahScalar, { description: "What the funder paid of that month's invoice (realisasi for the month of cover)." })
  realised: number;

  @Field(() => Date, { nullable: true, description: "The day the funder paid that month's invoice; null while unpaid." })
  paidOn: string | null;

  @Field(() => RupiahScalar, { description: "Realisasi by the month's end: every invoice of the allocation paid by then." })
  realisedToDate: number;
}

interface MonthRow {
  allocation_id: string;
  month: string;
  workers: number | null;
  invoiced: string;
  realised: string;
  paid_on: string | null;
  realised_to_date: string;
}

export function monthsOfAllocationLoader(db: DataSource) {
  return loaderOfGroups(async (ids: string[]) => {
    const rows: MonthRow[] = await db.query(
      `SELECT a.id AS allocation_id, to_char(m, 'YYYY-MM') AS month, i.workers, coalesce(i.amount, 0)::text AS invoiced,
              (CASE WHEN i.status = 'PAID' THEN i.amount ELSE 0 END)::text AS realised, i.paid_on::text AS paid_on,
              (SELECT coalesce(sum(j.amount), 0) FROM invoice j
               WHERE j.allocation_id = a.id AND j.status = 'PAID' AND j.paid_on < (m + interval '1 month'))::text AS realised_to_date
       FROM allocation a
       CROSS JOIN generate_series(make_date(a.fiscal_year, 1, 1), make_date(a.fiscal_year, 12, 1), interval '1 month') AS m
       LEFT JOIN invoice i ON i.allocation_id = a.id AND i.month = m::date
       WHERE a.id = ANY($1) ORDER BY a.id, m`,
      [ids],
    );
    return rows.map((row) =>
      Object.assign(new AllocationMonth(), {
        allocationId: row.allocation_id,
        month: row.month,
        workers: row.workers,
        invoiced: Number(row.invoiced),
        realised: Number(row.realised),
        paidOn: row.paid_on,
        realisedToDate: Number(row.realised_to_date),
      }),
    );
  }, (month) => month.allocationId);
}

/** Months of the fiscal year from `asOf`'s month to December; all 12 before the year, none after it. */
export function monthsLeft(fiscalYear: number, asOf: string): number {
  const year = Number(asOf.slice(0, 4));
  if (year < fiscalYear) return 12;
  if (year > fiscalYear) return 0;
  return 12 - Number(asOf.slice(5, 7)) + 1;
}

@Resolver(() => Allocation)
export class AllocationUseResolver {
  @FieldResolver(() => [AllocationMonth], { nullable: true, description: 'Use month by month over the fiscal year, January first. Not paged: at most 12 months.' })
  @RequiresScopes(Scope.BUDGET_READ)
  monthlyUse(@Root() allocation: Allocation, @Ctx() { loaders }: BudgetContext) {
    return loaders.monthsOfAllocation.load(allocation.id);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      "Workers the room left (ceiling - committed - reserved) could still fund from `asOf`'s month to the end of the fiscal year at the allocation's premium per worker-month; 0 once the year is over.",
  })
  @RequiresScopes(Scope.BUDGET_READ)
  remainingSeats(@Root() allocation: Allocation, @Arg('asOf', () => Date, { nullable: true, description: 'The day asked for (default: today in Ambon).' }) asOf?: string): number {
    const months = monthsLeft(allocation.fiscalYear, asOf ?? todayInAmbon());
    if (months === 0) return 0;
    const room = Number(allocation.ceiling) - Number(allocation.committed) - Number(allocation.reserved);
    return Math.max(0, Math.floor(room / (Number(allocation.premiumPerWorkerMonth) * months)));
  }
}
