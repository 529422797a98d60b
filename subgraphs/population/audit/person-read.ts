/**
 * One row of the read audit: which person's record was read, by whom, for which agency,
 * in which client operation, when, and which subgraph served it.
 */
import { DateTimeScalar } from '../../../platform/scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { PersonalData } from '../../../contract/access';

@Entity('person_read_audit')
@ObjectType({ description: "A read of a person's record, as the read audit keeps it." })
export class PersonRead {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  @Field(() => ID, { description: 'Opaque, stable identifier of this read.' })
  id: string;

  @Column('char', { length: 16 })
  @Field({ description: 'NIK of the person whose record was read; masked without personal-data:read.' })
  @PersonalData('nik')
  nik: string;

  @Column('varchar')
  @Field({ description: "The reader: the token's subject." })
  reader: string;

  @Column('varchar')
  @Field({ description: "The reader's agency, from the token." })
  agency: string;

  @Column('text', { array: true })
  @Field(() => [String], { description: "The reader's roles, from the token." })
  roles: string[];

  @Column('varchar', { name: 'operation_name', nullable: true })
  @Field(() => String, { nullable: true, description: "The client's operation name, when it gave one." })
  operationName: string | null;

  @Column('varchar', { name: 'request_id' })
  @Field({ description: "The gateway's id of the request that read the record, to find it in the logs." })
  requestId: string;

  @Column('varchar')
  @Field({
    description:
      "The subgraph that served the person's data: `population` for the population office's own record (NIK, name, birth date), or the partner whose fields marked personal data were read.",
  })
  subgraph: string;

  @Column('text', { array: true, nullable: true })
  @Field(() => [String], {
    nullable: true,
    description:
      "The fields marked personal data that were read, as `Type.field` coordinates, when another subgraph served them; null for the population office's own record.",
  })
  fields: string[] | null;

  @Column('timestamptz', {
    name: 'read_at',
    transformer: { from: (value: Date) => value.toISOString(), to: (value: string) => value },
  })
  @Field(() => DateTimeScalar, { description: 'When the record was read.' })
  readAt: string;
}
