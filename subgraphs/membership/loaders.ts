/**
 * The membership subgraph's request-scoped loaders. Keys that carry a date are batched per
 * date, so a roster asked "as of 2021-06-30" is one statement whatever its length.
 */
import { DataSource, In } from 'typeorm';
import { preparedQuery } from '../../platform/database';
import { loaderByKey, loaderOfGroups, loaderWithArguments } from '../../platform/loaders';
import { SubgraphContext } from '../kit/subgraph';
import { CardLifecycle, CardStatus, CoveragePeriod, MembershipCard } from './cards/membership-card';
import { todayInAmbon } from '../../platform/scalars';
import { premiumForMonth } from '../../domain/premium-rates';
import { Program } from '../../domain/program';
import { Claim, ClaimItem, ClaimItemApproval, Heir } from './claims/claim';
import { statusesOn } from './payments/card-status';
import { PremiumPayment } from './payments/premium-payment';
import { HolderReads } from './cards/holder-reads';
import { coveredInAreaLoader } from './analytics/covered-in-area';

export interface DatedKey {
  key: string;
  asOf: string;
}

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

interface PeriodRow {
  id: string;
  kpj: string;
  allocation_id: string;
  village_code: string;
  valid_from: string;
  valid_until: string;
  programs: CoveragePeriod['programs'];
  monthly_premium: string;
  months: number;
  enrollment_id: string | null;
  declared_income: string;
  member_since: string;
  premium_total: string;
}

// Hot paths read with plain SQL naming only the columns they map (no ORM query building per call).
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

const toPeriod = (row: PeriodRow) =>
  Object.assign(new CoveragePeriod(), {
    id: row.id,
    kpj: row.kpj,
    allocationId: row.allocation_id,
    villageCode: row.village_code,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    programs: row.programs,
    monthlyPremium: row.monthly_premium,
    months: row.months,
    enrollmentId: row.enrollment_id,
    declaredIncome: row.declared_income,
    memberSince: row.member_since,
    premiumTotal: row.premium_total,
  });

function groupByDate(keys: DatedKey[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const { key, asOf } of keys) {
    const group = groups.get(asOf);
    if (group) group.push(key);
    else groups.set(asOf, [key]);
  }
  return groups;
}

/** Covered workers grouped by what sets their premium; the premium of each group is the rate in force on the day. */
interface PremiumGroup {
  programs: Program[];
  declared_income: string;
  member_since: string;
  workers: number;
}

function addUpPremiums<G extends PremiumGroup>(found: Map<string, { workers: number; premium: string }>, groups: G[], keyOf: (group: G) => string, asOf: string) {
  for (const group of groups) {
    const key = keyOf(group);
    const total = found.get(key) ?? { workers: 0, premium: '0' };
    const premium = group.workers * premiumForMonth(group.programs, Number(group.declared_income), asOf, group.member_since);
    found.set(key, { workers: total.workers + group.workers, premium: String(Number(total.premium) + premium) });
  }
}

/** Code lengths of an area: each matches an expression index of the coverage-by-area migration. */
const AREA_CODE_LENGTH = { district: 8, regency: 5 } as const;

/** Coverage totals of districts or regencies on a day: SQL aggregates, one statement per day asked. */
function areaCoverageLoader(db: DataSource, area: keyof typeof AREA_CODE_LENGTH) {
  const length = AREA_CODE_LENGTH[area];
  return loaderWithArguments<DatedKey, { workers: number; premium: string } | null>(
    async (keys) => {
      const found = new Map<string, { workers: number; premium: string }>();
      for (const [asOf, codes] of groupByDate(keys)) {
        const rows = await preparedQuery<PremiumGroup & { area: string }>(
          db,
          `${area}_coverage`,
          `SELECT left(village_code, ${length}) AS area, programs, declared_income, member_since::text AS member_since, count(DISTINCT kpj)::int AS workers
           FROM coverage_period WHERE left(village_code, ${length}) = ANY($1) AND valid_from <= $2 AND valid_until >= $2
           GROUP BY 1, 2, 3, 4`,
          [codes, asOf],
        );
        addUpPremiums(found, rows, (row) => `${row.area}|${asOf}`, asOf);
      }
      return keys.map(({ key, asOf }) => found.get(`${key}|${asOf}`) ?? null);
    },
    ({ key, asOf }) => `${key}|${asOf}`,
  );
}

export interface CardPaymentRow {
  kpj: string;
  month: string;
  paid_by: 'WORKER' | 'FUNDER';
  paid_on: string;
  allocation_id: string;
  invoice_id: string | null;
  recorded_at: Date;
  /** The worker's payment, or the invoice line's premium for the card. */
  amount: string;
  /** 1 for the payment that paid the month; 2 and up are credits. */
  nth: number;
}

export interface FundedCardsKey {
  key: string;
  first: number;
  after: string | null;
  /** Null: every village. */
  villages: string[] | null;
}

/**
 * A card's columns with its status derived for the day in parameter `$today` (today in Ambon): the
 * status a list or a lookup shows is computed in the same statement, so it can never be stale.
 */
export const CARD_COLUMNS = 'c.kpj, c.nik, c.status AS lifecycle, c.village_code, c.issued_on, c.paid_through, c.closed_on, c.closed_reason';
/** The picked cards with their status on `today`, derived for all of them at once by `card_statuses_on`. */
export const withStatus = (picked: string, today: string, orderBy = '') =>
  `WITH picked AS (${picked})
   SELECT picked.*, s.status FROM picked LEFT JOIN card_statuses_on(ARRAY(SELECT picked.kpj::text FROM picked), ${today}::date) s ON s.kpj = picked.kpj ${orderBy}`;
/** Which of a worker's cards is "their card": the open one, else the latest closed one (with DISTINCT ON (c.nik)). */
const WORKERS_CARD_FIRST = "ORDER BY c.nik, (c.status = 'CLOSED'), c.issued_on DESC";
const PERIOD_COLUMN_NAMES = ['id', 'kpj', 'allocation_id', 'village_code', 'valid_from', 'valid_until', 'programs', 'monthly_premium', 'months', 'enrollment_id', 'declared_income', 'member_since', 'premium_total'];
const PERIOD_COLUMNS = PERIOD_COLUMN_NAMES.map((column) => `p.${column}`).join(', ');
/** Beside a card's columns, a period's are named `p_<column>`. */
const PREFIXED_PERIOD_COLUMNS = PERIOD_COLUMN_NAMES.map((column) => `p.${column} AS p_${column}`).join(', ');

function periodOfJoinedRow(row: Record<string, unknown>): CoveragePeriod | null {
  if (row.p_id === null) return null;
  const period: Record<string, unknown> = {};
  for (const column of PERIOD_COLUMN_NAMES) period[column] = row[`p_${column}`];
  return toPeriod(period as unknown as PeriodRow);
}

export function createLoaders(db: DataSource) {
  const loaders = baseLoaders(db);
  return {
    ...loaders,
    /** Holders' NIKs this request hands out, for the read audit (see holder-reads.ts). */
    holderReads: new HolderReads(),
    /**
     * A worker's card together with its coverage in force on a day, in one statement, for a
     * query that asks for both (the dashboard's headline question): the coverage loader is
     * primed with what was read, so the card's `coverage` field costs no second round trip.
     */
    cardOfWorkerWithCoverage: loaderWithArguments<DatedKey, MembershipCard | null>(
      async (keys) => {
        const found = new Map<string, MembershipCard>();
        for (const [asOf, niks] of groupByDate(keys)) {
          const rows = await preparedQuery<CardRow & Record<string, unknown>>(
            db,
            'open_card_with_coverage_by_nik',
            withStatus(
              `SELECT DISTINCT ON (c.nik) ${CARD_COLUMNS}, ${PREFIXED_PERIOD_COLUMNS}
               FROM membership_card c
               LEFT JOIN coverage_period p ON p.kpj = c.kpj AND p.valid_from <= $2 AND p.valid_until >= $2
               WHERE c.nik = ANY($1::char(16)[]) ${WORKERS_CARD_FIRST}`,
              '$3',
            ),
            [niks, asOf, todayInAmbon()],
          );
          for (const row of rows) {
            const card = toCard(row);
            const period = periodOfJoinedRow(row);
            found.set(`${card.nik}|${asOf}`, card);
            loaders.cardOfWorker.prime(card.nik, card);
            if (period) period.asOf = asOf;
            loaders.coverageOfCard.prime({ key: card.kpj, asOf }, period);
          }
        }
        return keys.map(({ key, asOf }) => found.get(`${key}|${asOf}`) ?? null);
      },
      ({ key, asOf }) => `${key}|${asOf}`,
    ),
  };
}

function baseLoaders(db: DataSource) {
  const periods = db.getRepository(CoveragePeriod);
  return {
    cardByKpj: loaderByKey(
      async (kpjs: string[]) =>
        (await preparedQuery<CardRow>(db, 'card_by_kpj', withStatus(`SELECT ${CARD_COLUMNS} FROM membership_card c WHERE c.kpj = ANY($1::char(11)[])`, '$2'), [kpjs, todayInAmbon()])).map(toCard),
      (c) => c.kpj,
    ),
    /** The worker's open card, or the latest closed one when none is open. */
    cardOfWorker: loaderByKey(
      async (niks: string[]) =>
        (
          await preparedQuery<CardRow>(
            db,
            'open_card_by_nik',
            withStatus(`SELECT DISTINCT ON (c.nik) ${CARD_COLUMNS} FROM membership_card c WHERE c.nik = ANY($1::char(16)[]) ${WORKERS_CARD_FIRST}`, '$2'),
            [niks, todayInAmbon()],
          )
        ).map(toCard),
      (c) => c.nik,
    ),
    paymentsOfCard: loaderOfGroups(
      (kpjs: string[]) => db.getRepository(PremiumPayment).find({ where: { kpj: In(kpjs) }, order: { kpj: 'ASC', month: 'ASC' } }),
      (p) => p.kpj,
    ),
    heirsOfCard: loaderOfGroups((kpjs: string[]) => db.getRepository(Heir).find({ where: { kpj: In(kpjs) }, order: { kpj: 'ASC', fullName: 'ASC' } }), (h) => h.kpj),
    /**
     * Every payment of each card's months, by the worker and by the funder (its payment of an
     * invoice that billed the card), in the order recorded: the first of a month pays it, any
     * later one is a credit.
     */
    paymentsOfCardMonths: loaderOfGroups(
      async (kpjs: string[]) =>
        (await db.query(
          `SELECT cp.kpj, cp.month::text AS month, cp.payer AS paid_by, cp.paid_on::text AS paid_on, cp.allocation_id, cp.invoice_id, cp.recorded_at,
             coalesce(pp.amount, l.amount)::text AS amount,
             row_number() OVER (PARTITION BY cp.kpj, cp.month ORDER BY cp.recorded_at, cp.payer DESC)::int AS nth
           FROM card_payments($1::text[], 'infinity', 'infinity') cp
           LEFT JOIN premium_payment pp ON cp.payer = 'WORKER' AND pp.kpj = cp.kpj AND pp.month = cp.month AND pp.recorded_at = cp.recorded_at
           LEFT JOIN premium_invoice_line l ON cp.payer = 'FUNDER' AND l.invoice_id = cp.invoice_id AND l.kpj = cp.kpj
           ORDER BY cp.kpj, cp.month, nth`,
          [kpjs],
        )) as CardPaymentRow[],
      (row) => row.kpj,
    ),
    /** Months of each card's recorded cover past their due date that no invoice billed and nobody paid: the payers' delay, flagged, never the worker's arrears. */
    uninvoicedMonthsOfCard: loaderOfGroups(
      async (kpjs: string[]) =>
        (await db.query(
          `SELECT p.kpj, to_char(d, 'YYYY-MM') AS month
           FROM coverage_period p
           CROSS JOIN LATERAL generate_series(date_trunc('month', p.valid_from::timestamp), date_trunc('month', p.valid_until::timestamp), interval '1 month') AS d
           JOIN membership_card c ON c.kpj = p.kpj
           WHERE p.kpj = ANY($1) AND premium_due_on(d::date) < $2::date AND (c.closed_on IS NULL OR c.closed_on >= d::date)
             AND NOT EXISTS (SELECT 1 FROM premium_invoice_line l WHERE l.kpj = p.kpj AND l.month = d::date)
             AND NOT EXISTS (SELECT 1 FROM card_payments(ARRAY[p.kpj::text], 'infinity', 'infinity') cp WHERE cp.month = d::date)
           ORDER BY p.kpj, d`,
          [kpjs, todayInAmbon()],
        )) as { kpj: string; month: string }[],
      (row) => row.kpj,
    ),
    approvalOfItem: loaderByKey((ids: string[]) => db.getRepository(ClaimItemApproval).find({ where: { itemId: In(ids) } }), (a) => a.itemId),
    itemsOfClaim: loaderOfGroups((ids: string[]) => db.getRepository(ClaimItem).find({ where: { claimId: In(ids) }, order: { claimId: 'ASC', kind: 'ASC', id: 'ASC' } }), (i) => i.claimId),
    claimsOfCard: loaderOfGroups((kpjs: string[]) => db.getRepository(Claim).find({ where: { kpj: In(kpjs) }, order: { kpj: 'ASC', eventDate: 'ASC' } }), (c) => c.kpj),
    /** A card's status on a day, by the payment rule; cards asked for the same day share one statement. */
    statusOfCard: loaderWithArguments<DatedKey, CardStatus | null>(
      async (keys) => {
        const found = new Map<string, CardStatus>();
        for (const [asOf, kpjs] of groupByDate(keys)) {
          for (const [kpj, status] of await statusesOn(db, kpjs, asOf)) found.set(`${kpj}|${asOf}`, status);
        }
        return keys.map(({ key, asOf }) => found.get(`${key}|${asOf}`) ?? null);
      },
      ({ key, asOf }) => `${key}|${asOf}`,
    ),
    periodsOfCard: loaderOfGroups(
      (kpjs: string[]) => periods.find({ where: { kpj: In(kpjs) }, order: { kpj: 'ASC', validFrom: 'ASC' } }),
      (p) => p.kpj,
    ),
    /** The coverage period in force on a day, per card. */
    coverageOfCard: loaderWithArguments<DatedKey, CoveragePeriod | null>(
      async (keys) => {
        const found = new Map<string, CoveragePeriod>();
        for (const [asOf, kpjs] of groupByDate(keys)) {
          const rows = (
            await preparedQuery<PeriodRow>(
              db,
              'coverage_in_force_by_kpj',
              `SELECT ${PERIOD_COLUMNS} FROM coverage_period p
             WHERE p.kpj = ANY($1::char(11)[]) AND p.valid_from <= $2 AND p.valid_until >= $2`,
              [kpjs, asOf],
            )
          ).map(toPeriod);
          for (const row of rows) found.set(`${row.kpj}|${asOf}`, Object.assign(row, { asOf }));
        }
        return keys.map(({ key, asOf }) => found.get(`${key}|${asOf}`) ?? null);
      },
      ({ key, asOf }) => `${key}|${asOf}`,
    ),
    /** A page of the cards each allocation funds; allocations asked with the same page share one statement. */
    cardsOfAllocation: loaderWithArguments<FundedCardsKey, MembershipCard[]>(
      async (keys) => {
        const pageArguments = (k: FundedCardsKey) => `${k.first}|${k.after ?? ''}|${k.villages?.join(',') ?? '*'}`;
        const groups = new Map<string, FundedCardsKey[]>();
        for (const key of keys) groups.set(pageArguments(key), [...(groups.get(pageArguments(key)) ?? []), key]);
        const pages = new Map<string, MembershipCard[]>();
        for (const group of groups.values()) {
          const { first, after, villages } = group[0];
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
            [group.map((k) => k.key), after, villages, first + 1, todayInAmbon()],
          );
          for (const row of rows) {
            const card = toCard(row);
            const key = `${row.allocation_id}|${pageArguments(group[0])}`;
            pages.set(key, [...(pages.get(key) ?? []), card]);
          }
        }
        return keys.map((k) => pages.get(`${k.key}|${pageArguments(k)}`) ?? []);
      },
      // One batch per page arguments: keys that differ only by allocation share a statement.
      (k) => `${k.key}|${k.first}|${k.after ?? ''}|${k.villages?.join(',') ?? '*'}`,
    ),
    allocationTotals: loaderByKey(
      async (ids: string[]) =>
        (await db.query(
          `SELECT allocation_id, count(DISTINCT kpj)::int AS workers, coalesce(sum(premium_total), 0)::bigint AS committed
           FROM coverage_period WHERE allocation_id = ANY($1) GROUP BY allocation_id`,
          [ids],
        )) as { allocation_id: string; workers: number; committed: string }[],
      (row) => row.allocation_id,
    ),
    villageCoverage: loaderWithArguments<DatedKey, { workers: number; premium: string } | null>(
      async (keys) => {
        const found = new Map<string, { workers: number; premium: string }>();
        for (const [asOf, codes] of groupByDate(keys)) {
          const rows: (PremiumGroup & { village_code: string })[] = await db.query(
            `SELECT village_code, programs, declared_income, member_since::text AS member_since, count(DISTINCT kpj)::int AS workers
             FROM coverage_period WHERE village_code = ANY($1) AND valid_from <= $2 AND valid_until >= $2
             GROUP BY 1, 2, 3, 4`,
            [codes, asOf],
          );
          addUpPremiums(found, rows, (row) => `${row.village_code}|${asOf}`, asOf);
        }
        return keys.map(({ key, asOf }) => found.get(`${key}|${asOf}`) ?? null);
      },
      ({ key, asOf }) => `${key}|${asOf}`,
    ),
    districtCoverage: areaCoverageLoader(db, 'district'),
    regencyCoverage: areaCoverageLoader(db, 'regency'),
    coveredInArea: coveredInAreaLoader(db),
  };
}

export type MembershipLoaders = ReturnType<typeof createLoaders>;
export type MembershipContext = SubgraphContext<MembershipLoaders>;
