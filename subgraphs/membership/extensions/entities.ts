/**
 * Entities other subgraphs own, as membership knows them: only their keys. Membership adds
 * the insurer's facts to them (a worker's card, an allocation's enrolment, a village's coverage).
 */
import { PersonalData } from '../../../contract/access';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { RupiahScalar } from '../../../platform/scalars';
import { SUPPRESSED_DESCRIPTION } from '../analytics/disclosure-control';

@Directive('@key(fields: "nik")')
@ObjectType()
export class Worker {
  // Marked here too: a subgraph masks what it marks in its own answers (subgraphs/kit/owner-masking.ts),
  // and a card's holder leaves membership as nothing but this key.
  @Field(() => ID)
  @PersonalData('nik')
  nik: string;
}

@Directive('@key(fields: "id")')
@ObjectType()
export class Allocation {
  @Field(() => ID)
  id: string;
}

@Directive('@key(fields: "code")')
@ObjectType()
export class Village {
  @Field(() => ID)
  code: string;
}

@Directive('@key(fields: "code")')
@ObjectType()
export class District {
  @Field(() => ID)
  code: string;
}

@Directive('@key(fields: "code")')
@ObjectType()
export class Regency {
  @Field(() => ID)
  code: string;
}

@ObjectType({
  description: "The insurer's totals for a village, district or regency on one day, aggregated by the database.",
})
export class AreaCoverage {
  @Field(() => Date, { description: 'The day counted.' })
  asOf: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'Workers with a coverage period in force that day; without personal-data:read, under the disclosure-control rule (null when withheld).',
  })
  coveredWorkers: number | null;

  @Field(() => RupiahScalar, {
    nullable: true,
    description:
      'Monthly premium funded for them; without personal-data:read rounded to Rp 100,000, null when the count is withheld.',
  })
  monthlyPremium: number | string | null;

  @Field({ description: SUPPRESSED_DESCRIPTION })
  suppressed: boolean;
}
