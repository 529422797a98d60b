/**
 * Village listing for pickers and dashboards: filter by regency, district or kind, paged by code.
 */
import { DataSource } from 'typeorm';
import { badInput } from '../../../platform/errors';
import { CursorBinding, decodeCursor, pageSize, toPage } from '../../kit/pagination';
import { Village, VillageKind } from './region';

export interface VillageFilter {
  regencyCode?: string | null;
  districtCode?: string | null;
  kind?: VillageKind | null;
  first: number;
  after?: string | null;
}

export const MAX_VILLAGE_PAGE = 500;

export async function searchVillages(db: DataSource, filter: VillageFilter, cursor: CursorBinding) {
  const size = pageSize(filter.first, MAX_VILLAGE_PAGE);
  const after = decodeCursor(filter.after, cursor);
  if (filter.regencyCode && !/^\d{2}\.\d{2}$/.test(filter.regencyCode))
    throw badInput(`"${filter.regencyCode}" is not a regency code like 81.71.`);
  if (filter.districtCode && !/^\d{2}\.\d{2}\.\d{2}$/.test(filter.districtCode))
    throw badInput(`"${filter.districtCode}" is not a district code like 81.71.02.`);
  const query = db.getRepository(Village).createQueryBuilder('v');
  // Codes nest (village 81.71.02.1001 lies in district 81.71.02), so prefixes filter by region.
  if (filter.regencyCode) query.andWhere('v.district_code LIKE :regency', { regency: `${filter.regencyCode}.%` });
  if (filter.districtCode) query.andWhere('v.district_code = :district', { district: filter.districtCode });
  if (filter.kind)
    query.andWhere("substr(split_part(v.code, '.', 4), 1, 1) = :kind", {
      kind: filter.kind === VillageKind.KELURAHAN ? '1' : '2',
    });
  const totalCount = await query.clone().getCount();
  if (after) query.andWhere('v.code > :after', { after });
  const rows = await query
    .orderBy('v.code')
    .limit(size + 1)
    .getMany();
  return Object.assign(
    toPage(rows, size, (v) => v.code, cursor, filter.after),
    { totalCount },
  );
}
