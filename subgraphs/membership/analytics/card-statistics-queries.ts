/**
 * The SQL of card statistics: statuses counted by the one rule every card read uses
 * (`card_statuses_on`), and the cards whose cover lapses, always over the area's own rows.
 */
import { DataSource } from 'typeorm';
import { AreaLevel, areaLevelOf, inArea } from '../../../domain/areas';
import { CARD_COLUMNS, CardRow, toCard, withStatus } from '../cards/card-queries';
import { CardStatus, MembershipCard } from '../cards/membership-card';

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

export function cardStatusCountsOn(
  db: DataSource,
  areaCode: string,
  asOf: string,
): Promise<{ status: CardStatus; cards: number }[]> {
  return withoutJit(db, statusCountsSql(areaLevelOf(areaCode)), [areaCode, asOf]);
}

/** A month's lapsing cards of an area: the question `lapsingCards` answers. */
export interface LapsingQuestion {
  areaCode: string;
  asOf: string;
  monthStart: string;
  monthEnd: string;
  level: AreaLevel;
}

export async function lapsingCardCount(db: DataSource, question: LapsingQuestion): Promise<number> {
  const [{ cards }] = await withoutJit<{ cards: number }>(
    db,
    `SELECT count(DISTINCT p.kpj)::int AS cards ${lapsing(question.level)}`,
    [question.areaCode, question.asOf, question.monthStart, question.monthEnd],
  );
  return cards;
}

/** Lapsing cards in KPJ order after `after`, of `villages` only (null: all), with their status `today`. */
export async function lapsingCardsPage(
  db: DataSource,
  question: LapsingQuestion,
  page: { after: string | null; villages: string[] | null; limit: number },
  today: string,
): Promise<MembershipCard[]> {
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
    [
      question.areaCode,
      question.asOf,
      question.monthStart,
      question.monthEnd,
      page.after,
      page.villages,
      page.limit,
      today,
    ],
  );
  return rows.map(toCard);
}
