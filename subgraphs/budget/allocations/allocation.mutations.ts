import { Scope } from '../../../contract/scopes';
import { RequiresScopes } from '../../../contract/access';
import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { Program } from '../../../domain/program';
import { RupiahScalar } from '../../../platform/scalars';
import { BudgetContext } from '../loaders';
import { Allocation } from './allocation';
import { createAllocation, reviseAllocationCeiling } from './allocation-ledger';

@InputType({ description: 'A new APBD allocation; its id is assigned as <funder>-<year>-<nn>.' })
export class NewAllocationInput {
  @Field(() => ID, { description: 'The funder whose budget pays, e.g. "81.71".' })
  funderId: string;

  @Field(() => Int, { description: 'APBD fiscal year: 1 January to 31 December.' })
  fiscalYear: number;

  @Field({ description: 'The regulation that authorises the spending.' })
  legalBasis: string;

  @Field(() => RupiahScalar, { description: 'Pagu, in rupiah.' })
  ceiling: number;

  @Field(() => RupiahScalar, { description: 'Premium for one worker for one month, in rupiah.' })
  premiumPerWorkerMonth: number;

  @Field(() => [Program], { description: 'The programs it pays for.' })
  programs: Program[];
}

const KEY_HELP = 'Optional: send the same key when retrying, to get the same answer and no second effect.';

@Resolver(() => Allocation)
export class AllocationMutationResolver {
  @Mutation(() => Allocation, { description: 'Opens an allocation for a funder and fiscal year.' })
  @RequiresScopes(Scope.BUDGET_WRITE)
  createAllocation(
    @Arg('input', () => NewAllocationInput, { description: 'The allocation to open.' }) input: NewAllocationInput,
    @Ctx() { db, actor }: BudgetContext,
    @Arg('idempotencyKey', () => String, { nullable: true, description: KEY_HELP }) idempotencyKey?: string,
  ) {
    return createAllocation(db, { actor, idempotencyKey }, { ...input });
  }

  @Mutation(() => Allocation, {
    description:
      'Revises the ceiling (APBD-Perubahan), keeping the earlier version. CONFLICT when below what is committed.',
  })
  @RequiresScopes(Scope.BUDGET_WRITE)
  reviseAllocationCeiling(
    @Arg('allocationId', () => ID, { description: 'The allocation to revise.' }) allocationId: string,
    @Arg('ceiling', () => RupiahScalar, { description: 'The new ceiling (pagu), in rupiah.' }) ceiling: number,
    @Arg('legalBasis', { description: 'The regulation that revises it, e.g. the Perda on the APBD-Perubahan.' })
    legalBasis: string,
    @Ctx() { db, actor }: BudgetContext,
    @Arg('idempotencyKey', () => String, { nullable: true, description: KEY_HELP }) idempotencyKey?: string,
  ) {
    return reviseAllocationCeiling(db, { actor, idempotencyKey }, { allocationId, ceiling, legalBasis });
  }
}
