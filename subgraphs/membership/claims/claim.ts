/**
 * Heirs (ahli waris) of a member, and claims on the member's programs: JKM (death benefit,
 * Rp 42,000,000 in three items paid to the first rank of heirs) and JKK (work accident, itemised
 * benefits computed from the declared income), each claim with its items and their recipients.
 */
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { RupiahScalar } from '../../shared/scalars';
import { BenefitKind, CauseOfDeath, RecipientKind } from './benefits';
import { HeirRelationship } from './heir-order';

export enum ClaimProgram {
  JKM = 'JKM',
  JKK = 'JKK',
}
registerEnumType(ClaimProgram, {
  name: 'ClaimProgram',
  description: 'The programs that pay claims: JKM (death) and JKK (work accident).',
  valuesConfig: {
    JKM: { description: 'Jaminan Kematian: the death benefit, Rp 42,000,000, paid to a verified heir.' },
    JKK: { description: 'Jaminan Kecelakaan Kerja: the costs of a work accident.' },
  },
});

export enum ClaimStatus {
  FILED = 'FILED',
  PAID = 'PAID',
}
registerEnumType(ClaimStatus, {
  name: 'ClaimStatus',
  description: 'Where a claim stands.',
  valuesConfig: { FILED: { description: 'Filed and not yet paid.' }, PAID: { description: 'Paid (once, whatever the retries).' } },
});

@Entity('heir')
@ObjectType({ description: 'An heir (ahli waris) of a member.' })
export class Heir {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque, stable identifier of the heir.' })
  id: string;

  @Column('char', { length: 11 })
  @Field(() => ID, { description: 'KPJ of the member whose heir this is.' })
  kpj: string;

  @Column('varchar', { name: 'full_name' })
  @Field({ description: 'The heir\'s full name.' })
  fullName: string;

  @Column('varchar')
  @Field(() => HeirRelationship, { description: 'The relationship to the member, which sets the heir’s rank in the legal order.' })
  relationship: HeirRelationship;

  @Column('boolean')
  @Field({ description: 'Whether the insurer has checked the heir’s documents; only verified heirs are paid.' })
  verified: boolean;
}

@Entity('claim')
@ObjectType({ description: 'A claim on a member’s JKM or JKK program.' })
export class Claim {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque, stable identifier of the claim.' })
  id: string;

  @Column('char', { length: 11 })
  @Field(() => ID, { description: 'KPJ of the card claimed on.' })
  kpj: string;

  @Column('varchar', { length: 3 })
  @Field(() => ClaimProgram, { description: 'The program that pays.' })
  program: ClaimProgram;

  @Column('date', { name: 'event_date' })
  @Field(() => Date, { description: 'The date of death (JKM) or of the accident (JKK).' })
  eventDate: string;

  @Column('bigint')
  @Field(() => RupiahScalar, { description: 'The benefit in rupiah: Rp 42,000,000 for JKM, the costs claimed for JKK.' })
  amount: string;

  @Column('uuid', { name: 'heir_id', nullable: true })
  heirId: string | null;

  @Column('varchar', { name: 'cause_of_death', nullable: true })
  @Field(() => CauseOfDeath, { nullable: true, description: 'JKM: the cause of death (never a work accident: that is a JKK death benefit).' })
  causeOfDeath: CauseOfDeath | null;

  @Column('int', { name: 'contribution_months', nullable: true })
  @Field(() => Int, { nullable: true, description: 'JKM: months of contributions paid by the date of death (the scholarship needs at least 36).' })
  contributionMonths: number | null;

  @Column('varchar', { length: 5 })
  @Field(() => ClaimStatus, { description: 'Whether it has been paid.' })
  status: ClaimStatus;

  @Column('timestamptz', { name: 'paid_at', nullable: true })
  paidAt: Date | null;
}

@Entity('claim_item')
@ObjectType({ description: 'One benefit of a claim, with its recipient and how the amount follows from the law.' })
export class ClaimItem {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'The item.' })
  id: string;

  @Column('uuid', { name: 'claim_id' })
  claimId: string;

  @Column('varchar')
  @Field(() => BenefitKind, { description: 'Which benefit.' })
  kind: BenefitKind;

  @Column('bigint')
  @Field(() => RupiahScalar, { description: 'Its amount, computed or capped by the regulation.' })
  amount: string;

  @Column('varchar')
  @Field(() => RecipientKind, { description: 'Who receives it.' })
  recipient: RecipientKind;

  @Column('uuid', { name: 'heir_id', nullable: true })
  @Field(() => ID, { nullable: true, description: 'The heir (or funeral arranger) paid, when the recipient is a person on the card.' })
  heirId: string | null;

  @Column('varchar')
  @Field({ description: 'How the amount was computed or capped.' })
  basis: string;
}
