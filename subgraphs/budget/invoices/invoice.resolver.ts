import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../contract/access';
import { RupiahScalar, YearMonthScalar } from '../../../platform/scalars';
import { Scope } from '../../../contract/scopes';
import { Allocation } from '../allocations/allocation';
import { BudgetContext } from '../loaders';
import { fiscalYearOfCash } from '../allocations/fiscal-year';
import { Invoice } from './invoice';
import { issueInvoice, payInvoice } from './invoice-ledger';

/** Called by membership only, which counts the covered workers and receives the funder's payment. */
@Resolver(() => Invoice)
export class InvoiceResolver {
  @Directive('@inaccessible')
  @Mutation(() => Invoice, {
    description:
      "Issues the month's first invoice of an allocation (idempotent per allocation and month), or with `supplementary` a further one for cards added since (idempotent per key).",
  })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  issueInvoice(
    @Arg('allocationId', () => ID) allocationId: string,
    @Arg('month') month: string,
    @Arg('workers', () => Int) workers: number,
    @Arg('amount', () => RupiahScalar) amount: number,
    @Arg('issuedOn', () => Date) issuedOn: string,
    @Ctx() { db, actor }: BudgetContext,
    @Arg('supplementary', () => Boolean, {
      defaultValue: false,
      description:
        'A further invoice of a month already invoiced, for cards added after its first invoice; id <allocation>/<YYYY-MM>/<n>.',
    })
    supplementary = false,
    @Arg('idempotencyKey', () => String, {
      nullable: true,
      description:
        'Required with `supplementary`: a retry with the same key gets the same invoice, never a second one.',
    })
    idempotencyKey?: string,
  ) {
    return issueInvoice(db, actor, { allocationId, month, workers, amount, issuedOn, supplementary, idempotencyKey });
  }

  @Directive('@inaccessible')
  @Mutation(() => Invoice, {
    description:
      "Marks an invoice of the month paid (idempotent): it adds to the allocation's realised spending when paid within the fiscal year, to paidAfterYearEnd otherwise. CONFLICT FISCAL_YEAR_CLOSED when the cash date lies in a fiscal year that has already closed.",
  })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  payInvoice(
    @Arg('allocationId', () => ID) allocationId: string,
    @Arg('month') month: string,
    @Arg('paidOn', () => Date) paidOn: string,
    @Ctx() { db, actor }: BudgetContext,
    @Arg('invoiceId', () => ID, {
      nullable: true,
      description: "Which of the month's invoices is paid; the month's first when absent.",
    })
    invoiceId?: string,
  ) {
    return payInvoice(db, actor, { allocationId, month, paidOn, invoiceId });
  }

  @FieldResolver(() => YearMonthScalar, { description: 'The month invoiced.' })
  month(@Root() invoice: Invoice): string {
    return invoice.month.slice(0, 7);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      "The fiscal year whose cash paid the invoice (the year of paidOn); when later than the allocation's year it is that year's payable, not the allocation's realisasi. Null while unpaid.",
  })
  paidInFiscalYear(@Root() invoice: Invoice): number | null {
    return invoice.paidOn ? fiscalYearOfCash(invoice.paidOn) : null;
  }
}

@Resolver(() => Allocation)
export class AllocationInvoicesResolver {
  @FieldResolver(() => [Invoice], {
    description:
      "The invoices of this allocation, oldest month first, each month's first invoice before its supplementary ones; `realised` is the sum of those paid within the fiscal year. Not paged: one a month of the fiscal year plus the supplementary invoices for cards added later.",
  })
  invoices(@Root() allocation: Allocation, @Ctx() { loaders }: BudgetContext) {
    return loaders.invoicesOfAllocation.load(allocation.id);
  }
}
