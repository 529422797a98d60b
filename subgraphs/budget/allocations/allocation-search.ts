import { DataSource } from 'typeorm';
import { badInput } from '../../../platform/errors';
import { CursorBinding, decodeCursor, pageSize, toPage } from '../../kit/pagination';
import { Allocation } from './allocation';

export const MAX_ALLOCATION_PAGE = 200;

export interface AllocationFilter {
  fiscalYear?: number | null;
  funderId?: string | null;
  first: number;
  after?: string | null;
}

export async function searchAllocations(db: DataSource, filter: AllocationFilter, cursor: CursorBinding) {
  const size = pageSize(filter.first, MAX_ALLOCATION_PAGE);
  const after = decodeCursor(filter.after, cursor);
  if (filter.fiscalYear != null && (filter.fiscalYear < 2000 || filter.fiscalYear > 2100)) {
    throw badInput(`${filter.fiscalYear} is not a plausible APBD fiscal year.`, { argument: 'fiscalYear' });
  }
  const query = db.getRepository(Allocation).createQueryBuilder('a');
  if (filter.fiscalYear != null) query.andWhere('a.fiscal_year = :year', { year: filter.fiscalYear });
  if (filter.funderId) query.andWhere('a.funder_id = :funder', { funder: filter.funderId });
  if (after) query.andWhere('a.id > :after', { after });
  const rows = await query
    .orderBy('a.id')
    .limit(size + 1)
    .getMany();
  return toPage(rows, size, (a) => a.id, cursor, filter.after);
}
