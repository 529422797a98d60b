/**
 * The insurer's records: a membership card (KPJ, Kartu Peserta Jamsostek) per worker, and the
 * coverage periods a payer funds on it. One card that is not CLOSED per NIK.
 */
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { PersonalData, RequiresScopes } from '../../../contract/access';
import { Program } from '../../../domain/program';
import { Scope } from '../../../contract/scopes';
import { DateTimeScalar, RupiahScalar } from '../../../platform/scalars';

export enum CardStatus {
  ACTIVE = 'ACTIVE',
  INACTIVE = 'INACTIVE',
  CLOSED = 'CLOSED',
  NOT_COVERED = 'NOT_COVERED',
}
registerEnumType(CardStatus, {
  name: 'CardStatus',
  description: "A membership card's status by the payment rule.",
  valuesConfig: {
    ACTIVE: {
      description:
        'A coverage period is in force and fewer than three of its completed months are unpaid: the worker is covered.',
    },
    INACTIVE: {
      description:
        'A coverage period is in force but three or more of its completed months are unpaid (payments settle the oldest month first).',
    },
    CLOSED: { description: "Closed for good, e.g. at the member's death." },
    NOT_COVERED: {
      description:
        'No coverage period is in force that day (cover has ended or not yet begun) until the card is renewed.',
    },
  },
});

/** What is stored: the card's life cycle. Its status on a day is derived (`card_status_on`). */
export type CardLifecycle = 'OPEN' | 'CLOSED';

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

  @Column('varchar', { name: 'status', length: 8 })
  lifecycle: CardLifecycle;

  /** Derived on read for today in Ambon by every loader (never a stored value that could go stale). */
  @Field(() => CardStatus, {
    description: 'The status today in Ambon, derived from coverage periods, payments and death; see `statusOn`.',
  })
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
  @Field(() => Date, {
    nullable: true,
    description: 'The day the card was closed (the date of death), if closed; masked without personal-data:read.',
  })
  @RequiresScopes(Scope.COVERAGE_READ)
  @PersonalData('date')
  closedOn: string | null;

  @Column('varchar', { name: 'closed_reason', nullable: true })
  closedReason: string | null;

  /** When the closure (the death) was recorded, by the server clock: a claim judges only what was known by its event. */
  @Column('timestamptz', { name: 'closed_recorded_at', nullable: true, select: false })
  closedRecordedAt?: Date | null;
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

  /** The premium per worker-month the funding allocation budgets (the normal rate); see `monthlyPremium` in the resolver for the rate in force. */
  @Column('bigint', { name: 'monthly_premium' })
  monthlyPremium: string;

  @Column('date', { name: 'member_since' })
  memberSince: string;

  @Column('bigint', { name: 'premium_total' })
  @Field(() => RupiahScalar, {
    description: 'Premium this period commits: each month at the rate in force that month.',
  })
  premiumTotal: string;

  /** The day the period was asked for, when read as "the coverage in force on a day". */
  asOf?: string;

  @Column('int')
  @Field(() => Int, { description: 'Months of premium this period commits.' })
  months: number;

  @Column('uuid', { name: 'enrollment_id', nullable: true })
  enrollmentId: string | null;

  @Column('bigint', { name: 'declared_income' })
  @Field(() => RupiahScalar, {
    description:
      'The monthly income the worker declared for this period: the JKK premium bracket and the base of JKK cash benefits.',
  })
  declaredIncome: string;

  @Column('timestamptz', { name: 'recorded_at' })
  @Field(() => DateTimeScalar, {
    description:
      "When the period was recorded, by the server's clock. Cover never starts before the day it was recorded, and a claim counts only cover recorded by the end of its event day.",
  })
  recordedAt: Date;
}
