import { Arg, Ctx, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { RequiresScopes } from '../../shared/access';
import { AFTER_ARGUMENT, FIRST_ARGUMENT, connectionOf } from '../../shared/pagination';
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
    @Ctx() { db }: PopulationContext,
    @Arg('nik', () => String, { nullable: true, description: 'Only reads of this person\'s record.' }) nik?: string,
    @Arg('reader', () => String, { nullable: true, description: 'Only reads by this account (a token subject).' }) reader?: string,
    @Arg('first', () => Int, { defaultValue: 50, description: FIRST_ARGUMENT }) first = 50,
    @Arg('after', () => String, { nullable: true, description: AFTER_ARGUMENT }) after?: string,
  ) {
    // Reads handed to the writer a moment ago belong in the answer.
    await personReadWriter(db).drain();
    return searchPersonReads(db, { nik, reader, first, after });
  }
}
