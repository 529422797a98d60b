/**
 * BPJS Kesehatan's record of a person's JKN (Jaminan Kesehatan Nasional, national health
 * insurance) membership, keyed by NIK like every membership in Indonesia since the 2014 merger.
 */
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum JknStatus {
  ACTIVE = 'ACTIVE',
  INACTIVE = 'INACTIVE',
}
registerEnumType(JknStatus, {
  name: 'JknStatus',
  description: 'Whether BPJS Kesehatan pays for care today.',
  valuesConfig: {
    ACTIVE: { description: 'Contributions are paid (or subsidised): care is covered.' },
    INACTIVE: { description: 'Contributions in arrears: care is suspended until they are paid.' },
  },
});

export enum JknSegment {
  PBI_APBN = 'PBI_APBN',
  PBI_APBD = 'PBI_APBD',
  PBPU = 'PBPU',
  PPU = 'PPU',
  BP = 'BP',
}
registerEnumType(JknSegment, {
  name: 'JknSegment',
  description: 'Who pays the JKN contribution.',
  valuesConfig: {
    PBI_APBN: { description: 'Penerima Bantuan Iuran: contribution paid by the national budget.' },
    PBI_APBD: { description: 'Penerima Bantuan Iuran: contribution paid by the regional budget (APBD).' },
    PBPU: { description: 'Pekerja Bukan Penerima Upah: an informal worker paying for themselves.' },
    PPU: { description: 'Pekerja Penerima Upah: a wage earner, paid with the employer.' },
    BP: { description: 'Bukan Pekerja: not working, e.g. a retiree.' },
  },
});

export const SUBSIDISED_SEGMENTS = [JknSegment.PBI_APBN, JknSegment.PBI_APBD];

@Entity('jkn_membership')
@Directive('@key(fields: "cardNumber")')
@ObjectType({ description: 'A JKN membership with BPJS Kesehatan (national health insurance).' })
export class JknMembership {
  @PrimaryColumn('char', { name: 'card_number', length: 13 })
  @Field(() => ID, { description: 'Nomor kartu JKN: the 13-digit card number.' })
  cardNumber: string;

  @Column('char', { length: 16 })
  nik: string;

  @Column('varchar', { length: 8 })
  @Field(() => JknStatus, { description: 'Whether BPJS Kesehatan pays for care today.' })
  status: JknStatus;

  @Column('varchar', { length: 8 })
  @Field(() => JknSegment, { description: 'Who pays the contribution.' })
  segment: JknSegment;

  @Column('smallint', { name: 'care_class' })
  @Field(() => Int, { description: 'Kelas rawat: the hospital ward class covered, 1 (best) to 3.' })
  careClass: number;

  /** The member's domicile village as BPJS Kesehatan recorded it. */
  @Column('varchar', { name: 'village_code', length: 13 })
  villageCode: string;

  @Column('date', { name: 'registered_on' })
  @Field(() => Date, { description: 'The day the membership began.' })
  registeredOn: string;
}
