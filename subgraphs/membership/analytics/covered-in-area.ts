import { DataSource } from 'typeorm';
import { AreaLevel, areaLevelOf, inArea } from '../../../domain/areas';
import { preparedQuery } from '../../../platform/database';
import { loaderWithArguments } from '../../../platform/loaders';

/** An area (its Kemendagri code) and a day. */
export interface AreaDay {
  key: string;
  asOf: string;
}

/**
 * Covered workers per area and day: one statement per area level; each area and day is an index
 * range on the coverage-by-area indexes. A card's periods never overlap (enrollment refuses
 * ALREADY_COVERED), so periods in force are cards covered.
 */
export function coveredInAreaLoader(db: DataSource) {
  return loaderWithArguments<AreaDay, number>(
    async (keys) => {
      const counts = new Map<string, number>();
      const byLevel = new Map<AreaLevel, AreaDay[]>();
      for (const key of keys) byLevel.set(areaLevelOf(key.key), [...(byLevel.get(areaLevelOf(key.key)) ?? []), key]);
      for (const [level, group] of byLevel) {
        const rows = await preparedQuery<{ area: string; day: string; workers: number }>(
          db,
          `covered_in_${level}`,
          `SELECT k.area, k.day::text AS day,
             (SELECT count(*)::int FROM coverage_period p WHERE ${inArea(level, 'p.village_code', 'k.area')}
                AND p.valid_from <= k.day AND p.valid_until >= k.day) AS workers
           FROM unnest($1::text[], $2::date[]) AS k(area, day)`,
          [group.map((k) => k.key), group.map((k) => k.asOf)],
        );
        for (const row of rows) counts.set(`${row.area}|${row.day}`, row.workers);
      }
      return keys.map((k) => counts.get(`${k.key}|${k.asOf}`) ?? 0);
    },
    (k) => `${k.key}|${k.asOf}`,
  );
}

