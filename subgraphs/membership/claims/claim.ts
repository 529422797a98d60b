/**
 * Heirs (ahli waris) of a member, and claims on the member's programs: JKM (death benefit,
 * Rp 42,000,000 in three items paid to the first rank of heirs) and JKK (work accident, itemised
 * benefits computed from the declared income), each claim with its items and their recipients.
 */
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PersonalData } from '../../../contract/access';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeScalar, RupiahScalar } from '../../../platform/scalars';
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
  valuesConfig: {
    FILED: { description: 'Filed and not yet paid.' },
    PAID: { description: 'Paid (once, whatever the retries).' },
  },
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
  @Field({ description: "The heir's full name." })
  fullName: string;

  @Column('varchar')
  @Field(() => HeirRelationship, {
    description: 'The relationship to the member, which sets the heir’s rank in the legal order.',
  })
  relationship: HeirRelationship;

  /** The free-text relationship an heir recorded before the legal order had a vocabulary (migration 1765000000003); null since. */
  @Column('varchar', { name: 'relationship_as_written', nullable: true })
  relationshipAsWritten: string | null;

  @Column('boolean')
  @Field({ description: 'Whether the insurer has checked the heir’s documents; only verified heirs are paid.' })
  verified: boolean;

  /** Who recorded the heir; they never verify them nor pay them (separation of duties). */
  @Column('varchar', { name: 'added_by', length: 200, nullable: true })
  addedBy: string | null;

  @Column('varchar', { name: 'verified_by', length: 200, nullable: true })
  verifiedBy: string | null;
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
  @Field(() => Date, {
    description:
      'The date of death (JKM) or of the accident (JKK); masked without personal-data:read, like `MembershipCard.closedOn`.',
  })
  @PersonalData('date')
  eventDate: string;

  @Column('bigint')
  @Field(() => RupiahScalar, {
    description: 'The benefit in rupiah: Rp 42,000,000 for JKM, the costs claimed for JKK.',
  })
  amount: string;

  @Column('uuid', { name: 'heir_id', nullable: true })
  heirId: string | null;

  @Column('varchar', { name: 'cause_of_death', nullable: true })
  @Field(() => CauseOfDeath, {
    nullable: true,
    description:
      'JKM: the cause of death (never a work accident: that is a JKK death benefit); masked without personal-data:read.',
  })
  @PersonalData('full')
  causeOfDeath: CauseOfDeath | null;

  @Column('int', { name: 'contribution_months', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description:
      "JKM: months of contributions paid by the date of death (the scholarship needs at least 36); null without personal-data:read, since with the card's first month it dates the death.",
  })
  @PersonalData('full')
  contributionMonths: number | null;

  @Column('varchar', { length: 5 })
  @Field(() => ClaimStatus, { description: 'Whether it has been paid.' })
  status: ClaimStatus;

  @Column('timestamptz', { name: 'filed_at' })
  filedAt: Date;

  @Column('varchar', { name: 'filed_by', length: 200, nullable: true })
  filedBy: string | null;

  @Column('timestamptz', { name: 'paid_at', nullable: true })
  paidAt: Date | null;

  @Column('varchar', { name: 'paid_by', length: 200, nullable: true })
  paidBy: string | null;
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
  @Field(() => BenefitKind, {
    description: 'Which benefit; masked without personal-data:read (it tells a death from an accident and its harm).',
  })
  @PersonalData('full')
  kind: BenefitKind;

  @Column('bigint')
  @Field(() => RupiahScalar, { description: 'Its amount, computed or capped by the regulation.' })
  amount: string;

  @Column('varchar')
  @Field(() => RecipientKind, { description: 'Who receives it; masked without personal-data:read.' })
  @PersonalData('full')
  recipient: RecipientKind;

  @Column('uuid', { name: 'heir_id', nullable: true })
  @Field(() => ID, {
    nullable: true,
    description: 'The heir (or funeral arranger) paid, when the recipient is a person on the card.',
  })
  heirId: string | null;

  @Column('varchar')
  @Field({ description: 'How the amount was computed or capped; masked without personal-data:read.' })
  @PersonalData('full')
  basis: string;

  /** Who put this money on the claim: never also its payer. */
  @Column('varchar', { name: 'added_by', length: 200 })
  addedBy: string;

  @Column('timestamptz', { name: 'recorded_at' })
  @Field(() => DateTimeScalar, { description: "When the item was recorded, by the server's clock." })
  recordedAt: Date;

  @Column('varchar', { name: 'bill_reference', length: 100, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: "MEDICAL_CARE: the health facility's bill the amount comes from; masked without personal-data:read.",
  })
  @PersonalData('full')
  billReference: string | null;

  @Column('int', { nullable: true })
  @Field(() => Int, {
    nullable: true,
    description:
      'TEMPORARY_INCAPACITY: the days unable to work this item pays, counted on from the earlier items of the accident; null without personal-data:read.',
  })
  @PersonalData('full')
  days: number | null;

  @Column('int', { name: 'disability_percent', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description:
      'PERMANENT_DISABILITY: the percentage of disability (100 = total); the items of one accident add up to at most 100. Null without personal-data:read.',
  })
  @PersonalData('full')
  disabilityPercent: number | null;

  @Column('boolean', { name: 'needs_approval' })
  @Field({
    description:
      'Whether the amount is above the plausibility cap, so a second officer (neither its adder nor the filer) must approve it before the claim is paid.',
  })
  needsApproval: boolean;
}

/** A second officer's approval of an item above the plausibility cap: a fact of its own, never an edit of the item. */
@Entity('claim_item_approval')
export class ClaimItemApproval {
  @PrimaryColumn('uuid', { name: 'item_id' })
  itemId: string;

  @Column('varchar', { name: 'approved_by', length: 200 })
  approvedBy: string;

  @Column('timestamptz', { name: 'approved_at' })
  approvedAt: Date;
}
