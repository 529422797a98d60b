/**
 * The insurer's records: a membership card (KPJ, Kartu Peserta Jamsostek) per worker, and the
 * coverage periods a payer funds on it. One card that is not CLOSED per NIK.
 */
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { PersonalData, RequiresScopes } from '../../shared/access';
import { Program } from '../../shared/program';
import { Scope } from '../../shared/scopes';
import { RupiahScalar } from '../../shared/scalars';

export enum CardStatus {
  ACTIVE = 'ACTIVE',
  INACTIVE = 'INACTIVE',
  CLOSED = 'CLOSED',
}
registerEnumType(CardStatus, {
  name: 'CardStatus',
  description: "A membership card's status by the payment rule.",
  valuesConfig: {
    ACTIVE: { description: 'Premiums are paid up: the worker is covered.' },
    INACTIVE: { description: 'Three or more months unpaid; paying again reactivates the card.' },
    CLOSED: { description: 'Closed for good, e.g. at the member\'s death.' },
  },
});

@Entity('membership_card')
@Directive('@key(fields: "kpj")')
@ObjectType({ description: 'A BPJS Ketenagakerjaan membership card.' })
export class MembershipCard {
  @PrimaryColumn('char', { length: 11 })
  @Field(() => ID, { description: 'KPJ: the 11-digit membership number.' })
  @RequiresScopes(Scope.COVERAGE_READ, Scope.COVERAGE_STATUS_READ)
  kpj: string;

  @Column('char', { length: 16 })
  nik: string;

  @Column('varchar', { length: 8 })
  @Field(() => CardStatus, { description: 'The card\'s status now, by the payment rule.' })
  @RequiresScopes(Scope.COVERAGE_READ, Scope.COVERAGE_STATUS_READ)
  status: CardStatus;

  /** The member's domicile village as recorded by the insurer at enrollment or renewal. */
  @Column('varchar', { name: 'village_code', length: 13 })
  villageCode: string;

  @Column('date', { name: 'issued_on' })
  @Field(() => Date, { description: 'The day the card was issued.' })
  @RequiresScopes(Scope.COVERAGE_READ)
  issuedOn: string;

  /** The last month paid before payments were recorded here (the seed's funded years); later payments are rows. */
  @Column('date', { name: 'paid_through', nullable: true })
  paidThrough: string | null;

  @Column('date', { name: 'closed_on', nullable: true })
  @Field(() => Date, { nullable: true, description: 'The day the card was closed (the date of death), if closed; masked without personal-data:read.' })
  @RequiresScopes(Scope.COVERAGE_READ)
  @PersonalData('date')
  closedOn: string | null;

  @Column('varchar', { name: 'closed_reason', nullable: true })
  closedReason: string | null;
}

@Entity('coverage_period')
@ObjectType({ description: 'A span of days during which a payer funds the listed programs for a card.' })
export class CoveragePeriod {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque, stable identifier of the period.' })
  id: string;

  @Column('char', { length: 11 })
  kpj: string;

  @Column('varchar', { name: 'allocation_id' })
  allocationId: string;

  @Column('varchar', { name: 'village_code', length: 13 })
  villageCode: string;

  @Column('date', { name: 'valid_from' })
  @Field(() => Date, { description: 'First covered day.' })
  validFrom: string;

  @Column('date', { name: 'valid_until' })
  @Field(() => Date, { description: 'Last covered day, inclusive.' })
  validUntil: string;

  @Column('text', { array: true })
  @Field(() => [Program], { description: 'The programs this period covers.' })
  programs: Program[];

  @Column('bigint', { name: 'monthly_premium' })
  @Field(() => RupiahScalar, { description: 'Premium for one month of all listed programs.' })
  monthlyPremium: string;

  @Column('int')
  @Field(() => Int, { description: 'Months of premium this period commits.' })
  months: number;

  @Column('uuid', { name: 'enrollment_id', nullable: true })
  enrollmentId: string | null;
}
