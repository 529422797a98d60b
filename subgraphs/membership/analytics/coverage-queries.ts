/**
 * Coverage totals of villages, districts and regencies on a day: SQL counts covered workers per
 * group of what sets their premium, and the premium of each group is the rate in force on the day.
 */
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../../platform/database';
import { premiumForMonth } from '../../../domain/premium-rates';
import { Program } from '../../../domain/program';

export interface CoverageTotals {
  workers: number;
  premium: string;
}

/** How an area's code is read from a village code: each matches an index (the coverage-by-area migration's for district and regency). */
const AREA_OF_VILLAGE = {
  village: 'village_code',
  district: 'left(village_code, 8)',
  regency: 'left(village_code, 5)',
} as const;
export type CoverageArea = keyof typeof AREA_OF_VILLAGE;

interface PremiumGroup {
  area: string;
  programs: Program[];
  declared_income: string;
  member_since: string;
  workers: number;
}

/** Totals of the areas (all of one level) that have covered workers on `asOf`, by area code. */
export async function coverageOn(
  db: DataSource,
  level: CoverageArea,
  codes: string[],
  asOf: string,
): Promise<Map<string, CoverageTotals>> {
  const area = AREA_OF_VILLAGE[level];
  const groups = await preparedQuery<PremiumGroup>(
    db,
    `${level}_coverage`,
    `SELECT ${area} AS area, programs, declared_income, member_since::text AS member_since, count(DISTINCT kpj)::int AS workers
     FROM coverage_period WHERE ${area} = ANY($1) AND valid_from <= $2 AND valid_until >= $2
     GROUP BY 1, 2, 3, 4`,
    [codes, asOf],
  );
  const totals = new Map<string, CoverageTotals>();
  for (const group of groups) {
    const total = totals.get(group.area) ?? { workers: 0, premium: '0' };
    const premium =
      group.workers * premiumForMonth(group.programs, Number(group.declared_income), asOf, group.member_since);
    totals.set(group.area, {
      workers: total.workers + group.workers,
      premium: String(Number(total.premium) + premium),
    });
  }
  return totals;
}
