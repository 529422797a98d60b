import { Arg, Ctx, Directive, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../contract/access';
import { notFound } from '../../../platform/errors';
import { Scope } from '../../../contract/scopes';
import { AFTER_ARGUMENT, connectionOf, cursorBinding, FIRST_ARGUMENT } from '../../kit/pagination';
import { BudgetContext } from '../loaders';
import { RupiahScalar } from '../../../platform/scalars';
import { Allocation, AllocationRevision, Funder, Regency } from './allocation';
import { MAX_ALLOCATION_PAGE, searchAllocations } from './allocation-search';

@ObjectType({ description: 'A page of allocations.' })
export class AllocationConnection extends connectionOf(Allocation) {}

@Resolver(() => Allocation)
export class AllocationResolver {
  @Query(() => Allocation, { nullable: true, description: 'An allocation by id; NOT_FOUND when there is none.' })
  @RequiresScopes(Scope.BUDGET_READ)
  async allocation(
    @Arg('id', () => ID, { description: 'The allocation\'s id, e.g. "81.71-2021-01".' }) id: string,
    @Ctx() { loaders }: BudgetContext,
  ): Promise<Allocation> {
    return (
      (await loaders.allocationById.load(id)) ?? Promise.reject(notFound(`No allocation has the id "${id}".`, { id }))
    );
  }

  /**
   * What an enrollment needs of an allocation (its year, premium and programs), for whoever may
   * enroll: an outreach officer enrolls their villages' workers without reading the budget.
   * Membership calls it; it is not in the gateway's public schema.
   */
  @Directive('@inaccessible')
  @Query(() => Allocation, {
    nullable: true,
    description: 'An allocation by id for an enrollment; NOT_FOUND when there is none.',
  })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  async allocationForEnrollment(@Arg('id', () => ID) id: string, @Ctx() context: BudgetContext): Promise<Allocation> {
    return this.allocation(id, context);
  }

  @Query(() => AllocationConnection, {
    description: `Allocations, optionally of one fiscal year or funder, in id order; at most ${MAX_ALLOCATION_PAGE} a page.`,
  })
  @RequiresScopes(Scope.BUDGET_READ)
  allocations(
    @Ctx() { db, caller }: BudgetContext,
    @Arg('fiscalYear', () => Int, { nullable: true, description: 'Only allocations of this APBD fiscal year.' })
    fiscalYear?: number,
    @Arg('funderId', () => ID, { nullable: true, description: 'Only allocations of this funder, e.g. "81.71".' })
    funderId?: string,
    @Arg('first', () => Int, { defaultValue: 50, description: FIRST_ARGUMENT }) first = 50,
    @Arg('after', () => String, { nullable: true, description: AFTER_ARGUMENT }) after?: string,
  ) {
    return searchAllocations(
      db,
      { fiscalYear, funderId, first, after },
      cursorBinding(`Query.allocations ${fiscalYear ?? ''} ${funderId ?? ''}`, caller),
    );
  }

  @FieldResolver(() => RupiahScalar, { description: 'What may still be committed: ceiling - committed - reserved.' })
  available(@Root() allocation: Allocation): number {
    return Number(allocation.ceiling) - Number(allocation.committed) - Number(allocation.reserved);
  }

  @FieldResolver(() => [AllocationRevision], {
    description:
      'Earlier versions of this allocation, oldest first (empty if never revised); not paged: one per revision of the APBD.',
  })
  async revisions(@Root() allocation: Allocation, @Ctx() { loaders }: BudgetContext) {
    return (await loaders.revisionsOfAllocation.load(allocation.id)).map((r) => r.revision);
  }

  @FieldResolver(() => Funder, { description: 'Who pays: the funder whose budget this is.' })
  funder(@Root() allocation: Allocation, @Ctx() { loaders }: BudgetContext) {
    return loaders.funderById.load(allocation.funderId);
  }
}

@Resolver(() => Funder)
export class FunderResolver {
  @Query(() => [Funder], { description: 'Every payer of premiums, in id order; not paged: one per paying agency.' })
  @RequiresScopes(Scope.BUDGET_READ)
  funders(@Ctx() { db }: BudgetContext) {
    return db.getRepository(Funder).find({ order: { id: 'ASC' } });
  }

  @FieldResolver(() => Regency, {
    nullable: true,
    description: 'The regency whose budget pays, when the funder is a regional government.',
  })
  regency(@Root() funder: Funder): Regency | null {
    return funder.regencyCode ? { code: funder.regencyCode } : null;
  }
}
