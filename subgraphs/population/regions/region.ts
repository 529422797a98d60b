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
});

@Entity('province')
@ObjectType({ description: 'A province (provinsi), e.g. 81 Maluku.' })
export class Province {
  @PrimaryColumn('varchar', { length: 2 })
  @Field(() => ID)
  code: string;

  @Column('varchar')
  @Field()
  name: string;
}

@Entity('regency')
@Directive('@key(fields: "code")')
@ObjectType({ description: 'A regency or city (kabupaten/kota), e.g. 81.71 Kota Ambon.' })
export class Regency {
  @PrimaryColumn('varchar', { length: 5 })
  @Field(() => ID)
  code: string;

  @Column('varchar', { name: 'province_code', length: 2 })
  provinceCode: string;

  @Column('varchar')
  @Field()
  name: string;
}

@Entity('district')
@Directive('@key(fields: "code")')
@ObjectType({ description: 'A district (kecamatan), e.g. 81.71.02 Sirimau.' })
export class District {
  @PrimaryColumn('varchar', { length: 8 })
  @Field(() => ID)
  code: string;

  @Column('varchar', { name: 'regency_code', length: 5 })
  regencyCode: string;

  @Column('varchar')
  @Field()
  name: string;
}

@Entity('village')
@Directive('@key(fields: "code")')
@ObjectType({ description: 'A village: kelurahan, desa or negeri, e.g. 81.71.02.1001.' })
export class Village {
  @PrimaryColumn('varchar', { length: 13 })
  @Field(() => ID)
  code: string;

  @Column('varchar', { name: 'district_code', length: 8 })
  districtCode: string;

  @Column('varchar')
  @Field()
  name: string;

  /** The code's fourth part starts with 1 for a kelurahan and 2 for a desa/negeri. */
  @Field(() => VillageKind)
  get kind(): VillageKind {
    return villageKind(this.code);
  }
}

export function villageKind(code: string): VillageKind {
  return code.split('.')[3]?.startsWith('1') ? VillageKind.KELURAHAN : VillageKind.DESA;
}
