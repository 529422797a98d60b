/**
 * What an allocation has used, month by month of its fiscal year, and how many more workers its
 * remaining room could fund: computed by the database from the allocation row and its invoices.
 */
import { Arg, Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../contract/access';
import { RupiahScalar, todayInAmbon, YearMonthScalar } from '../../../platform/scalars';
import { Scope } from '../../../contract/scopes';
import { Allocation } from '../allocations/allocation';
import type { BudgetContext } from '../loaders';

@ObjectType({
  description:
    "One month of an allocation's fiscal year: the cover invoiced for it, what of that the funder paid within the fiscal year and after it, and what was realised by the month's end.",
})
export class AllocationMonth {
  allocationId: string;

  @Field(() => YearMonthScalar, { description: 'The month of cover.' })
  month: string;

  @Field(() => Int, {
    nullable: true,
    description:
      "Workers the insurer invoiced for that month, its supplementary invoices included; null before the month's first invoice.",
  })
  workers: number | null;

  @Field(() => RupiahScalar, {
    description:
      "The month's premium as invoiced, supplementary invoices included, at the rate in force that month (0 before the first invoice).",
  })
  invoiced: number;

  @Field(() => RupiahScalar, {
    description:
      "What the funder paid of that month's invoices within the fiscal year (realisasi for the month of cover).",
  })
  realised: number;

  @Field(() => RupiahScalar, {
    description:
      "What the funder paid of that month's invoices after the fiscal year closed: the next year's payable, not this allocation's realisasi.",
  })
  paidAfterYearEnd: number;

  @Field(() => Date, {
    nullable: true,
    description: "The day the last of that month's invoices was paid; null while any is unpaid or none was issued.",
  })
  paidOn: string | null;

  @Field(() => RupiahScalar, {
    description:
      "Realisasi by the month's end: every invoice of the allocation paid by then; December's equals the allocation's realised.",
  })
  realisedByMonthEnd: number;
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
  @FieldResolver(() => [AllocationMonth], {
    nullable: true,
    description: 'Use month by month over the fiscal year, January first. Not paged: at most 12 months.',
  })
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
  remainingSeats(
    @Root() allocation: Allocation,
    @Arg('asOf', () => Date, { nullable: true, description: 'The day asked for (default: today in Ambon).' })
    asOf?: string,
  ): number {
    const months = monthsLeft(allocation.fiscalYear, asOf ?? todayInAmbon());
    if (months === 0) return 0;
    const room = Number(allocation.ceiling) - Number(allocation.committed) - Number(allocation.reserved);
    return Math.max(0, Math.floor(room / (Number(allocation.premiumPerWorkerMonth) * months)));
  }
}
