import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, registerEnumType, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../shared/access';
import { RupiahScalar, todayInAmbon, YearMonthScalar } from '../../shared/scalars';
import { Scope } from '../../shared/scopes';
import { premiumForMonth } from '../../shared/premium-rates';
import { CoveragePeriod, MembershipCard } from '../cards/membership-card';
import { MembershipContext } from '../loaders';
import { issuePremiumInvoice, recordFunderPayment } from './funder-payments';

export enum FunderInvoiceStatus {
  ISSUED = 'ISSUED',
  PAID = 'PAID',
}
registerEnumType(FunderInvoiceStatus, {
  name: 'FunderInvoiceStatus',
  description: "Where the funder's invoice stands in budget.",
  valuesConfig: { ISSUED: { description: 'Issued, not yet paid.' }, PAID: { description: "Paid: part of the allocation's realised spending." } },
});

@ObjectType({ description: "The insurer's invoice to an allocation's funder for one month, as budget recorded it." })
export class FunderInvoice {
  @Field(() => ID, { description: '<allocation id>/<YYYY-MM>' })
  id: string;

  @Field(() => Int, { description: 'Workers the allocation covers that month.' })
  workers: number;

  @Field(() => RupiahScalar, { description: 'Their premium for the month at the rates in force.' })
  amount: number;

  @Field(() => FunderInvoiceStatus, { description: 'ISSUED or PAID.' })
  status: FunderInvoiceStatus;
}

@ObjectType({ description: "A funder's payment of a month's invoice: that month is paid on every card the allocation covers." })
export class FunderPaymentRecord {
  @Field(() => ID, { description: 'The allocation whose invoice was paid.' })
  allocationId: string;

  @Field(() => YearMonthScalar, { description: 'The month invoiced.' })
  month: string;

  @Field(() => ID, { description: 'The invoice paid.' })
  invoiceId: string;

  @Field(() => Int, { description: 'Workers the invoice covered.' })
  workers: number;

  @Field(() => RupiahScalar, { description: 'The amount paid.' })
  amount: number;

  @Field(() => Date, { description: 'The day the funder paid.' })
  paidOn: string;
}

@ObjectType({ description: 'A month of a card that is paid, and who paid it.' })
export class PaidMonth {
  @Field(() => YearMonthScalar, { description: 'The month paid.' })
  month: string;

  @Field({ description: 'WORKER (the worker\'s own payment) or FUNDER (the allocation\'s funder paid its invoice).' })
  paidBy: string;

  @Field(() => Date, { description: 'The day it was paid.' })
  paidOn: string;

  @Field(() => ID, { description: 'The allocation funding that month.' })
  allocationId: string;

  @Field(() => ID, { nullable: true, description: "The funder's invoice, when the funder paid." })
  invoiceId: string | null;
}

@Resolver()
export class FunderPaymentResolver {
  @Mutation(() => FunderInvoice, { description: "Invoices an allocation's funder for the workers it covers in a month, at the rates in force (idempotent per allocation and month)." })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  async issuePremiumInvoice(
    @Arg('allocationId', () => ID, { description: 'The APBD allocation whose funder is invoiced (Allocation.id).' }) allocationId: string,
    @Arg('month', () => YearMonthScalar, { description: 'The month invoiced.' }) month: string,
    @Ctx() { db, peers, actor }: MembershipContext,
    @Arg('issuedOn', () => Date, { nullable: true, description: 'Default: today in Ambon.' }) issuedOn?: string,
  ) {
    return issuePremiumInvoice(db, { peers, actor }, allocationId, month, issuedOn ?? todayInAmbon());
  }

  @Mutation(() => FunderPaymentRecord, { description: "Records the funder's payment of a month's invoice: budget realises it, and the month is paid on every card the allocation covers." })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  async recordFunderPayment(
    @Arg('allocationId', () => ID, { description: 'The APBD allocation whose funder paid (Allocation.id).' }) allocationId: string,
    @Arg('month', () => YearMonthScalar, { description: 'The month whose invoice was paid.' }) month: string,
    @Arg('paidOn', () => Date, { description: 'The day the funder paid.' }) paidOn: string,
    @Arg('idempotencyKey', { description: 'Required: retries with the same key record the payment once.' }) idempotencyKey: string,
    @Ctx() { db, peers, actor }: MembershipContext,
  ) {
    const payment = await recordFunderPayment(db, { peers, actor }, { allocationId, month, paidOn, idempotencyKey });
    return { ...payment, month: payment.month.slice(0, 7) };
  }
}

@Resolver(() => MembershipCard)
export class CardPaidMonthsResolver {
  @FieldResolver(() => [PaidMonth], {
    description: "Every paid month of the card, by the worker's own payment or by the funder's invoice payment. Not paged: at most 12 a year of coverage, oldest first.",
  })
  @RequiresScopes(Scope.COVERAGE_READ)
  async paidMonths(@Root() card: MembershipCard, @Ctx() { loaders }: MembershipContext): Promise<PaidMonth[]> {
    return (await loaders.paidMonthsOfCard.load(card.kpj)).map((r) => ({ month: r.month.slice(0, 7), paidBy: r.paid_by, paidOn: r.paid_on, allocationId: r.allocation_id, invoiceId: r.invoice_id }));
  }
}

@Resolver(() => CoveragePeriod)
export class PeriodPremiumResolver {
  @FieldResolver(() => RupiahScalar, {
    description: 'Premium for one month of all listed programs, at the rate in force on the day the coverage was asked for (else the first month of the period).',
  })
  monthlyPremium(@Root() period: CoveragePeriod): number {
    const day = period.asOf ?? period.validFrom;
    return premiumForMonth(period.programs, Number(period.declaredIncome), day, period.memberSince);
  }
}
