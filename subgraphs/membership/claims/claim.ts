/**
 * Heirs (ahli waris) of a member, and claims on the member's programs: JKM (death benefit, a fixed
 * Rp 42,000,000 paid to a verified heir) and JKK (work accident, the costs claimed).
 */
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { RupiahScalar } from '../../shared/scalars';

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
  @Field({ description: 'e.g. spouse, child, parent.' })
  relationship: string;

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

  @Column('varchar', { length: 5 })
  @Field(() => ClaimStatus, { description: 'Whether it has been paid.' })
  status: ClaimStatus;

  @Column('timestamptz', { name: 'paid_at', nullable: true })
  paidAt: Date | null;
}
