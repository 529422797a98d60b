/**
 * BPJS Kesehatan's record of a person's JKN (Jaminan Kesehatan Nasional, national health
 * insurance) membership, keyed by NIK like every membership in Indonesia since the 2014 merger.
 */
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { PersonalData, RequiresScopes } from '../../../contract/access';
import { Scope } from '../../../contract/scopes';

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

/**
 * Every field says something about one person (UU 27/2022): the card number identifies them, the
 * segment tells a subsidised poor household (PBI) apart, the ward class and the day they joined
 * are their record. So each is marked personal data: masked without `personal-data:read`, and
 * every read recorded by the gateway's read audit under the holder's NIK (`holder`).
 */
@Entity('jkn_membership')
@Directive('@key(fields: "cardNumber")')
@ObjectType({ description: 'A JKN membership with BPJS Kesehatan (national health insurance).' })
export class JknMembership {
  @PrimaryColumn('char', { name: 'card_number', length: 13 })
  @Field(() => ID, { description: 'Nomor kartu JKN: the 13-digit card number; masked without personal-data:read.' })
  @PersonalData('partial')
  cardNumber: string;

  @Column('char', { length: 16 })
  nik: string;

  @Column('varchar', { length: 8 })
  @Field(() => JknStatus, {
    description: 'Whether BPJS Kesehatan pays for care today; masked without personal-data:read.',
  })
  @PersonalData('full')
  status: JknStatus;

  @Column('varchar', { length: 8 })
  @Field(() => JknSegment, {
    description:
      'Who pays the contribution; masked without personal-data:read (PBI marks a subsidised poor household).',
  })
  @PersonalData('full')
  segment: JknSegment;

  @Column('smallint', { name: 'care_class' })
  // A number the gateway cannot mask: only callers who may read personal data in clear get it.
  @Field(() => Int, { description: 'Kelas rawat: the hospital ward class covered, 1 (best) to 3.' })
  @RequiresScopes([Scope.COVERAGE_READ, Scope.PERSONAL_DATA_READ])
  @PersonalData('full')
  careClass: number;

  /** The member's domicile village as BPJS Kesehatan recorded it. */
  @Column('varchar', { name: 'village_code', length: 13 })
  villageCode: string;

  @Column('date', { name: 'registered_on' })
  @Field(() => Date, { description: 'The day the membership began; masked without personal-data:read.' })
  @PersonalData('date')
  registeredOn: string;
}
