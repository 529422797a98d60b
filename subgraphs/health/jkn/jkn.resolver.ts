import { Scope } from '../../../contract/scopes';
import { RequiresScopes } from '../../../contract/access';
import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Worker } from '../extensions/entities';
import { badInput, forbidden, notFound } from '../../../platform/errors';
import { HealthContext } from '../loaders';
import { JknMembership } from './jkn-membership';

export function requireWellFormedCardNumber(cardNumber: string): string {
  if (!/^\d{13}$/.test(cardNumber))
    throw badInput(`"${cardNumber}" is not a JKN card number: it is exactly 13 digits.`, { argument: 'cardNumber' });
  return cardNumber;
}

@Resolver(() => JknMembership)
export class JknMembershipResolver {
  @Query(() => JknMembership, {
    nullable: true,
    description: 'A JKN membership by card number; NOT_FOUND when there is none.',
  })
  @RequiresScopes(Scope.COVERAGE_READ)
  async jknMembership(
    @Arg('cardNumber', () => ID, { description: 'The 13-digit JKN card number.' }) cardNumber: string,
    @Ctx() { loaders, caller }: HealthContext,
  ): Promise<JknMembership> {
    requireWellFormedCardNumber(cardNumber);
    const membership = await loaders.membershipByCard.load(cardNumber);
    // The village rule, by the domicile BPJS Kesehatan recorded; a card that does not exist is no different.
    if (caller.villageScoped && (!membership || !caller.seesVillage(membership.villageCode))) {
      throw forbidden(`The JKN card ${cardNumber} belongs to a member outside the villages you are assigned to.`);
    }
    return (
      membership ?? Promise.reject(notFound(`No JKN membership has the card number ${cardNumber}.`, { cardNumber }))
    );
  }

  // Names the person a membership is about, so a read reached by card number is audited under them too.
  @FieldResolver(() => Worker, {
    nullable: true,
    description: 'The member: the worker this JKN membership belongs to.',
  })
  @RequiresScopes(Scope.COVERAGE_READ)
  holder(@Root() membership: JknMembership): Worker {
    return { nik: membership.nik };
  }
}
