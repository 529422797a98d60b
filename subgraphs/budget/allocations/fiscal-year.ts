/**
 * An APBD fiscal year runs 1 January to 31 December and closes at the end of its last day in
 * Ambon, by the server clock. Before it begins its allocations may already commit (the Perda
 * APBD is enacted before the year starts); once it has closed, nothing new is committed against
 * it and its ceiling stays as it ended. Settling what was already held, and paying invoices, go on.
 */
import { conflict } from '../../../platform/errors';
import { todayInAmbon } from '../../../platform/scalars';

export const lastDayOf = (fiscalYear: number) => `${fiscalYear}-12-31`;

export function fiscalYearClosed(fiscalYear: number, today: string = todayInAmbon()): boolean {
  return today > lastDayOf(fiscalYear);
}

/** The fiscal year whose cash a payment dated `paidOn` is: APBD years are calendar years. */
export const fiscalYearOfCash = (paidOn: string) => Number(paidOn.slice(0, 4));

export function requireOpenFiscalYear(allocation: { id: string; fiscalYear: number }, refused: string): void {
  const today = todayInAmbon();
  if (!fiscalYearClosed(allocation.fiscalYear, today)) return;
  throw conflict(
    `Fiscal year ${allocation.fiscalYear} closed at the end of 31 December ${allocation.fiscalYear} (Ambon time); today is ${today}, so allocation ${allocation.id} ${refused}.`,
    { reason: 'FISCAL_YEAR_CLOSED', fiscalYear: allocation.fiscalYear },
  );
}
