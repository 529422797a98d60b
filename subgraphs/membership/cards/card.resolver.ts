import { Arg, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../contract/access';
import { badInput, notFound } from '../../../platform/errors';
import { AFTER_ARGUMENT, connectionOf, cursorBinding, FIRST_ARGUMENT, pageOfList } from '../../kit/pagination';
import { Scope } from '../../../contract/scopes';
import { todayInAmbon } from '../../../platform/scalars';
import { Allocation, Worker } from '../extensions/entities';
import { MembershipContext } from '../loaders';
import { Claim, Heir } from '../claims/claim';
import { PremiumPayment } from '../payments/premium-payment';
import { readCard } from './card-reads';
import { answeredExactly, lastMonthEndOnOrBefore } from '../analytics/disclosure-control';
import { CardStatus, CoveragePeriod, MembershipCard } from './membership-card';

@ObjectType({ description: 'A page of membership cards.' })
export class MembershipCardConnection extends connectionOf(MembershipCard) {}

/** A card's payments and claims: one per month or per event, so a page holds years of them. */
export const MAX_CARD_HISTORY_PAGE = 240;

@ObjectType({ description: "A page of a card's premium payments." })
export class PremiumPaymentConnection extends connectionOf(PremiumPayment) {
  @Field(() => Int, { description: 'Payments of the card across all pages.' })
  totalCount: number;
}

@ObjectType({ description: "A page of a card's claims." })
export class ClaimConnection extends connectionOf(Claim) {
  @Field(() => Int, { description: 'Claims on the card across all pages.' })
  totalCount: number;
}

/** Claims are ordered by event day; the id breaks ties so a cursor points at exactly one. */
const claimOrder = (claim: Claim) => `${claim.eventDate}/${claim.id}`;

export function requireWellFormedKpj(kpj: string): string {
  if (!/^\d{11}$/.test(kpj))
    throw badInput(`"${kpj}" is not a KPJ: a membership number is exactly 11 digits.`, { argument: 'kpj' });
  return kpj;
}

@Resolver(() => MembershipCard)
export class MembershipCardResolver {
  @Query(() => MembershipCard, {
    nullable: true,
    description: 'A membership card by KPJ; NOT_FOUND when there is none.',
  })
  @RequiresScopes(Scope.COVERAGE_READ, Scope.COVERAGE_STATUS_READ)
  async membershipCard(
    @Arg('kpj', () => ID, { description: 'The 11-digit KPJ.' }) kpj: string,
    @Ctx() context: MembershipContext,
  ): Promise<MembershipCard> {
    requireWellFormedKpj(kpj);
    return (
      (await readCard(context, kpj)) ?? Promise.reject(notFound(`No membership card has the KPJ ${kpj}.`, { kpj }))
    );
  }

  @FieldResolver(() => Worker, {
    nullable: true,
    description: 'The card holder (population resolves it; null only while population cannot answer).',
  })
  @RequiresScopes([Scope.COVERAGE_READ, Scope.WORKERS_READ])
  worker(@Root() card: MembershipCard, @Ctx() { loaders }: MembershipContext): Worker {
    loaders.holderReads.record(card.nik);
    return { nik: card.nik };
  }

  @FieldResolver(() => CoveragePeriod, {
    nullable: true,
    description: 'The coverage period in force on `asOf` (default: today in Ambon), or null.',
  })
  @RequiresScopes(Scope.COVERAGE_READ)
  coverage(
    @Root() card: MembershipCard,
    @Ctx() { loaders }: MembershipContext,
    @Arg('asOf', () => Date, { nullable: true, description: 'The day asked about; default: today in Ambon.' })
    asOf?: string,
  ) {
    return loaders.coverageOfCard.load({ key: card.kpj, asOf: asOf ?? todayInAmbon() });
  }

  @FieldResolver(() => CardStatus, {
    description:
      'The status on `asOf` by the payment rule, counting only payments made by that day. Without personal-data:read, the status on the last day of a month on or before `asOf`: asked day by day, a status would date a death the way `closedOn` does.',
  })
  @RequiresScopes(Scope.COVERAGE_READ, Scope.COVERAGE_STATUS_READ)
  async statusOn(
    @Root() card: MembershipCard,
    @Ctx() { loaders, caller }: MembershipContext,
    @Arg('asOf', () => Date, { description: 'The day asked about.' }) asOf: string,
  ) {
    const day = answeredExactly(caller) ? asOf : lastMonthEndOnOrBefore(asOf);
    return (await loaders.statusOfCard.load({ key: card.kpj, asOf: day })) ?? card.status;
  }

  @FieldResolver(() => PremiumPaymentConnection, {
    description: `Premiums paid, by month, oldest first; at most ${MAX_CARD_HISTORY_PAGE} a page.`,
  })
  @RequiresScopes(Scope.COVERAGE_READ)
  async payments(
    @Root() card: MembershipCard,
    @Ctx() { loaders, caller }: MembershipContext,
    @Arg('first', () => Int, { defaultValue: 60, description: FIRST_ARGUMENT }) first: number,
    @Arg('after', () => String, { nullable: true, description: AFTER_ARGUMENT }) after?: string,
  ) {
    const payments = await loaders.paymentsOfCard.load(card.kpj);
    const cursor = cursorBinding(`MembershipCard.payments ${card.kpj}`, caller);
    return Object.assign(
      pageOfList(payments, (p) => p.month, first, MAX_CARD_HISTORY_PAGE, cursor, after),
      { totalCount: payments.length },
    );
  }

  @FieldResolver(() => [Heir], {
    description: "The member's heirs (ahli waris), by name; not paged: a member has a handful.",
  })
  @RequiresScopes([Scope.COVERAGE_READ, Scope.PERSONAL_DATA_READ])
  heirs(@Root() card: MembershipCard, @Ctx() { loaders }: MembershipContext) {
    return loaders.heirsOfCard.load(card.kpj);
  }

  @FieldResolver(() => ClaimConnection, {
    description: `Claims on the card, by event day, oldest first; at most ${MAX_CARD_HISTORY_PAGE} a page.`,
  })
  @RequiresScopes(Scope.COVERAGE_READ)
  async claims(
    @Root() card: MembershipCard,
    @Ctx() { loaders, caller }: MembershipContext,
    @Arg('first', () => Int, { defaultValue: 60, description: FIRST_ARGUMENT }) first: number,
    @Arg('after', () => String, { nullable: true, description: AFTER_ARGUMENT }) after?: string,
  ) {
    const claims = await loaders.claimsOfCard.load(card.kpj);
    const cursor = cursorBinding(`MembershipCard.claims ${card.kpj}`, caller);
    return Object.assign(pageOfList(claims, claimOrder, first, MAX_CARD_HISTORY_PAGE, cursor, after), {
      totalCount: claims.length,
    });
  }

  @FieldResolver(() => [CoveragePeriod], {
    description: 'Every coverage period of the card, oldest first; not paged: one per funded year.',
  })
  @RequiresScopes(Scope.COVERAGE_READ)
  coveragePeriods(@Root() card: MembershipCard, @Ctx() { loaders }: MembershipContext) {
    return loaders.periodsOfCard.load(card.kpj);
  }
}

@Resolver(() => CoveragePeriod)
export class CoveragePeriodResolver {
  @FieldResolver(() => Allocation, {
    nullable: true,
    description:
      'The APBD allocation that pays this period (budget resolves it; null only while budget cannot answer).',
  })
  fundedBy(@Root() period: CoveragePeriod): Allocation {
    return { id: period.allocationId };
  }
}
