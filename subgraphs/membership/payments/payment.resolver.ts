import { Scope } from '../../shared/scopes';
import { RequiresScopes } from '../../shared/access';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { YearMonthScalar } from '../../shared/scalars';
import { MembershipContext } from '../loaders';
import { PremiumPayment } from './premium-payment';
import { recordPremiumPayment } from './premium-payments';

@Resolver(() => PremiumPayment)
export class PaymentResolver {
  @Mutation(() => PremiumPayment, {
    description:
      "Records one month's premium for a card. It settles the oldest unpaid month of the card's coverage first, whatever month is named. CONFLICT when the card is closed, the month is not covered or already paid; BAD_USER_INPUT when dated after today in Ambon.",
  })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  recordPremiumPayment(
    @Arg('kpj', () => ID, { description: 'KPJ of the card paid for.' }) kpj: string,
    @Arg('month', () => YearMonthScalar, { nullable: true, description: 'The month the payer names (optional): refused if already paid or not covered; the payment settles the oldest unpaid month first.' })
    month: string | null,
    @Arg('paidOn', () => Date, { description: 'The day the premium was paid.' }) paidOn: string,
    @Arg('idempotencyKey', { description: 'Required: retries with the same key record the payment once.' }) idempotencyKey: string,
    @Ctx() { db, peers, actor, caller }: MembershipContext,
  ) {
    return recordPremiumPayment(db, { peers, actor }, caller, { kpj, month, paidOn, idempotencyKey });
  }

  @FieldResolver(() => YearMonthScalar, { description: 'The month paid for.' })
  month(@Root() payment: PremiumPayment): string {
    return payment.month.slice(0, 7);
  }
}
