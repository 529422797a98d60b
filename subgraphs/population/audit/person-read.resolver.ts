import { Arg, Ctx, Directive, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { Authenticated, RequiresScopes } from '../../shared/access';
import { parseNik } from '../../shared/nik';
import { connectionOf, cursorBinding } from '../../shared/pagination';
import { Scope } from '../../shared/scopes';
import { PopulationContext } from '../context';
import { PersonRead } from './person-read';
import { personReadWriter } from './person-read-writer';
import { searchPersonReads } from './person-read-search';

@ObjectType()
export class PersonReadConnection extends connectionOf(PersonRead) {}

@Resolver(() => PersonRead)
export class PersonReadResolver {
  @Query(() => PersonReadConnection, {
    description: "The read audit, newest first: give `nik` for the trail of who read one person's data, `reader` for what one account read.",
  })
  @RequiresScopes(Scope.AUDIT_READ)
  async personReads(
    @Ctx() { db, caller }: PopulationContext,
    @Arg('nik', () => String, { nullable: true }) nik?: string,
    @Arg('reader', () => String, { nullable: true }) reader?: string,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string,
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
