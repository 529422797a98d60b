/**
 * APBD allocations: money the regional budget sets aside, under a legal basis, to pay the
 * premiums of the workers it covers. The ceiling (pagu) bounds what may be committed.
 */
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Program } from '../../../domain/program';
import { DateTimeScalar, RupiahScalar } from '../../../platform/scalars';

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
  @Field(() => ID, { description: 'The funder\'s id, e.g. "81.71" for Pemerintah Kota Ambon.' })
  id: string;

  @Column('varchar')
  @Field({ description: 'The paying agency\'s name, e.g. "Pemerintah Kota Ambon".' })
  name: string;

  @Column('varchar', { name: 'regency_code', length: 5, nullable: true })
  regencyCode: string | null;
}

@Entity('allocation')
@Directive('@key(fields: "id")')
@ObjectType({ description: 'An APBD allocation funding BPJS Ketenagakerjaan premiums for one fiscal year.' })
export class Allocation {
  @PrimaryColumn('varchar')
  @Field(() => ID, {
    description: 'The allocation\'s id, <funder>-<year>-<nn>, e.g. "81.71-2021-01"; stable, and its federation key.',
  })
  id: string;

  @Column('int', { name: 'fiscal_year' })
  @Field(() => Int, { description: 'APBD fiscal year: 1 January to 31 December.' })
  fiscalYear: number;

  @Column('varchar', { name: 'funder_id' })
  funderId: string;

  @Column('varchar', { name: 'legal_basis' })
  @Field({
    description: 'The regulation that authorises the spending, e.g. "Peraturan Walikota Ambon Nomor 34A Tahun 2020".',
  })
  legalBasis: string;

  @Column('bigint')
  @Field(() => RupiahScalar, { description: 'Pagu: the most this allocation may commit, in rupiah.' })
  ceiling: string;

  @Column('bigint', { name: 'premium_per_worker_month' })
  @Field(() => RupiahScalar, { description: 'Premium paid for one worker for one month, in rupiah.' })
  premiumPerWorkerMonth: string;

  @Column('text', { array: true })
  @Field(() => [Program], { description: 'The programs whose premiums this allocation pays.' })
  programs: Program[];

  @Column('bigint')
  @Field(() => RupiahScalar, { description: 'Premium committed by confirmed enrollments, in rupiah.' })
  committed: string;

  @Column('bigint')
  @Field(() => RupiahScalar, {
    description: 'Premium held for enrollments still in progress, in rupiah (0 when nothing is in flight).',
  })
  reserved: string;

  @Column('bigint')
  @Field(() => RupiahScalar, {
    description:
      'Realisasi: the sum of the invoices the funder paid within the fiscal year (cash basis, paid on or before 31 December), in rupiah.',
  })
  realised: string;

  @Column('bigint', { name: 'paid_after_year_end' })
  @Field(() => RupiahScalar, {
    description:
      "Invoices of this allocation paid after its fiscal year closed, in rupiah: the next year's payable (utang belanja), paid from the next APBD and not this allocation's realisasi.",
  })
  paidAfterYearEnd: string;

  @Column('int')
  @Field(() => Int, { description: 'Version of the ceiling: 1 as budgeted, +1 per revision (APBD-Perubahan).' })
  version: number;

  @Column('timestamptz', { name: 'version_since' })
  versionSince: Date;
}

@ObjectType({ description: 'An earlier version of an allocation, kept when its ceiling was revised.' })
export class AllocationRevision {
  @Field(() => Int, { description: 'The version this was: 1 as budgeted, +1 per revision.' })
  version: number;

  @Field(() => RupiahScalar, { description: 'The ceiling (pagu) of this version, in rupiah.' })
  ceiling: string;

  @Field({ description: 'The regulation this version rested on.' })
  legalBasis: string;

  @Field(() => DateTimeScalar, { description: 'When this version took effect.' })
  validSince: string;

  @Field(() => DateTimeScalar, { description: 'When the next version replaced it.' })
  supersededAt: string;
}
