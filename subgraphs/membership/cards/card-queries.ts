/**
 * Reads of cards and their coverage periods, each a named, typed query: hot paths are prepared
 * statements naming only the columns they map (no ORM query building per call). A card's status
 * is derived in the same statement, so a list or a lookup can never show a stale one.
 */
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../../platform/database';
import { asEntities, entityColumns, entityFromRow } from '../entity-columns';
import { CardLifecycle, CardStatus, CoveragePeriod, MembershipCard } from './membership-card';

export interface CardRow {
  kpj: string;
  nik: string;
  lifecycle: CardLifecycle;
  status: CardStatus;
  village_code: string;
  issued_on: string;
  paid_through: string | null;
  closed_on: string | null;
  closed_reason: string | null;
}

export const toCard = (row: CardRow) =>
  Object.assign(new MembershipCard(), {
    kpj: row.kpj,
    nik: row.nik,
    lifecycle: row.lifecycle,
    status: row.status,
    villageCode: row.village_code,
    issuedOn: row.issued_on,
    paidThrough: row.paid_through,
    closedOn: row.closed_on,
    closedReason: row.closed_reason,
  });

/**
 * A card's columns with its status derived for the day in parameter `$today` (today in Ambon): the
 * status a list or a lookup shows is computed in the same statement, so it can never be stale.
 */
export const CARD_COLUMNS =
  'c.kpj, c.nik, c.status AS lifecycle, c.village_code, c.issued_on, c.paid_through, c.closed_on, c.closed_reason';
/** The picked cards with their status on `today`, derived for all of them at once by `card_statuses_on`. */
export const withStatus = (picked: string, today: string, orderBy = '') =>
  `WITH picked AS (${picked})
   SELECT picked.*, s.status FROM picked LEFT JOIN card_statuses_on(ARRAY(SELECT picked.kpj::text FROM picked), ${today}::date) s ON s.kpj = picked.kpj ${orderBy}`;
/** Which of a worker's cards is "their card": the open one, else the latest closed one (with DISTINCT ON (c.nik)). */
const WORKERS_CARD_FIRST = "ORDER BY c.nik, (c.status = 'CLOSED'), c.issued_on DESC";

export async function cardsByKpj(db: DataSource, kpjs: string[], today: string): Promise<MembershipCard[]> {
  const rows = await preparedQuery<CardRow>(
    db,
    'card_by_kpj',
    withStatus(`SELECT ${CARD_COLUMNS} FROM membership_card c WHERE c.kpj = ANY($1::char(11)[])`, '$2'),
    [kpjs, today],
  );
  return rows.map(toCard);
}

/** Each worker's card: the open one, or the latest closed one when none is open. */
export async function cardsOfWorkers(db: DataSource, niks: string[], today: string): Promise<MembershipCard[]> {
  const rows = await preparedQuery<CardRow>(
    db,
    'open_card_by_nik',
    withStatus(
      `SELECT DISTINCT ON (c.nik) ${CARD_COLUMNS} FROM membership_card c WHERE c.nik = ANY($1::char(16)[]) ${WORKERS_CARD_FIRST}`,
      '$2',
    ),
    [niks, today],
  );
  return rows.map(toCard);
}

/** Each worker's card with the coverage period in force on `asOf`, in one statement (the dashboard's headline question). */
export async function cardsOfWorkersWithCoverage(
  db: DataSource,
  niks: string[],
  asOf: string,
  today: string,
): Promise<{ card: MembershipCard; coverage: CoveragePeriod | null }[]> {
  const rows = await preparedQuery<CardRow & Record<string, unknown>>(
    db,
    'open_card_with_coverage_by_nik',
    withStatus(
      `SELECT DISTINCT ON (c.nik) ${CARD_COLUMNS}, ${entityColumns(db, CoveragePeriod, 'p', 'p_')}
       FROM membership_card c
       LEFT JOIN coverage_period p ON p.kpj = c.kpj AND p.valid_from <= $2 AND p.valid_until >= $2
       WHERE c.nik = ANY($1::char(16)[]) ${WORKERS_CARD_FIRST}`,
      '$3',
    ),
    [niks, asOf, today],
  );
  return rows.map((row) => ({ card: toCard(row), coverage: entityFromRow(db, CoveragePeriod, row, 'p_') }));
}

/** The coverage period in force on `asOf` of each card that has one. */
export async function coverageInForce(db: DataSource, kpjs: string[], asOf: string): Promise<CoveragePeriod[]> {
  const rows = await preparedQuery<object>(
    db,
    'coverage_in_force_by_kpj',
    `SELECT ${entityColumns(db, CoveragePeriod, 'p')} FROM coverage_period p WHERE p.kpj = ANY($1::char(11)[]) AND p.valid_from <= $2 AND p.valid_until >= $2`,
    [kpjs, asOf],
  );
  return asEntities(CoveragePeriod, rows);
}

/** Every coverage period of the cards, by card, oldest first. */
export async function periodsOfCards(db: DataSource, kpjs: string[]): Promise<CoveragePeriod[]> {
  const rows = await preparedQuery<object>(
    db,
    'periods_by_kpj',
    `SELECT ${entityColumns(db, CoveragePeriod, 'p')} FROM coverage_period p WHERE p.kpj = ANY($1::char(11)[]) ORDER BY p.kpj, p.valid_from`,
    [kpjs],
  );
  return asEntities(CoveragePeriod, rows);
}

export interface FundedCardsPage {
  first: number;
  /** The last KPJ of the page before, or null for the first page. */
  after: string | null;
  /** Null: every village. */
  villages: string[] | null;
}

/** The same page of the cards each allocation funds, in KPJ order, with one card past the page to tell whether another follows. */
export async function fundedCardsPage(
  db: DataSource,
  allocationIds: string[],
  page: FundedCardsPage,
  today: string,
): Promise<{ allocationId: string; card: MembershipCard }[]> {
  // Not prepared: the optional filters would be planned once, generically, for every page.
  const rows: (CardRow & { allocation_id: string })[] = await db.query(
    withStatus(
      `SELECT allocation_id, ${CARD_COLUMNS} FROM (
         SELECT DISTINCT ON (p.allocation_id, c.kpj) p.allocation_id, c.*,
                dense_rank() OVER (PARTITION BY p.allocation_id ORDER BY c.kpj) AS rank
         FROM coverage_period p JOIN membership_card c ON c.kpj = p.kpj
         WHERE p.allocation_id = ANY($1) AND ($2::char(11) IS NULL OR c.kpj > $2)
           AND ($3::varchar[] IS NULL OR c.village_code = ANY($3))
         ORDER BY p.allocation_id, c.kpj
       ) c WHERE rank <= $4`,
      '$5',
      'ORDER BY picked.allocation_id, picked.kpj',
    ),
    [allocationIds, page.after, page.villages, page.first + 1, today],
  );
  return rows.map((row) => ({ allocationId: row.allocation_id, card: toCard(row) }));
}

export interface AllocationTotals {
  allocation_id: string;
  workers: number;
  committed: string;
}

/** Workers each allocation covers and the premium its periods commit. */
export function allocationTotals(db: DataSource, ids: string[]): Promise<AllocationTotals[]> {
  return preparedQuery<AllocationTotals>(
    db,
    'allocation_totals',
    `SELECT allocation_id, count(DISTINCT kpj)::int AS workers, coalesce(sum(premium_total), 0)::bigint AS committed
     FROM coverage_period WHERE allocation_id = ANY($1) GROUP BY allocation_id`,
    [ids],
  );
}
