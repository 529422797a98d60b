import {
  Arg,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  registerEnumType,
  Resolver,
  Root,
} from 'type-graphql';
import { RequiresScopes } from '../../../contract/access';
import { DateTimeScalar, RupiahScalar, YearMonthScalar } from '../../../platform/scalars';
import { Scope } from '../../../contract/scopes';
import { premiumForMonth } from '../../../domain/premium-rates';
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
  valuesConfig: {
    ISSUED: { description: 'Issued, not yet paid.' },
    PAID: { description: "Paid: part of the allocation's realised spending." },
  },
});

@ObjectType({ description: "The insurer's invoice to an allocation's funder for one month, as budget recorded it." })
export class FunderInvoice {
  @Field(() => ID, {
    description: '<allocation id>/<YYYY-MM> for the first invoice of a month, with /2, /3, … for supplementary ones.',
  })
  id: string;

  @Field(() => Int, { description: 'Cards the invoice bills.' })
  workers: number;

  @Field(() => RupiahScalar, { description: 'Their premium for the month at the rates in force.' })
  amount: number;

  @Field(() => FunderInvoiceStatus, { description: 'ISSUED or PAID.' })
  status: FunderInvoiceStatus;
}

@ObjectType({ description: "A funder's payment of one invoice: that month is paid on the cards the invoice billed." })
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

  @Field({ description: "WORKER (the worker's own payment) or FUNDER (the allocation's funder paid its invoice)." })
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
  @Mutation(() => FunderInvoice, {
    description:
      "Invoices an allocation's funder for the cards it covers in a month and that no earlier invoice of the month billed (the first invoice, or a supplementary one for cards recorded since), at the rates in force. When nothing new was recorded, answers the month's latest invoice.",
  })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  async issuePremiumInvoice(
    @Arg('allocationId', () => ID, { description: 'The APBD allocation whose funder is invoiced (Allocation.id).' })
    allocationId: string,
    @Arg('month', () => YearMonthScalar, { description: 'The month invoiced.' }) month: string,
    @Ctx() { db, peers, actor }: MembershipContext,
    @Arg('issuedOn', () => Date, {
      nullable: true,
      description:
        'The day the invoice is issued: today in Ambon, by the server clock, which is also the default. Any other day is refused (BAD_USER_INPUT with reason PAST_DATE or FUTURE_DATE).',
    })
    issuedOn?: string,
  ) {
    return issuePremiumInvoice(db, { peers, actor }, allocationId, month, issuedOn);
  }

  @Mutation(() => FunderPaymentRecord, {
    description:
      "Records the funder's payment of one invoice: budget records it, and the month is paid on exactly the cards the invoice billed. BAD_USER_INPUT when dated after today in Ambon or more than 7 days before it is recorded.",
  })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  async recordFunderPayment(
    @Arg('allocationId', () => ID, { description: 'The APBD allocation whose funder paid (Allocation.id).' })
    allocationId: string,
    @Arg('month', () => YearMonthScalar, { description: 'The month whose invoice was paid.' }) month: string,
    @Arg('paidOn', () => Date, { description: 'The day the funder paid.' }) paidOn: string,
    @Arg('idempotencyKey', { description: 'Required: retries with the same key record the payment once.' })
    idempotencyKey: string,
    @Ctx() { db, peers, actor }: MembershipContext,
    @Arg('invoiceId', () => ID, {
      nullable: true,
      description: "The invoice paid (a supplementary invoice's id); default: the month's first invoice.",
    })
    invoiceId?: string,
  ) {
    const payment = await recordFunderPayment(
      db,
      { peers, actor },
      { allocationId, month, paidOn, idempotencyKey, invoiceId },
    );
    return { ...payment, month: payment.month.slice(0, 7) };
  }
}

@ObjectType({
  description: 'A second payment of a month already paid: money held for the payer, never a second paid month.',
})
export class PremiumCredit {
  @Field(() => YearMonthScalar, { description: 'The month paid twice.' })
  month: string;

  @Field({
    description:
      "WORKER or FUNDER: whose payment came second and is held for them (applied to a later month or refunded by the insurer's finance office).",
  })
  payer: string;

  @Field(() => RupiahScalar, { description: 'The amount held.' })
  amount: number;

  @Field(() => Date, { description: 'The day the second payment was made.' })
  paidOn: string;

  @Field(() => DateTimeScalar, { description: 'When the second payment was recorded.' })
  recordedAt: Date;

  @Field(() => ID, { nullable: true, description: "The funder's invoice, when the funder paid second." })
  invoiceId: string | null;
}

@Resolver(() => MembershipCard)
export class CardPaidMonthsResolver {
  @FieldResolver(() => [PaidMonth], {
    description:
      "Every paid month of the card, by the worker's own payment or by the funder's payment of an invoice that billed the card; a month is paid once, by the payment recorded first. Not paged: at most 12 a year of coverage, oldest first.",
  })
  @RequiresScopes(Scope.COVERAGE_READ)
  async paidMonths(@Root() card: MembershipCard, @Ctx() { loaders }: MembershipContext): Promise<PaidMonth[]> {
    return (await loaders.paymentsOfCardMonths.load(card.kpj))
      .filter((r) => r.nth === 1)
      .map((r) => ({
        month: r.month.slice(0, 7),
        paidBy: r.paid_by,
        paidOn: r.paid_on,
        allocationId: r.allocation_id,
        invoiceId: r.invoice_id,
      }));
  }

  @FieldResolver(() => [YearMonthScalar], {
    description:
      "Months of the card's cover past their due date (the 15th of the next month) that no invoice to the funder billed and nobody paid: the payers' delay, flagged to the insurer and the city; such a month never counts against the worker's cover. Not paged: at most 12 a year of coverage, oldest first.",
  })
  @RequiresScopes(Scope.COVERAGE_READ)
  async uninvoicedMonths(@Root() card: MembershipCard, @Ctx() { loaders }: MembershipContext): Promise<string[]> {
    return (await loaders.uninvoicedMonthsOfCard.load(card.kpj)).map((r) => r.month);
  }

  @FieldResolver(() => [PremiumCredit], {
    description:
      'Second payments of months already paid, held as credits for their payer. Not paged: at most one per payer and month of coverage, oldest first.',
  })
  @RequiresScopes(Scope.COVERAGE_READ)
  async credits(@Root() card: MembershipCard, @Ctx() { loaders }: MembershipContext): Promise<PremiumCredit[]> {
    return (await loaders.paymentsOfCardMonths.load(card.kpj))
      .filter((r) => r.nth > 1)
      .map((r) => ({
        month: r.month.slice(0, 7),
        payer: r.paid_by,
        amount: Number(r.amount),
        paidOn: r.paid_on,
        recordedAt: r.recorded_at,
        invoiceId: r.invoice_id,
      }));
  }
}

@Resolver(() => CoveragePeriod)
export class PeriodPremiumResolver {
  @FieldResolver(() => RupiahScalar, {
    description:
      'Premium for one month of all listed programs, at the rate in force on the day the coverage was asked for (else the first month of the period).',
  })
  monthlyPremium(@Root() period: CoveragePeriod): number {
    const day = period.asOf ?? period.validFrom;
    return premiumForMonth(period.programs, Number(period.declaredIncome), day, period.memberSince);
  }
}
