/**
 * The disclosure-control rule: counts and sums answered to a caller without `personal-data:read`
 * must not single anybody out. In a village of a few hundred cards, "CLOSED 1" on one day is one
 * named person's death dated to the day; a district's total minus its other villages' totals
 * gives back whatever a village's own answer held back.
 *
 * - A count from 1 to MINIMUM_CELL - 1 is withheld: answered null, with `suppressed: true` on the
 *   object that carries it. Zero is answered: it says nothing about anyone.
 * - Every other count is rounded to the nearest multiple of ROUNDING_BASE, and every sum of money
 *   to a base larger than one person's share of it. Rounding, not secondary suppression, answers
 *   differencing: each published cell is off by up to half a base, so an area's total minus its
 *   parts is off by more than a withheld cell can hold, whichever areas are asked for and in which
 *   requests. Secondary suppression would have to know every other answer a caller ever got.
 * - Status history is answered at the end of a month, never a day (see `lastMonthEndOnOrBefore`):
 *   two adjacent days then give the same answer, and no death is dated within its month.
 *
 * Callers with `personal-data:read` see the persons themselves and keep exact answers.
 * No Indonesian regulation on a minimum cell was found in the project's sources; 5 follows common
 * statistics-office practice (minimum cells of 5 or 10, counts rounded to base 5).
 */
import { Scope } from '../../../contract/scopes';
import type { Caller } from '../../../contract/caller';

export const MINIMUM_CELL = 5;
export const ROUNDING_BASE = 5;
/** More than twice the JKM death benefit (Rp 42,000,000), the usual single claim. */
export const CLAIM_SUM_BASE = 100_000_000;
/** About six workers' monthly premium (Rp 16,800 each). */
export const PREMIUM_SUM_BASE = 100_000;

export const SUPPRESSED_DESCRIPTION = `Whether a count here was withheld under the disclosure-control rule (between 1 and ${MINIMUM_CELL - 1}, answered null with the sums it would reveal). Without personal-data:read every other count is rounded to a multiple of ${ROUNDING_BASE} and sums of money rounded too; see the README's Rules.`;

/** Whether the caller is answered exactly: only who may see the persons behind the figures. */
export function answeredExactly(caller: Caller): boolean {
  return caller.has(Scope.PERSONAL_DATA_READ);
}

/** A count as the rule answers it: null when withheld. */
export function disclosedCount(count: number): number | null {
  if (count === 0) return 0;
  if (count < MINIMUM_CELL) return null;
  return Math.round(count / ROUNDING_BASE) * ROUNDING_BASE;
}

/** A sum of rupiah rounded to `base`; kept as text, exact beyond 2^53 like every rupiah sum. */
export function roundedRupiah(amount: string | number, base: number): string {
  const value =
    typeof amount === 'string' && /^-?\d+$/.test(amount) ? BigInt(amount) : BigInt(Math.round(Number(amount)));
  const half = BigInt(base / 2);
  return String(((value + half) / BigInt(base)) * BigInt(base));
}

/** The last day of a month on or before `day`: the day status history is answered for. */
export function lastMonthEndOnOrBefore(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  const monthEnd = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (date === monthEnd) return day;
  return new Date(Date.UTC(year, month - 1, 0)).toISOString().slice(0, 10);
}

/** The first and last day of the months `from` and `until` fall in. */
export function wholeMonths(from: string, until: string): { from: string; until: string } {
  const [year, month] = until.split('-').map(Number);
  return { from: `${from.slice(0, 7)}-01`, until: new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10) };
}
