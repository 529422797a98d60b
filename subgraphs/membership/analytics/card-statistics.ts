/**
 * Cards counted by status on a day, and the cards whose cover lapses next month: the status rule
 * is the one every card read uses (`card_statuses_on`), applied by the database to the whole area
 * at once. Counts need `aggregates:read`; the cards themselves `coverage:read`, within the
 * caller's villages.
 */
import { DataSource } from 'typeorm';
import { Arg, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../shared/access';
import { areaLevelOf, AreaLevel, inArea } from '../../shared/areas';
import { AFTER_ARGUMENT, cursorBinding, decodeCursor, FIRST_ARGUMENT, pageSize, toPage } from '../../shared/pagination';
import { todayInAmbon, YearMonthScalar } from '../../shared/scalars';
import { Scope } from '../../shared/scopes';
import { MembershipCardConnection } from '../cards/card.resolver';
import { CardStatus } from '../cards/membership-card';
import { CARD_COLUMNS, CardRow, toCard, withStatus } from '../cards/card-queries';
import type { MembershipContext } from '../loaders';

export const MAX_LAPSING_CARDS_PAGE = 1000;

@ObjectType({ description: 'How many cards of an area had one status on a day.' })
export class CardStatusCount {
  @Field(() => CardStatus, { description: 'The status, as derived for that day.' })
  status: CardStatus;

  @Field(() => Int, { description: 'Cards with that status.' })
  cards: number;
}

@ObjectType({ description: "Cards whose cover in force ends in the month after `asOf`, with no later coverage period recorded: unless renewed, they are NOT_COVERED the month after." })
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
}

/**
 * The periods ending in the month whose card has no later period and is not closed by then: the
 * cover that lapses. Every input is the area's, never the country's: the area's periods through
 * their village index; their cards among the area's cards (a hash join), or looked up by key for
 * the few whose card has moved out of the area since; whether a later period exists, by key on
 * coverage_period_card. As plain joins, the planner hashed every period and card of the country
 * (1,000,000 of each) to answer for one city. "No period starts after this one ends" is "the
 * latest start is not after this one's end": this period counts in the latest, which is never
 * missing.
 */
const lapsing = (level: AreaLevel) => `
  FROM coverage_period p
  LEFT JOIN (SELECT c.kpj, c.closed_on FROM membership_card c WHERE ${inArea(level, 'c.village_code', '$1')}) card_here ON card_here.kpj = p.kpj
  WHERE ${inArea(level, 'p.village_code', '$1')} AND p.valid_from <= $2 AND p.valid_until >= $2
    AND p.valid_until BETWEEN $3 AND $4
    AND (SELECT max(later.valid_from) FROM coverage_period later WHERE later.kpj = p.kpj) <= p.valid_until
    AND CASE WHEN card_here.kpj IS NOT NULL THEN card_here.closed_on IS NULL OR card_here.closed_on > p.valid_until
      ELSE (SELECT moved.closed_on IS NULL OR moved.closed_on > p.valid_until FROM membership_card moved WHERE moved.kpj = p.kpj) END`;

function nextMonth(asOf: string): { month: string; monthStart: string; monthEnd: string } {
  const start = new Date(Date.UTC(Number(asOf.slice(0, 4)), Number(asOf.slice(5, 7)), 1));
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0));
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return { month: iso(start).slice(0, 7), monthStart: iso(start), monthEnd: iso(end) };
}

/**
 * Cards of an area by status on a day ($1 the area, $2 the day): each card judged by the one rule
 * every card read uses (`card_statuses_on`), fed only the area's cards. Since invoices bill cards
 * line by line, a card's arrears are its own (which invoices billed it, who paid), so cards are no
 * longer judged in groups by period and allocation.
 */
const statusCountsSql = (level: AreaLevel) => `
  WITH card AS MATERIALIZED (
    SELECT c.kpj FROM membership_card c WHERE ${inArea(level, 'c.village_code', '$1')} AND c.issued_on <= $2
  )
  SELECT s.status, count(*)::int AS cards FROM card_statuses_on(ARRAY(SELECT kpj::text FROM card), $2) s GROUP BY s.status ORDER BY s.status`;

/**
 * Runs one of these statements with JIT compilation off. Their estimated cost (a subquery per
 * card of a city) passes PostgreSQL's JIT threshold, and compiling then took longer than running
 * them: 70 to 170 ms more at 1,000,000 workers. `card_statuses_on` turns it off for itself alike.
 * The embedded database has no JIT, and takes the setting as a no-op.
 */
function withoutJit<Row>(db: DataSource, text: string, values: unknown[]): Promise<Row[]> {
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL jit = off');
    return tx.query(text, values);
  });
}

@Resolver(() => LapsingCards)
export class CardStatisticsResolver {
  @Query(() => [CardStatusCount], { description: 'Cards of an area (by the village the insurer recorded) issued by `asOf`, counted by their status that day. Not paged: at most one row per status.' })
  @RequiresScopes(Scope.AGGREGATES_READ)
  async cardStatusCounts(
    @Ctx() { db }: MembershipContext,
    @Arg('areaCode', () => ID, { description: 'A regency (81.71), district (81.71.02) or village (81.71.02.1001).' }) areaCode: string,
    @Arg('asOf', () => Date, { nullable: true, description: 'The day (default: today in Ambon).' }) asOf?: string,
  ): Promise<CardStatusCount[]> {
    const level = areaLevelOf(areaCode);
    return withoutJit<CardStatusCount>(db, statusCountsSql(level), [areaCode, asOf ?? todayInAmbon()]);
  }

  @Query(() => LapsingCards, { nullable: true, description: 'The cards of an area whose cover lapses in the month after `asOf`: their count, and for roles that may see cards, the cards.' })
  @RequiresScopes(Scope.AGGREGATES_READ, Scope.COVERAGE_READ)
  lapsingCards(
    @Arg('areaCode', () => ID, { description: 'A regency (81.71), district (81.71.02) or village (81.71.02.1001).' }) areaCode: string,
    @Arg('asOf', () => Date, { nullable: true, description: 'The day asked from (default: today in Ambon); the month after it is counted.' }) asOf?: string,
  ): LapsingCards {
    const level = areaLevelOf(areaCode);
    const day = asOf ?? todayInAmbon();
    return { areaCode, asOf: day, level, ...nextMonth(day) };
  }

  @FieldResolver(() => Int, { nullable: true, description: 'How many cards lapse that month.' })
  @RequiresScopes(Scope.AGGREGATES_READ)
  async count(@Root() question: LapsingCards, @Ctx() { db }: MembershipContext): Promise<number> {
    const [{ cards }] = await withoutJit<{ cards: number }>(db, `SELECT count(DISTINCT p.kpj)::int AS cards ${lapsing(question.level)}`, [question.areaCode, question.asOf, question.monthStart, question.monthEnd]);
    return cards;
  }

  @FieldResolver(() => MembershipCardConnection, { nullable: true, description: `The lapsing cards in KPJ order, with their status today; only those of the caller's villages for a village-scoped caller. at most ${MAX_LAPSING_CARDS_PAGE} a page.` })
  @RequiresScopes(Scope.COVERAGE_READ)
  async cards(
    @Root() question: LapsingCards,
    @Ctx() { db, caller }: MembershipContext,
    @Arg('first', () => Int, { defaultValue: 100, description: FIRST_ARGUMENT }) first: number,
    @Arg('after', () => String, { nullable: true, description: AFTER_ARGUMENT }) after?: string,
  ) {
    const size = pageSize(first, MAX_LAPSING_CARDS_PAGE);
    const binding = cursorBinding(`Query.lapsingCards ${question.areaCode} ${question.month}`, caller);
    const rows = await withoutJit<CardRow>(
      db,
      withStatus(
        `SELECT ${CARD_COLUMNS} FROM membership_card c
         WHERE c.kpj IN (SELECT p.kpj ${lapsing(question.level)})
           AND ($5::char(11) IS NULL OR c.kpj > $5) AND ($6::varchar[] IS NULL OR c.village_code = ANY($6))
         ORDER BY c.kpj LIMIT $7`,
        '$8',
        'ORDER BY picked.kpj',
      ),
      [question.areaCode, question.asOf, question.monthStart, question.monthEnd, decodeCursor(after, binding), caller.assignedVillages, size + 1, todayInAmbon()],
    );
    return toPage(rows.map(toCard), size, (card) => card.kpj, binding, after);
  }
}
