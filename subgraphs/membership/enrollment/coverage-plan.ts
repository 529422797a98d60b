/**
 * What an enrollment would commit: a coverage period inside the allocation's fiscal year
 * (1 January to 31 December) and the premium for every calendar month it touches, at the rate
 * in force that month (the dated schedule of domain/premium-rates.ts).
 *
 * Cover never starts before the day it is recorded (today in Ambon, by the server clock): cover
 * recorded after an event would otherwise pay for it. No regulation found allows a BPU member's
 * cover to start before registration, so there is no back-dating window (README Rules).
 */
import { badInput, conflict } from '../../../platform/errors';
import { LOWEST_BRACKET, premiumForPeriod } from '../../../domain/premium-rates';
import { Program } from '../../../domain/program';
import { FundingAllocation } from '../peers';

export interface CoveragePlan {
  allocationId: string;
  validFrom: string;
  validUntil: string;
  months: number;
  monthlyPremium: number;
  programs: string[];
  /** Declared monthly income: the bracket of the premium and the base of JKK benefits. */
  declaredIncome: number;
  /** First month of the member's membership (PP 49/2020's relief counts from it). */
  memberSince: string;
  /** The premium to reserve: each month at the rate in force. */
  amount: number;
}

export function planCoverage(
  allocation: FundingAllocation,
  validFrom: string | null | undefined,
  validUntil: string | null | undefined,
  memberSince: string | null | undefined,
  today: string,
): CoveragePlan {
  const yearStart = `${allocation.fiscalYear}-01-01`;
  const yearEnd = `${allocation.fiscalYear}-12-31`;
  if (today > yearEnd) {
    throw conflict(
      `Allocation ${allocation.id} funds fiscal year ${allocation.fiscalYear}, which closed on ${yearEnd}: it takes no new cover.`,
      {
        argument: 'allocationId',
        reason: 'FISCAL_YEAR_CLOSED',
        fiscalYear: allocation.fiscalYear,
      },
    );
  }
  const from = validFrom ?? (today > yearStart ? today : yearStart);
  const until = validUntil ?? yearEnd;
  if (from < today) {
    throw badInput(`Cover cannot start (${from}) before the day it is recorded (${today}, today in Ambon).`, {
      argument: 'validFrom',
      reason: 'COVER_BEFORE_RECORD',
    });
  }
  if (from > until)
    throw badInput(`The coverage period cannot end (${until}) before it starts (${from}).`, {
      argument: 'validUntil',
      reason: 'IMPOSSIBLE_PERIOD',
    });
  if (from < yearStart || until > yearEnd) {
    throw badInput(
      `Allocation ${allocation.id} funds fiscal year ${allocation.fiscalYear}: the period ${from} to ${until} must lie within ${yearStart} and ${yearEnd}.`,
      {
        argument: 'validFrom',
        reason: 'PERIOD_OUTSIDE_FISCAL_YEAR',
      },
    );
  }
  const months = Number(until.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
  const monthlyPremium = Number(allocation.premiumPerWorkerMonth);
  const since = `${(memberSince && memberSince < from ? memberSince : from).slice(0, 7)}-01`;
  let amount: number;
  try {
    amount = premiumForPeriod(allocation.programs as Program[], LOWEST_BRACKET, from, until, since);
  } catch (error) {
    throw badInput(
      `Allocation ${allocation.id} funds programs with no premium rate for informal workers: ${(error as Error).message}`,
      { argument: 'allocationId' },
    );
  }
  return {
    allocationId: allocation.id,
    validFrom: from,
    validUntil: until,
    months,
    monthlyPremium,
    programs: allocation.programs,
    declaredIncome: LOWEST_BRACKET,
    memberSince: since,
    amount,
  };
}
