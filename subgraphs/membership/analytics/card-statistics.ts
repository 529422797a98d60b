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
import { CARD_COLUMNS, CardRow, toCard, withStatus } from '../loaders';
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
 * Cards of an area by status on a day ($1 the area, $2 the day), Rule 1 applied set-wise. A card
 * that no worker paid for has its arrears fixed by its period and allocation (the funder pays per
 * allocation and month), so those cards are counted in groups and each group's months are expanded
 * once; the few cards with a worker's payments go through `card_statuses_on` one by one. The e2e
 * test checks the counts against `card_statuses_on` for every card of the area.
 *
 * Every input is the area's, never the country's. A card's period in force is found among the
 * periods in force recorded in the area's villages (a hash join), else, for the cards that moved
 * into the area or have none, looked up by key in a LATERAL subquery that OFFSET 0 keeps from
 * being flattened into a join. A card's periods never overlap (enrollment refuses
 * ALREADY_COVERED), so a period found in the area is the only one. As plain joins, the planner
 * hashed all the country's periods (1,000,000) to answer for one city's 25,000 cards. Whether a
 * worker paid is one index probe per card, so a few thousand paying cards cannot turn an
 * anti-join into a nested loop over them.
 */
const statusCountsSql = (level: AreaLevel) => `
  WITH card AS MATERIALIZED (
    SELECT c.kpj, c.closed_on, coalesce(c.paid_through, '-infinity'::date) AS paid_through,
      -- Any payment of the worker's, whenever recorded: its card may be off an invoice, so it is judged alone.
      EXISTS (SELECT 1 FROM premium_payment pp WHERE pp.kpj = c.kpj) AS paying
    FROM membership_card c
    WHERE ${inArea(level, 'c.village_code', '$1')} AND c.issued_on <= $2
  ), in_force_here AS (
    SELECT p.kpj, p.allocation_id, p.valid_from, p.valid_until, p.recorded_at FROM coverage_period p
    WHERE ${inArea(level, 'p.village_code', '$1')} AND p.valid_from <= $2 AND p.valid_until >= $2
  ), grouped AS (
    SELECT coalesce(here.allocation_id, elsewhere.allocation_id) AS allocation_id, coalesce(here.valid_from, elsewhere.valid_from) AS valid_from,
      coalesce(here.valid_until, elsewhere.valid_until) AS valid_until, coalesce(here.recorded_at, elsewhere.recorded_at) AS recorded_at,
      card.paid_through, (card.closed_on IS NOT NULL AND card.closed_on <= $2) AS closed, count(*)::int AS cards
    FROM card
    LEFT JOIN in_force_here here ON here.kpj = card.kpj
    LEFT JOIN LATERAL (
      SELECT p.allocation_id, p.valid_from, p.valid_until, p.recorded_at FROM coverage_period p
      WHERE here.kpj IS NULL AND p.kpj = card.kpj AND p.valid_from <= $2 AND p.valid_until >= $2 OFFSET 0
    ) elsewhere ON true
    WHERE NOT card.paying
    GROUP BY 1, 2, 3, 4, 5, 6
  ), month_of_group AS (
    -- Each month of a group's period: whether an invoice billed the group's cards for it, and whether the funder paid that invoice by the day.
    SELECT g.allocation_id, g.valid_from, g.valid_until, g.recorded_at, g.paid_through, g.closed, d::date AS month,
      EXISTS (SELECT 1 FROM premium_invoice i WHERE i.allocation_id = g.allocation_id AND i.month = d::date AND g.recorded_at > i.billed_after AND g.recorded_at <= i.billed_through) AS invoiced,
      EXISTS (SELECT 1 FROM premium_invoice i JOIN funder_payment f ON f.invoice_id = i.id AND f.paid_on <= $2
              WHERE i.allocation_id = g.allocation_id AND i.month = d::date AND g.recorded_at > i.billed_after AND g.recorded_at <= i.billed_through) AS paid
    FROM grouped g CROSS JOIN LATERAL generate_series(date_trunc('month', g.valid_from::timestamp), date_trunc('month', g.valid_until::timestamp), interval '1 month') AS d
    WHERE g.valid_from IS NOT NULL AND NOT g.closed
  ), unpaid_of_group AS (
    SELECT m.allocation_id, m.valid_from, m.valid_until, m.recorded_at, m.paid_through,
      count(*) FILTER (WHERE premium_due_on(m.month) < $2 AND m.invoiced AND NOT m.paid
        AND m.month > greatest(m.paid_through, (SELECT max(p.month) FROM month_of_group p
          WHERE p.paid AND (p.allocation_id, p.valid_from, p.valid_until, p.recorded_at, p.paid_through) = (m.allocation_id, m.valid_from, m.valid_until, m.recorded_at, m.paid_through)), '-infinity'::date)) AS months
    FROM month_of_group m GROUP BY 1, 2, 3, 4, 5
  ), judged AS (
    SELECT (CASE
      WHEN g.closed THEN 'CLOSED'
      WHEN g.valid_from IS NULL THEN 'NOT_COVERED'
      WHEN u.months >= 3 THEN 'INACTIVE'
      ELSE 'ACTIVE' END)::varchar AS status, g.cards
    FROM grouped g
    LEFT JOIN unpaid_of_group u ON (u.allocation_id, u.valid_from, u.valid_until, u.recorded_at, u.paid_through) = (g.allocation_id, g.valid_from, g.valid_until, g.recorded_at, g.paid_through) AND NOT g.closed
    UNION ALL
    SELECT s.status, 1 FROM card_statuses_on(ARRAY(SELECT kpj::text FROM card WHERE paying), $2) s
  )
  SELECT status, sum(cards)::int AS cards FROM judged GROUP BY status ORDER BY status`;

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
