/**
 * Cards counted by status on a day, and the cards whose cover lapses next month: the status rule
 * is the one every card read uses (`card_statuses_on`), applied by the database to the whole area
 * at once. Counts need `aggregates:read`; the cards themselves `coverage:read`, within the
 * caller's villages.
 */
import { Arg, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../contract/access';
import { areaLevelOf, AreaLevel } from '../../../domain/areas';
import { AFTER_ARGUMENT, cursorBinding, decodeCursor, FIRST_ARGUMENT, pageSize, toPage } from '../../kit/pagination';
import { todayInAmbon, YearMonthScalar } from '../../../platform/scalars';
import { Scope } from '../../../contract/scopes';
import { MembershipCardConnection } from '../cards/card.resolver';
import { CardStatus } from '../cards/membership-card';
import { cardStatusCountsOn, lapsingCardCount, lapsingCardsPage } from './card-statistics-queries';
import { answeredExactly, disclosedCount, lastMonthEndOnOrBefore, SUPPRESSED_DESCRIPTION } from './disclosure-control';
import type { MembershipContext } from '../loaders';

export const MAX_LAPSING_CARDS_PAGE = 1000;

@ObjectType({ description: 'How many cards of an area had one status on a day.' })
export class CardStatusCount {
  @Field(() => CardStatus, { description: 'The status, as derived for that day.' })
  status: CardStatus;

  @Field(() => Int, { nullable: true, description: 'Cards with that status; null when withheld (`suppressed`).' })
  cards: number | null;

  @Field({ description: SUPPRESSED_DESCRIPTION })
  suppressed: boolean;
}

@ObjectType({
  description:
    'Cards whose cover in force ends in the month after `asOf`, with no later coverage period recorded: unless renewed, they are NOT_COVERED the month after.',
})
export class LapsingCards {
  @Field(() => ID, { description: 'The area counted.' })
  areaCode: string;

  @Field(() => Date, { description: 'The day the question was asked for.' })
  asOf: string;

  @Field(() => YearMonthScalar, { description: 'The month in which their cover ends.' })
  month: string;

  /** First and last day of `month`. */
  monthStart: string;
  monthEnd: string;
  level: AreaLevel;
  /** The count as the caller is answered, shared by `count` and `suppressed`. */
  answered?: Promise<number | null>;
}

function nextMonth(asOf: string): { month: string; monthStart: string; monthEnd: string } {
  const start = new Date(Date.UTC(Number(asOf.slice(0, 4)), Number(asOf.slice(5, 7)), 1));
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0));
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return { month: iso(start).slice(0, 7), monthStart: iso(start), monthEnd: iso(end) };
}

function answeredCount(question: LapsingCards, { db, caller }: MembershipContext): Promise<number | null> {
  question.answered ??= lapsingCardCount(db, question).then((count) =>
    answeredExactly(caller) ? count : disclosedCount(count),
  );
  return question.answered;
}

@Resolver(() => LapsingCards)
export class CardStatisticsResolver {
  @Query(() => [CardStatusCount], {
    description:
      'Cards of an area (by the village the insurer recorded) issued by `asOf`, counted by their status that day. Without personal-data:read, counted on the last day of a month on or before `asOf` (a status changes at a death), under the disclosure-control rule. Not paged: at most one row per status.',
  })
  @RequiresScopes(Scope.AGGREGATES_READ)
  async cardStatusCounts(
    @Ctx() { db, caller }: MembershipContext,
    @Arg('areaCode', () => ID, { description: 'A regency (81.71), district (81.71.02) or village (81.71.02.1001).' })
    areaCode: string,
    @Arg('asOf', () => Date, { nullable: true, description: 'The day (default: today in Ambon).' }) asOf?: string,
  ): Promise<CardStatusCount[]> {
    const day = asOf ?? todayInAmbon();
    if (answeredExactly(caller))
      return (await cardStatusCountsOn(db, areaCode, day)).map((row) => ({ ...row, suppressed: false }));
    const counted = await cardStatusCountsOn(db, areaCode, lastMonthEndOnOrBefore(day));
    return counted.map(({ status, cards }) => ({
      status,
      cards: disclosedCount(cards),
      suppressed: disclosedCount(cards) === null,
    }));
  }

  @Query(() => LapsingCards, {
    nullable: true,
    description:
      'The cards of an area whose cover lapses in the month after `asOf`: their count, and for roles that may see cards, the cards.',
  })
  @RequiresScopes(Scope.AGGREGATES_READ, Scope.COVERAGE_READ)
  lapsingCards(
    @Arg('areaCode', () => ID, { description: 'A regency (81.71), district (81.71.02) or village (81.71.02.1001).' })
    areaCode: string,
    @Arg('asOf', () => Date, {
      nullable: true,
      description: 'The day asked from (default: today in Ambon); the month after it is counted.',
    })
    asOf?: string,
  ): LapsingCards {
    const level = areaLevelOf(areaCode);
    const day = asOf ?? todayInAmbon();
    return { areaCode, asOf: day, level, ...nextMonth(day) };
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'How many cards lapse that month; without personal-data:read, under the disclosure-control rule (null when withheld).',
  })
  @RequiresScopes(Scope.AGGREGATES_READ)
  count(@Root() question: LapsingCards, @Ctx() context: MembershipContext): Promise<number | null> {
    return answeredCount(question, context);
  }

  @FieldResolver(() => Boolean, { description: SUPPRESSED_DESCRIPTION })
  @RequiresScopes(Scope.AGGREGATES_READ)
  async suppressed(@Root() question: LapsingCards, @Ctx() context: MembershipContext): Promise<boolean> {
    return (await answeredCount(question, context)) === null;
  }

  @FieldResolver(() => MembershipCardConnection, {
    nullable: true,
    description: `The lapsing cards in KPJ order, with their status today; only those of the caller's villages for a village-scoped caller. at most ${MAX_LAPSING_CARDS_PAGE} a page.`,
  })
  @RequiresScopes(Scope.COVERAGE_READ)
  async cards(
    @Root() question: LapsingCards,
    @Ctx() { db, caller }: MembershipContext,
    @Arg('first', () => Int, { defaultValue: 100, description: FIRST_ARGUMENT }) first: number,
    @Arg('after', () => String, { nullable: true, description: AFTER_ARGUMENT }) after?: string,
  ) {
    const size = pageSize(first, MAX_LAPSING_CARDS_PAGE);
    const binding = cursorBinding(`Query.lapsingCards ${question.areaCode} ${question.month}`, caller);
    const cards = await lapsingCardsPage(
      db,
      question,
      { after: decodeCursor(after, binding), villages: caller.assignedVillages, limit: size + 1 },
      todayInAmbon(),
    );
    return toPage(cards, size, (card) => card.kpj, binding, after);
  }
}
