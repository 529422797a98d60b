/**
 * What an enrollment would commit: a coverage period inside the allocation's fiscal year
 * (1 January to 31 December) and the premium for every calendar month it touches.
 */
import { badInput } from '../../shared/errors';
import { FundingAllocation } from '../peers';

export interface CoveragePlan {
  allocationId: string;
  validFrom: string;
  validUntil: string;
  months: number;
  monthlyPremium: number;
  programs: string[];
  /** The premium to reserve: monthlyPremium x months. */
  amount: number;
}

export function planCoverage(allocation: FundingAllocation, validFrom?: string | null, validUntil?: string | null): CoveragePlan {
  const yearStart = `${allocation.fiscalYear}-01-01`;
  const yearEnd = `${allocation.fiscalYear}-12-31`;
  const from = validFrom ?? yearStart;
  const until = validUntil ?? yearEnd;
  if (from > until) throw badInput(`The coverage period cannot end (${until}) before it starts (${from}).`, { argument: 'validUntil', reason: 'IMPOSSIBLE_PERIOD' });
  if (from < yearStart || until > yearEnd) {
    throw badInput(`Allocation ${allocation.id} funds fiscal year ${allocation.fiscalYear}: the period ${from} to ${until} must lie within ${yearStart} and ${yearEnd}.`, {
      argument: 'validFrom',
      reason: 'PERIOD_OUTSIDE_FISCAL_YEAR',
    });
  }
  const months = Number(until.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
  const monthlyPremium = Number(allocation.premiumPerWorkerMonth);
  return { allocationId: allocation.id, validFrom: from, validUntil: until, months, monthlyPremium, programs: allocation.programs, amount: monthlyPremium * months };
}
