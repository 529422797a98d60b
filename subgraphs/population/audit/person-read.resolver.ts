import { Arg, Ctx, Directive, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { Authenticated, RequiresScopes } from '../../../contract/access';
import { badInput } from '../../../platform/errors';
import { parseNik } from '../../../domain/nik';
import { AFTER_ARGUMENT, connectionOf, cursorBinding, FIRST_ARGUMENT } from '../../kit/pagination';
import { Scope } from '../../../contract/scopes';
import { PopulationContext } from '../context';
import { PersonRead } from './person-read';
import { personReadWriter } from './person-read-writer';
import { MAX_PERSON_READ_PAGE, searchPersonReads } from './person-read-search';

const SUBGRAPH_NAME = /^[a-z][a-z0-9_-]{0,62}$/;
const FIELD_COORDINATE = /^[_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*$/;

@ObjectType({ description: 'A page of the read audit.' })
export class PersonReadConnection extends connectionOf(PersonRead) {}

@Resolver(() => PersonRead)
export class PersonReadResolver {
  @Query(() => PersonReadConnection, {
    description: `The read audit, newest first: give \`nik\` for the trail of who read one person's data, \`reader\` for what one account read, \`subgraph\` for what one partner served; at most ${MAX_PERSON_READ_PAGE} a page.`,
  })
  @RequiresScopes(Scope.AUDIT_READ)
  async personReads(
    @Ctx() { db, caller }: PopulationContext,
    @Arg('nik', () => String, { nullable: true, description: "Only reads of this person's record." }) nik?: string,
    @Arg('reader', () => String, { nullable: true, description: 'Only reads by this account (a token subject).' })
    reader?: string,
    @Arg('subgraph', () => String, {
      nullable: true,
      description: "Only reads served by this subgraph (`population` for the population office's own record).",
    })
    subgraph?: string,
    @Arg('first', () => Int, { defaultValue: 50, description: FIRST_ARGUMENT }) first = 50,
    @Arg('after', () => String, { nullable: true, description: AFTER_ARGUMENT }) after?: string,
  ) {
    // Reads handed to the writer a moment ago belong in the answer.
    await personReadWriter(db).drain();
    return searchPersonReads(
      db,
      { nik, reader, subgraph, first, after },
      cursorBinding(`Query.personReads ${nik ?? ''} ${reader ?? ''} ${subgraph ?? ''}`, caller),
    );
  }

  /**
   * Another owner handed out these persons' NIKs (membership's `MembershipCard.worker` is the NIK
   * itself, so population is never asked), or served fields about them marked personal data (a
   * partner's, recorded by the gateway, which names the subgraph and the fields): the read is
   * recorded here all the same, for the caller and client operation of the signed assertion.
   * Hidden from the gateway's public schema.
   */
  @Directive('@inaccessible')
  @Mutation(() => Int, {
    description:
      'Records reads of persons whose NIKs another subgraph handed out, or whose marked fields it served; answers how many persons.',
  })
  @Authenticated()
  recordPersonReads(
    @Arg('niks', () => [String]) niks: string[],
    @Ctx() { loaders }: PopulationContext,
    @Arg('subgraph', () => String, {
      nullable: true,
      description: 'The subgraph that served the fields; none for NIKs handed out.',
    })
    subgraph?: string,
    @Arg('fields', () => [String], { nullable: true, description: 'The marked fields it served, as `Type.field`.' })
    fields?: string[],
  ): number {
    if (subgraph !== undefined && subgraph !== null) {
      if (!SUBGRAPH_NAME.test(subgraph) || subgraph === 'population')
        throw badInput(`"${subgraph}" cannot name the subgraph that served a read.`, { argument: 'subgraph' });
      if (!fields?.length || !fields.every((field) => FIELD_COORDINATE.test(field)))
        throw badInput('Name the fields read as Type.field coordinates.', { argument: 'fields' });
    }
    const wellFormed = [...new Set(niks)].filter((nik) => parseNik(nik).ok);
    for (const nik of wellFormed) {
      if (subgraph) loaders.personReads.recordServed(nik, subgraph, fields!);
      else loaders.personReads.record(nik);
    }
    return wellFormed.length;
  }
}
