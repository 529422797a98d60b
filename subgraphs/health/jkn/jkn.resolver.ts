import { Scope } from '../../shared/scopes';
import { RequiresScopes } from '../../shared/access';
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { badInput, notFound } from '../../shared/errors';
import { HealthContext } from '../loaders';
import { JknMembership } from './jkn-membership';

export function requireWellFormedCardNumber(cardNumber: string): string {
  if (!/^\d{13}$/.test(cardNumber)) throw badInput(`"${cardNumber}" is not a JKN card number: it is exactly 13 digits.`, { argument: 'cardNumber' });
  return cardNumber;
}

@Resolver(() => JknMembership)
export class JknMembershipResolver {
  @Query(() => JknMembership, { nullable: true, description: 'A JKN membership by card number; NOT_FOUND when there is none.' })
  @RequiresScopes(Scope.COVERAGE_READ)
  async jknMembership(@Arg('cardNumber', () => ID, { description: 'The 13-digit JKN card number.' }) cardNumber: string, @Ctx() { loaders }: HealthContext): Promise<JknMembership> {
    requireWellFormedCardNumber(cardNumber);
    return (await loaders.membershipByCard.load(cardNumber)) ?? Promise.reject(notFound(`No JKN membership has the card number ${cardNumber}.`, { cardNumber }));
  }
}
