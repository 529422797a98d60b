/**
 * The membership subgraph's request-scoped loaders. Every read is a named, typed query of a
 * feature's query module; a loader only batches keys and shapes answers. Keys that carry a date
 * are batched per date (`datedLoader`), so a roster asked "as of 2021-06-30" is one statement
 * whatever its length.
 */
import { DataSource } from 'typeorm';
import { AreaLevel, areaLevelOf } from '../../domain/areas';
import { loaderByKey, loaderOfGroups, loaderWithArguments } from '../../platform/loaders';
import { todayInAmbon } from '../../platform/scalars';
import { SubgraphContext } from '../kit/subgraph';
import { coverageOn, CoverageArea } from './analytics/coverage-queries';
import { coveredInAreas } from './analytics/covered-in-area';
import {
  allocationTotals,
  cardsByKpj,
  cardsOfWorkers,
  cardsOfWorkersWithCoverage,
  coverageInForce,
  FundedCardsPage,
  fundedCardsPage,
  periodsOfCards,
} from './cards/card-queries';
import { HolderReads } from './cards/holder-reads';
import { MembershipCard } from './cards/membership-card';
import { approvalsOfItems, claimsOfCards, heirsOfCards, itemsOfClaims } from './claims/claim-queries';
import { datedLoader, DatedKey } from './dated-loader';
import { statusesOn } from './payments/card-status';
import { paymentsOfCardMonths, paymentsOfCards, uninvoicedMonthsOfCards } from './payments/payment-queries';

export type { DatedKey };

/** A page of an allocation's funded cards: `key` is the allocation. */
export interface FundedCardsKey extends FundedCardsPage {
  key: string;
}

const coverageLoader = (db: DataSource, level: CoverageArea) =>
  datedLoader((codes, asOf) => coverageOn(db, level, codes, asOf));

export function createLoaders(db: DataSource) {
  const loaders = baseLoaders(db);
  return {
    ...loaders,
    /** Holders' NIKs this request hands out, for the read audit (see holder-reads.ts). */
    holderReads: new HolderReads(),
    /**
     * A worker's card together with its coverage in force on a day, in one statement, for a
     * query that asks for both (the dashboard's headline question): the card and coverage loaders
     * are primed with what was read, so the card's `coverage` field costs no second round trip.
     */
    cardOfWorkerWithCoverage: datedLoader(async (niks, asOf) => {
      const found = new Map<string, MembershipCard>();
      for (const { card, coverage } of await cardsOfWorkersWithCoverage(db, niks, asOf, todayInAmbon())) {
        found.set(card.nik, card);
        loaders.cardOfWorker.prime(card.nik, card);
        loaders.coverageOfCard.prime({ key: card.kpj, asOf }, coverage && Object.assign(coverage, { asOf }));
      }
      return found;
    }),
  };
}

function baseLoaders(db: DataSource) {
  return {
    cardByKpj: loaderByKey(
      (kpjs: string[]) => cardsByKpj(db, kpjs, todayInAmbon()),
      (c) => c.kpj,
    ),
    /** The worker's open card, or the latest closed one when none is open. */
    cardOfWorker: loaderByKey(
      (niks: string[]) => cardsOfWorkers(db, niks, todayInAmbon()),
      (c) => c.nik,
    ),
    paymentsOfCard: loaderOfGroups(
      (kpjs: string[]) => paymentsOfCards(db, kpjs),
      (p) => p.kpj,
    ),
    heirsOfCard: loaderOfGroups(
      (kpjs: string[]) => heirsOfCards(db, kpjs),
      (h) => h.kpj,
    ),
    /** Every payment of each card's months, the first of a month paying it and any later one a credit. */
    paymentsOfCardMonths: loaderOfGroups(
      (kpjs: string[]) => paymentsOfCardMonths(db, kpjs),
      (row) => row.kpj,
    ),
    /** Months of each card's recorded cover past their due date that no invoice billed and nobody paid. */
    uninvoicedMonthsOfCard: loaderOfGroups(
      (kpjs: string[]) => uninvoicedMonthsOfCards(db, kpjs, todayInAmbon()),
      (row) => row.kpj,
    ),
    approvalOfItem: loaderByKey(
      (ids: string[]) => approvalsOfItems(db, ids),
      (a) => a.itemId,
    ),
    itemsOfClaim: loaderOfGroups(
      (ids: string[]) => itemsOfClaims(db, ids),
      (i) => i.claimId,
    ),
    claimsOfCard: loaderOfGroups(
      (kpjs: string[]) => claimsOfCards(db, kpjs),
      (c) => c.kpj,
    ),
    /** A card's status on a day, by the payment rule. */
    statusOfCard: datedLoader((kpjs, asOf) => statusesOn(db, kpjs, asOf)),
    periodsOfCard: loaderOfGroups(
      (kpjs: string[]) => periodsOfCards(db, kpjs),
      (p) => p.kpj,
    ),
    /** The coverage period in force on a day, per card. */
    coverageOfCard: datedLoader(
      async (kpjs, asOf) =>
        new Map((await coverageInForce(db, kpjs, asOf)).map((period) => [period.kpj, Object.assign(period, { asOf })])),
    ),
    /** A page of the cards each allocation funds; allocations asked with the same page share one statement. */
    cardsOfAllocation: loaderWithArguments<FundedCardsKey, MembershipCard[]>(
      async (keys) => {
        const pageOf = (k: FundedCardsPage) => `${k.first}|${k.after ?? ''}|${k.villages?.join(',') ?? '*'}`;
        const groups = new Map<string, FundedCardsKey[]>();
        for (const key of keys) groups.set(pageOf(key), [...(groups.get(pageOf(key)) ?? []), key]);
        const pages = new Map<string, MembershipCard[]>();
        for (const [page, group] of groups) {
          for (const { allocationId, card } of await fundedCardsPage(
            db,
            group.map((k) => k.key),
            group[0],
            todayInAmbon(),
          )) {
            const key = `${allocationId}|${page}`;
            pages.set(key, [...(pages.get(key) ?? []), card]);
          }
        }
        return keys.map((k) => pages.get(`${k.key}|${pageOf(k)}`) ?? []);
      },
      // One batch per page arguments: keys that differ only by allocation share a statement.
      (k) => `${k.key}|${k.first}|${k.after ?? ''}|${k.villages?.join(',') ?? '*'}`,
    ),
    allocationTotals: loaderByKey(
      (ids: string[]) => allocationTotals(db, ids),
      (row) => row.allocation_id,
    ),
    villageCoverage: coverageLoader(db, 'village'),
    districtCoverage: coverageLoader(db, 'district'),
    regencyCoverage: coverageLoader(db, 'regency'),
    /** Covered workers per area and day: one statement per area level asked. */
    coveredInArea: loaderWithArguments<DatedKey, number>(
      async (keys) => {
        const levels = new Map<AreaLevel, DatedKey[]>();
        for (const key of keys) levels.set(areaLevelOf(key.key), [...(levels.get(areaLevelOf(key.key)) ?? []), key]);
        const counts = new Map<string, number>();
        for (const [level, group] of levels)
          for (const row of await coveredInAreas(db, level, group)) counts.set(`${row.area}|${row.day}`, row.workers);
        return keys.map((k) => counts.get(`${k.key}|${k.asOf}`) ?? 0);
      },
      (k) => `${k.key}|${k.asOf}`,
    ),
  };
}

export type MembershipLoaders = ReturnType<typeof createLoaders>;
export type MembershipContext = SubgraphContext<MembershipLoaders>;
