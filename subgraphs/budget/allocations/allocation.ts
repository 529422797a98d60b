/**
 * APBD allocations: money the regional budget sets aside, under a legal basis, to pay the
 * premiums of the workers it covers. The ceiling (pagu) bounds what may be committed.
 */
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Program } from '../../shared/program';
import { RupiahScalar } from '../../shared/scalars';

/** A regency as the population subgraph owns it; budget only knows its code. */
@Directive('@key(fields: "code", resolvable: false)')
@ObjectType()
export class Regency {
  @Field(() => ID)
  code: string;
}

@Entity('funder')
@ObjectType({ description: 'A payer of premiums: a city or regency government, or another agency.' })
export class Funder {
  @PrimaryColumn('varchar')
  @Field(() => ID)
  id: string;

  @Column('varchar')
  @Field()
  name: string;

  @Column('varchar', { name: 'regency_code', length: 5, nullable: true })
  regencyCode: string | null;
}

@Entity('allocation')
@Directive('@key(fields: "id")')
@ObjectType({ description: 'An APBD allocation funding BPJS Ketenagakerjaan premiums for one fiscal year.' })
export class Allocation {
  @PrimaryColumn('varchar')
  @Field(() => ID)
  id: string;

  @Column('int', { name: 'fiscal_year' })
  @Field(() => Int, { description: 'APBD fiscal year: 1 January to 31 December.' })
  fiscalYear: number;

  @Column('varchar', { name: 'funder_id' })
  funderId: string;

  @Column('varchar', { name: 'legal_basis' })
  @Field({ description: 'The regulation that authorises the spending, e.g. "Peraturan Walikota Ambon Nomor 34A Tahun 2020".' })
  legalBasis: string;

  @Column('bigint')
  @Field(() => RupiahScalar, { description: 'Pagu: the most this allocation may commit, in rupiah.' })
  ceiling: string;

  @Column('bigint', { name: 'premium_per_worker_month' })
  @Field(() => RupiahScalar, { description: 'Premium paid for one worker for one month, in rupiah.' })
  premiumPerWorkerMonth: string;

  @Column('text', { array: true })
  @Field(() => [Program])
  programs: Program[];
}
