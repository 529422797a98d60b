import { Arg, Ctx, Directive, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { Authenticated, RequiresScopes } from '../../shared/access';
import { parseNik } from '../../shared/nik';
import { AFTER_ARGUMENT, connectionOf, cursorBinding, FIRST_ARGUMENT } from '../../shared/pagination';
import { Scope } from '../../shared/scopes';
import { PopulationContext } from '../context';
import { PersonRead } from './person-read';
import { personReadWriter } from './person-read-writer';
import { MAX_PERSON_READ_PAGE, searchPersonReads } from './person-read-search';

@ObjectType({ description: 'A page of the read audit.' })
export class PersonReadConnection extends connectionOf(PersonRead) {}

@Resolver(() => PersonRead)
export class PersonReadResolver {
  @Query(() => PersonReadConnection, {
    description: `The read audit, newest first: give \`nik\` for the trail of who read one person's data, \`reader\` for what one account read; at most ${MAX_PERSON_READ_PAGE} a page.`,
  })
  @RequiresScopes(Scope.AUDIT_READ)
  async personReads(
    @Ctx() { db, caller }: PopulationContext,
    @Arg('nik', () => String, { nullable: true, description: "Only reads of this person's record." }) nik?: string,
    @Arg('reader', () => String, { nullable: true, description: 'Only reads by this account (a token subject).' }) reader?: string,
    @Arg('first', () => Int, { defaultValue: 50, description: FIRST_ARGUMENT }) first = 50,
    @Arg('after', () => String, { nullable: true, description: AFTER_ARGUMENT }) after?: string,
  ) {
    // Reads handed to the writer a moment ago belong in the answer.
    await personReadWriter(db).drain();
    return searchPersonReads(db, { nik, reader, first, after }, cursorBinding(`Query.personReads ${nik ?? ''} ${reader ?? ''}`, caller));
  }

  /**
   * Another owner handed out these persons' NIKs (membership's `MembershipCard.worker` is the NIK
   * itself, so population is never asked): the read is recorded here all the same, for the caller
   * and client operation of the signed assertion. Hidden from the gateway's public schema.
   */
  @Directive('@inaccessible')
  @Mutation(() => Int, { description: 'Records reads of persons whose NIKs another subgraph handed out; answers how many.' })
  @Authenticated()
  recordPersonReads(@Arg('niks', () => [String]) niks: string[], @Ctx() { loaders }: PopulationContext): number {
    const wellFormed = [...new Set(niks)].filter((nik) => parseNik(nik).ok);
    for (const nik of wellFormed) loaders.personReads.record(nik);
    return wellFormed.length;
  }
}
