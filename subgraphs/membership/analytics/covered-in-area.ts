import { DataSource } from 'typeorm';
import { AreaLevel, inArea } from '../../../domain/areas';
import { preparedQuery } from '../../../platform/database';

/**
 * Covered workers per area and day, for areas of one level: one statement; each area and day is an
 * index range on the coverage-by-area indexes. A card's periods never overlap (enrollment refuses
 * ALREADY_COVERED), so periods in force are cards covered.
 */
export function coveredInAreas(
  db: DataSource,
  level: AreaLevel,
  areaDays: { key: string; asOf: string }[],
): Promise<{ area: string; day: string; workers: number }[]> {
  return preparedQuery<{ area: string; day: string; workers: number }>(
    db,
    `covered_in_${level}`,
    `SELECT k.area, k.day::text AS day,
       (SELECT count(*)::int FROM coverage_period p WHERE ${inArea(level, 'p.village_code', 'k.area')}
          AND p.valid_from <= k.day AND p.valid_until >= k.day) AS workers
     FROM unnest($1::text[], $2::date[]) AS k(area, day)`,
    [areaDays.map((k) => k.key), areaDays.map((k) => k.asOf)],
  );
}
