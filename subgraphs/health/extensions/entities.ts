/**
 * Entities other subgraphs own, as the health insurer knows them: only their keys. Health adds
 * a worker's JKN membership and a village's JKN counts to them.
 */
import { PersonalData } from '../../../contract/access';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { NotPersonalData } from '../../../contract/access';

@Directive('@key(fields: "nik")')
@ObjectType()
export class Worker {
  // Marked here too: a subgraph masks what it marks in its own answers (subgraphs/kit/owner-masking.ts),
  // and this key is all of a worker that health ever answers.
  @Field(() => ID)
  @PersonalData('nik')
  nik: string;
}

@Directive('@key(fields: "code")')
@ObjectType()
export class Village {
  @Field(() => ID)
  code: string;
}

/** Counts of a village, not of a person: declared not personal (the city's aggregates follow their own disclosure rule). */
@ObjectType({ description: "BPJS Kesehatan's count of a village's JKN members." })
export class VillageHealthCoverage {
  @Field(() => Int, { description: 'Members whose domicile is this village.' })
  @NotPersonalData()
  members: number;

  @Field(() => Int, { description: 'Of them, members whose care is covered today.' })
  @NotPersonalData()
  activeMembers: number;

  @Field(() => Int, { description: 'Of them, members whose contribution a budget pays (PBI).' })
  @NotPersonalData()
  subsidisedMembers: number;
}
