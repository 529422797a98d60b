/**
 * A resident registered by the city as an informal worker, keyed by NIK. Birth date and sex
 * are stored as registered and always agree with the NIK (checked on every write).
 */
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { PersonalData, RequiresScopes } from '../../../contract/access';
import { Scope } from '../../../contract/scopes';

export enum Sex {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}
registerEnumType(Sex, {
  name: 'Sex',
  description: 'Sex as encoded in the NIK.',
  valuesConfig: {
    MALE: { description: 'The NIK carries the birth day as it is.' },
    FEMALE: { description: 'The NIK carries the birth day plus 40.' },
  },
});

@Entity('worker')
@Directive('@key(fields: "nik")')
@ObjectType({ description: 'An informal worker (pekerja Bukan Penerima Upah) resident in a village.' })
export class Worker {
  @PrimaryColumn('char', { length: 16 })
  @Field(() => ID, { description: 'NIK, the 16-digit national identity number (masked without personal-data:read).' })
  @RequiresScopes(Scope.WORKERS_READ, Scope.COVERAGE_STATUS_READ)
  @PersonalData('nik')
  nik: string;

  @Column('varchar', { name: 'full_name' })
  @Field({ description: 'Masked without personal-data:read.' })
  @RequiresScopes(Scope.WORKERS_READ)
  @PersonalData('name')
  fullName: string;

  @Column('date', { name: 'birth_date' })
  @Field(() => Date, { description: 'As encoded in the NIK; masked without personal-data:read.' })
  @RequiresScopes(Scope.WORKERS_READ)
  @PersonalData('date')
  birthDate: string;

  @Column('varchar', { length: 6 })
  @Field(() => Sex, { description: 'As encoded in the NIK (women add 40 to the birth day).' })
  @RequiresScopes(Scope.WORKERS_READ)
  sex: Sex;

  @Column('varchar')
  @Field({ description: 'The informal occupation registered, e.g. "Nelayan" (fisher).' })
  @RequiresScopes(Scope.WORKERS_READ)
  occupation: string;

  @Column('varchar', { name: 'village_code', length: 13 })
  villageCode: string;

  @CreateDateColumn({ name: 'registered_at', type: 'timestamptz' })
  registeredAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
