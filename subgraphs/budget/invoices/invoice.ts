/** The insurer's monthly invoice to a funder for one allocation, and whether the funder paid it. */
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { RupiahScalar } from '../../shared/scalars';

export enum InvoiceStatus {
  ISSUED = 'ISSUED',
  PAID = 'PAID',
}
registerEnumType(InvoiceStatus, {
  name: 'InvoiceStatus',
  description: "Where an invoice stands.",
  valuesConfig: { ISSUED: { description: 'Issued, not yet paid.' }, PAID: { description: "Paid: part of the allocation's realised spending." } },
});

@Entity('invoice')
@ObjectType({ description: "The insurer's invoice to the funder of an allocation for one month's covered workers; realised spending is the sum of paid invoices." })
export class Invoice {
  @PrimaryColumn('varchar')
  @Field(() => ID, { description: '<allocation id>/<YYYY-MM>' })
  id: string;

  @Column('varchar', { name: 'allocation_id' })
  allocationId: string;

  /** First day of the month invoiced. */
  @Column('date')
  month: string;

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

  @Column('date', { name: 'paid_on', nullable: true })
  @Field(() => Date, { nullable: true, description: 'The day the funder paid it, once paid.' })
  paidOn: string | null;
}
