/**
 * The insurer's invoice to a funder for one allocation and month, and whether the funder paid it.
 * A month has a first invoice and, for cards added after it, supplementary ones. Each carries
 * when it is true (issued on, paid on) and when the server recorded it.
 */
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeScalar, RupiahScalar } from '../../../platform/scalars';

export enum InvoiceStatus {
  ISSUED = 'ISSUED',
  PAID = 'PAID',
}
registerEnumType(InvoiceStatus, {
  name: 'InvoiceStatus',
  description: 'Where an invoice stands.',
  valuesConfig: {
    ISSUED: { description: 'Issued, not yet paid.' },
    PAID: { description: "Paid: part of the allocation's realised spending." },
  },
});

@Entity('invoice')
@ObjectType({
  description:
    "The insurer's invoice to the funder of an allocation for one month's covered workers (the month's first invoice, or a supplementary one for cards added after it); realised spending is the sum of the invoices paid within the fiscal year.",
})
export class Invoice {
  @PrimaryColumn('varchar')
  @Field(() => ID, {
    description:
      "<allocation id>/<YYYY-MM> for the month's first invoice, <allocation id>/<YYYY-MM>/<n> for its n-th (supplementary) one.",
  })
  id: string;

  @Column('varchar', { name: 'allocation_id' })
  allocationId: string;

  /** First day of the month invoiced. */
  @Column('date')
  month: string;

  @Column('int')
  @Field(() => Int, {
    description: "1 for the month's first invoice, 2, 3… for its supplementary invoices, in the order issued.",
  })
  sequence: number;

  @Column('int')
  @Field(() => Int, { description: 'Workers covered by the allocation that month.' })
  workers: number;

  @Column('bigint')
  @Field(() => RupiahScalar, { description: 'Their premium for the month, at the rate in force that month.' })
  amount: string;

  @Column('date', { name: 'issued_on' })
  @Field(() => Date, { description: 'The day the insurer issued it.' })
  issuedOn: string;

  @Column('varchar')
  @Field(() => InvoiceStatus, { description: 'ISSUED or PAID.' })
  status: InvoiceStatus;

  @Column('timestamptz', { name: 'recorded_at' })
  @Field(() => DateTimeScalar, { description: "When the server recorded the invoice (its clock, not the issuer's)." })
  recordedAt: Date;

  @Column('date', { name: 'paid_on', nullable: true })
  @Field(() => Date, { nullable: true, description: 'The day the funder paid it (its cash date), once paid.' })
  paidOn: string | null;

  @Column('timestamptz', { name: 'payment_recorded_at', nullable: true })
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the server recorded the payment, once paid.' })
  paymentRecordedAt: Date | null;
}
