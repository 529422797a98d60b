import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../shared/access';
import { RupiahScalar, YearMonthScalar } from '../../shared/scalars';
import { Scope } from '../../shared/scopes';
import { Allocation } from '../allocations/allocation';
import { BudgetContext } from '../loaders';
import { Invoice } from './invoice';
import { issueInvoice, payInvoice } from './invoice-ledger';

/** Called by membership only, which counts the covered workers and receives the funder's payment. */
@Resolver(() => Invoice)
export class InvoiceResolver {
  @Directive('@inaccessible')
  @Mutation(() => Invoice, { description: "Issues the month's invoice of an allocation (idempotent per allocation and month)." })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  issueInvoice(
    @Arg('allocationId', () => ID) allocationId: string,
    @Arg('month') month: string,
    @Arg('workers', () => Int) workers: number,
    @Arg('amount', () => RupiahScalar) amount: number,
    @Arg('issuedOn', () => Date) issuedOn: string,
    @Ctx() { db, actor }: BudgetContext,
  ) {
    return issueInvoice(db, actor, { allocationId, month, workers, amount, issuedOn });
  }

  @Directive('@inaccessible')
  @Mutation(() => Invoice, { description: "Marks the month's invoice paid and adds it to the allocation's realised spending (idempotent)." })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  payInvoice(
    @Arg('allocationId', () => ID) allocationId: string,
    @Arg('month') month: string,
    @Arg('paidOn', () => Date) paidOn: string,
    @Ctx() { db, actor }: BudgetContext,
  ) {
    return payInvoice(db, actor, allocationId, month, paidOn);
  }

  @FieldResolver(() => YearMonthScalar, { description: 'The month invoiced.' })
  month(@Root() invoice: Invoice): string {
    return invoice.month.slice(0, 7);
  }
}

@Resolver(() => Allocation)
export class AllocationInvoicesResolver {
  @FieldResolver(() => [Invoice], {
    description: 'The monthly invoices of this allocation, oldest first; `realised` is the sum of the paid ones. Not paged: at most 12, one a month of the fiscal year.',
  })
  invoices(@Root() allocation: Allocation, @Ctx() { loaders }: BudgetContext) {
    return loaders.invoicesOfAllocation.load(allocation.id);
  }
}
