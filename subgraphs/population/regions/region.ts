/**
 * Kemendagri's administrative regions: province > regency (kabupaten/kota) > district
 * (kecamatan) > village (desa/kelurahan/negeri), keyed by their official dotted codes.
 */
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum VillageKind {
  KELURAHAN = 'KELURAHAN',
  DESA = 'DESA',
}
registerEnumType(VillageKind, {
  name: 'VillageKind',
  description: 'KELURAHAN: an urban village run by the city; DESA: a rural village or negeri with its own head.',
  valuesConfig: {
    KELURAHAN: { description: "An urban village run by the city: the code's fourth part starts with 1." },
    DESA: { description: "A rural village or negeri with its own head: the code's fourth part starts with 2." },
  },
});

@Entity('province')
@ObjectType({ description: 'A province (provinsi), e.g. 81 Maluku.' })
export class Province {
  @PrimaryColumn('varchar', { length: 2 })
  @Field(() => ID, { description: 'Kemendagri code, e.g. "81".' })
  code: string;

  @Column('varchar')
  @Field({ description: 'Official name, e.g. "Maluku".' })
  name: string;
}

@Entity('regency')
@Directive('@key(fields: "code")')
@ObjectType({ description: 'A regency or city (kabupaten/kota), e.g. 81.71 Kota Ambon.' })
export class Regency {
  @PrimaryColumn('varchar', { length: 5 })
  @Field(() => ID, { description: 'Kemendagri code, e.g. "81.71"; the federation key.' })
  code: string;

  @Column('varchar', { name: 'province_code', length: 2 })
  provinceCode: string;

  @Column('varchar')
  @Field({ description: 'Official name, e.g. "Kota Ambon".' })
  name: string;
}

@Entity('district')
@Directive('@key(fields: "code")')
@ObjectType({ description: 'A district (kecamatan), e.g. 81.71.02 Sirimau.' })
export class District {
  @PrimaryColumn('varchar', { length: 8 })
  @Field(() => ID, { description: 'Kemendagri code, e.g. "81.71.02"; the federation key.' })
  code: string;

  @Column('varchar', { name: 'regency_code', length: 5 })
  regencyCode: string;

  @Column('varchar')
  @Field({ description: 'Official name, e.g. "Sirimau".' })
  name: string;
}

@Entity('village')
@Directive('@key(fields: "code")')
@ObjectType({ description: 'A village: kelurahan, desa or negeri, e.g. 81.71.02.1001.' })
export class Village {
  @PrimaryColumn('varchar', { length: 13 })
  @Field(() => ID, { description: 'Kemendagri code, e.g. "81.71.02.1001"; the federation key.' })
  code: string;

  @Column('varchar', { name: 'district_code', length: 8 })
  districtCode: string;

  @Column('varchar')
  @Field({ description: 'Official name.' })
  name: string;

  /** The code's fourth part starts with 1 for a kelurahan and 2 for a desa/negeri. */
  @Field(() => VillageKind, { description: 'Kelurahan or desa/negeri, read from the code.' })
  get kind(): VillageKind {
    return villageKind(this.code);
  }
}

export function villageKind(code: string): VillageKind {
  return code.split('.')[3]?.startsWith('1') ? VillageKind.KELURAHAN : VillageKind.DESA;
}
