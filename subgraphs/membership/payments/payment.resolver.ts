import { Scope } from '../../../contract/scopes';
import { RequiresScopes } from '../../../contract/access';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { YearMonthScalar } from '../../../platform/scalars';
import { MembershipContext } from '../loaders';
import { PremiumPayment } from './premium-payment';
import { recordPremiumPayment } from './premium-payments';

@Resolver(() => PremiumPayment)
export class PaymentResolver {
  @Mutation(() => PremiumPayment, {
    description:
      "Records a worker's payment of one month's premium for a card: the month named, or else the oldest unpaid month within reach (two months back to eleven ahead of the month paid in). CONFLICT when the card is closed, the month is not covered, already paid (a month is paid once) or lapsed; BAD_USER_INPUT when dated after today in Ambon, more than 7 days before it is recorded, or before the card's cover was recorded.",
  })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  recordPremiumPayment(
    @Arg('kpj', () => ID, { description: 'KPJ of the card paid for.' }) kpj: string,
    @Arg('month', () => YearMonthScalar, {
      nullable: true,
      description:
        'The month paid for (optional): up to 11 months ahead (paying 3, 6 or 12 months at once), or up to 2 back; without it, the oldest unpaid month in that reach.',
    })
    month: string | null,
    @Arg('paidOn', () => Date, { description: 'The day the premium was paid.' }) paidOn: string,
    @Arg('idempotencyKey', { description: 'Required: retries with the same key record the payment once.' })
    idempotencyKey: string,
    @Ctx() { db, peers, actor, caller }: MembershipContext,
  ) {
    return recordPremiumPayment(db, { peers, actor }, caller, { kpj, month, paidOn, idempotencyKey });
  }

  @FieldResolver(() => YearMonthScalar, { description: 'The month paid for.' })
  month(@Root() payment: PremiumPayment): string {
    return payment.month.slice(0, 7);
  }
}
