/** A worker's own payment of a month's premium; `allocationId` is the allocation funding that month's coverage. */
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeScalar, RupiahScalar } from '../../../platform/scalars';

@Entity('premium_payment')
@ObjectType({ description: "One month's premium paid for a membership card." })
export class PremiumPayment {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque, stable identifier of the payment.' })
  id: string;

  @Column('char', { length: 11 })
  @Field(() => ID, { description: 'KPJ of the card paid for.' })
  kpj: string;

  /** Stored as the first day of the month. */
  @Column('date')
  month: string;

  @Column('bigint')
  @Field(() => RupiahScalar, { description: 'Premium paid, in rupiah.' })
  amount: string;

  @Column('varchar', { name: 'allocation_id' })
  allocationId: string;

  @Column('date', { name: 'paid_on' })
  @Field(() => Date, { description: 'The day it was paid.' })
  paidOn: string;

  /** Kept from when worker payments were reported to budget; a worker's own payment is never the funder's realised spending now. */
  @Column('boolean')
  realised: boolean;

  @Column('timestamptz', { name: 'recorded_at' })
  @Field(() => DateTimeScalar, {
    description:
      "When the payment was recorded, by the server's clock: a claim counts only payments recorded by the end of its event day.",
  })
  recordedAt: Date;

  @Column('varchar', { name: 'recorded_by', nullable: true })
  recordedBy: string | null;
}
