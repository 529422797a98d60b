/**
 * The membership subgraph's request-scoped loaders. Keys that carry a date are batched per
 * date, so a roster asked "as of 2021-06-30" is one statement whatever its length.
 */
import { DataSource, In } from 'typeorm';
import { loaderByKey, loaderOfGroups, loaderWithArguments } from '../shared/loaders';
import { SubgraphContext } from '../shared/subgraph';
import { CardStatus, CoveragePeriod, MembershipCard } from './cards/membership-card';
import { Claim, Heir } from './claims/claim';
import { statusesOn } from './payments/card-status';
import { PremiumPayment } from './payments/premium-payment';

export interface DatedKey {
  key: string;
  asOf: string;
}

function groupByDate(keys: DatedKey[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const { key, asOf } of keys) {
    const group = groups.get(asOf);
    if (group) group.push(key);
    else groups.set(asOf, [key]);
  }
  return groups;
}

export interface FundedCardsKey {
  key: string;
  first: number;
  after: string | null;
  /** Null: every village. */
  villages: string[] | null;
}

export function createLoaders(db: DataSource) {
  const cards = db.getRepository(MembershipCard);
  const periods = db.getRepository(CoveragePeriod);
  return {
    cardByKpj: loaderByKey((kpjs: string[]) => cards.findBy({ kpj: In(kpjs) }), (c) => c.kpj),
    /** The worker's open card, or the latest closed one when none is open. */
    cardOfWorker: loaderByKey(
      (niks: string[]) =>
        cards
          .createQueryBuilder('c')
          .distinctOn(['c.nik'])
          .where('c.nik IN (:...niks)', { niks })
          .orderBy('c.nik')
          .addOrderBy("(c.status = 'CLOSED')", 'ASC')
          .addOrderBy('c.issued_on', 'DESC')
          .getMany(),
      (c) => c.nik,
    ),
    paymentsOfCard: loaderOfGroups(
      (kpjs: string[]) => db.getRepository(PremiumPayment).find({ where: { kpj: In(kpjs) }, order: { kpj: 'ASC', month: 'ASC' } }),
      (p) => p.kpj,
    ),
    heirsOfCard: loaderOfGroups((kpjs: string[]) => db.getRepository(Heir).find({ where: { kpj: In(kpjs) }, order: { kpj: 'ASC', fullName: 'ASC' } }), (h) => h.kpj),
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
          const rows = await periods
            .createQueryBuilder('p')
            .where('p.kpj IN (:...kpjs)', { kpjs })
            .andWhere('p.valid_from <= :asOf AND p.valid_until >= :asOf', { asOf })
            .getMany();
          for (const row of rows) found.set(`${row.kpj}|${asOf}`, row);
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
          const rows: (Record<string, string> & { allocation_id: string })[] = await db.query(
            `SELECT allocation_id, kpj, nik, status, village_code, issued_on FROM (
               SELECT DISTINCT ON (p.allocation_id, c.kpj) p.allocation_id, c.*,
                      dense_rank() OVER (PARTITION BY p.allocation_id ORDER BY c.kpj) AS rank
               FROM coverage_period p JOIN membership_card c ON c.kpj = p.kpj
               WHERE p.allocation_id = ANY($1) AND ($2::char(11) IS NULL OR c.kpj > $2)
                 AND ($3::varchar[] IS NULL OR c.village_code = ANY($3))
               ORDER BY p.allocation_id, c.kpj
             ) ranked WHERE rank <= $4`,
            [group.map((k) => k.key), after, villages, first + 1],
          );
          for (const row of rows) {
            const card = cards.create({ kpj: row.kpj, nik: row.nik, status: row.status as MembershipCard['status'], villageCode: row.village_code, issuedOn: row.issued_on });
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
          `SELECT allocation_id, count(DISTINCT kpj)::int AS workers, coalesce(sum(monthly_premium * months), 0)::bigint AS committed
           FROM coverage_period WHERE allocation_id = ANY($1) GROUP BY allocation_id`,
          [ids],
        )) as { allocation_id: string; workers: number; committed: string }[],
      (row) => row.allocation_id,
    ),
    villageCoverage: loaderWithArguments<DatedKey, { workers: number; premium: string } | null>(
      async (keys) => {
        const found = new Map<string, { workers: number; premium: string }>();
        for (const [asOf, codes] of groupByDate(keys)) {
          const rows: { village_code: string; workers: number; premium: string }[] = await db.query(
            `SELECT village_code, count(DISTINCT kpj)::int AS workers, coalesce(sum(monthly_premium), 0)::bigint AS premium
             FROM coverage_period WHERE village_code = ANY($1) AND valid_from <= $2 AND valid_until >= $2
             GROUP BY village_code`,
            [codes, asOf],
          );
          for (const row of rows) found.set(`${row.village_code}|${asOf}`, row);
        }
        return keys.map(({ key, asOf }) => found.get(`${key}|${asOf}`) ?? null);
      },
      ({ key, asOf }) => `${key}|${asOf}`,
    ),
  };
}

export type MembershipLoaders = ReturnType<typeof createLoaders>;
export type MembershipContext = SubgraphContext<MembershipLoaders>;
