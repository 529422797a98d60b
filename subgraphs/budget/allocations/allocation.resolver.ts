import { Arg, Ctx, Directive, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../shared/access';
import { notFound } from '../../shared/errors';
import { Scope } from '../../shared/scopes';
import { connectionOf, cursorBinding } from '../../shared/pagination';
import { BudgetContext } from '../loaders';
import { RupiahScalar } from '../../shared/scalars';
import { Allocation, AllocationRevision, Funder, Regency } from './allocation';
import { searchAllocations } from './allocation-search';

@ObjectType()
export class AllocationConnection extends connectionOf(Allocation) {}

@Resolver(() => Allocation)
export class AllocationResolver {
  @Query(() => Allocation, { nullable: true, description: 'An allocation by id; NOT_FOUND when there is none.' })
  @RequiresScopes(Scope.BUDGET_READ)
  async allocation(@Arg('id', () => ID) id: string, @Ctx() { loaders }: BudgetContext): Promise<Allocation> {
    return (await loaders.allocationById.load(id)) ?? Promise.reject(notFound(`No allocation has the id "${id}".`, { id }));
  }

  /**
   * What an enrollment needs of an allocation (its year, premium and programs), for whoever may
   * enroll: an outreach officer enrolls their villages' workers without reading the budget.
   * Membership calls it; it is not in the gateway's public schema.
   */
  @Directive('@inaccessible')
  @Query(() => Allocation, { nullable: true, description: 'An allocation by id for an enrollment; NOT_FOUND when there is none.' })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  async allocationForEnrollment(@Arg('id', () => ID) id: string, @Ctx() context: BudgetContext): Promise<Allocation> {
    return this.allocation(id, context);
  }

  @Query(() => AllocationConnection, { description: 'Allocations, optionally of one fiscal year or funder, in id order.' })
  @RequiresScopes(Scope.BUDGET_READ)
  allocations(
    @Ctx() { db, caller }: BudgetContext,
    @Arg('fiscalYear', () => Int, { nullable: true }) fiscalYear?: number,
    @Arg('funderId', () => ID, { nullable: true }) funderId?: string,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return searchAllocations(db, { fiscalYear, funderId, first, after }, cursorBinding(`Query.allocations ${fiscalYear ?? ''} ${funderId ?? ''}`, caller));
  }

  @FieldResolver(() => RupiahScalar, { description: 'What may still be committed: ceiling - committed - reserved.' })
  available(@Root() allocation: Allocation): number {
    return Number(allocation.ceiling) - Number(allocation.committed) - Number(allocation.reserved);
  }

  @FieldResolver(() => [AllocationRevision], { description: 'Earlier versions of this allocation, oldest first (empty if never revised).' })
  async revisions(@Root() allocation: Allocation, @Ctx() { loaders }: BudgetContext) {
    return (await loaders.revisionsOfAllocation.load(allocation.id)).map((r) => r.revision);
  }

  @FieldResolver(() => Funder)
  funder(@Root() allocation: Allocation, @Ctx() { loaders }: BudgetContext) {
    return loaders.funderById.load(allocation.funderId);
  }
}

@Resolver(() => Funder)
export class FunderResolver {
  @Query(() => [Funder], { description: 'Every payer of premiums.' })
  @RequiresScopes(Scope.BUDGET_READ)
  funders(@Ctx() { db }: BudgetContext) {
    return db.getRepository(Funder).find({ order: { id: 'ASC' } });
  }

  @FieldResolver(() => Regency, { nullable: true, description: 'The regency whose budget pays, when the funder is a regional government.' })
  regency(@Root() funder: Funder): Regency | null {
    return funder.regencyCode ? { code: funder.regencyCode } : null;
  }
}
