/**
 * A reservation holds premium against an allocation's ceiling while an enrollment is being made
 * in membership; membership then confirms it (the money is committed) or releases it.
 * Reservations are an internal contract between subgraphs (@inaccessible at the gateway).
 */
import { Directive, Field, ID, InputType, ObjectType } from 'type-graphql';
import { RupiahScalar } from '../../../platform/scalars';

export type ReservationStatus = 'PENDING' | 'CONFIRMED' | 'RELEASED' | 'REFUSED';

@Directive('@inaccessible')
@ObjectType({ description: 'Premium held against an allocation for one enrollment.' })
export class Reservation {
  @Field(() => ID, { description: "The caller's idempotency key for this hold." })
  key: string;

  @Field(() => ID)
  allocationId: string;

  @Field(() => RupiahScalar)
  amount: number;

  @Field({
    description: 'PENDING, CONFIRMED, RELEASED, or REFUSED when the allocation had no room (nothing was held).',
  })
  status: ReservationStatus;
}

@Directive('@inaccessible')
@InputType()
export class ReservationRequest {
  @Field(() => ID)
  key: string;

  @Field(() => RupiahScalar)
  amount: number;

  @Field({ description: 'What the money is for, for the audit trail.' })
  purpose: string;
}
