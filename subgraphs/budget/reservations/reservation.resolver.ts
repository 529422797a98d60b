import { Scope } from '../../../contract/scopes';
import { RequiresScopes } from '../../../contract/access';
import { Arg, Ctx, Directive, ID, Mutation, Resolver } from 'type-graphql';
import { BudgetContext } from '../loaders';
import { Reservation, ReservationRequest } from './reservation';
import { reserveFunds, settleReservations } from './reservation-ledger';

/** Called by membership only; hidden from the gateway's public schema. */
@Resolver(() => Reservation)
export class ReservationResolver {
  @Directive('@inaccessible')
  @Mutation(() => [Reservation], {
    description: 'Holds premium for each request while the allocation has room; the rest are REFUSED.',
  })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  reserveFunds(
    @Arg('allocationId', () => ID) allocationId: string,
    @Arg('requests', () => [ReservationRequest]) requests: ReservationRequest[],
    @Ctx() { db, actor }: BudgetContext,
  ) {
    return reserveFunds(db, actor, allocationId, requests);
  }

  @Directive('@inaccessible')
  @Mutation(() => [Reservation], { description: 'Commits PENDING reservations.' })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  confirmReservations(
    @Arg('allocationId', () => ID) allocationId: string,
    @Arg('keys', () => [ID]) keys: string[],
    @Ctx() { db, actor }: BudgetContext,
  ) {
    return settleReservations(db, actor, allocationId, keys, 'CONFIRMED');
  }

  @Directive('@inaccessible')
  @Mutation(() => [Reservation], { description: 'Gives PENDING reservations back to the allocation.' })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  releaseReservations(
    @Arg('allocationId', () => ID) allocationId: string,
    @Arg('keys', () => [ID]) keys: string[],
    @Ctx() { db, actor }: BudgetContext,
  ) {
    return settleReservations(db, actor, allocationId, keys, 'RELEASED');
  }
}
