import { DataSource } from 'typeorm';
import { badInput } from '../../../platform/errors';
import { CursorBinding, decodeCursor, pageSize, toPage } from '../../kit/pagination';
import { requireWellFormedNik } from '../workers/worker-reads';
import { PersonRead } from './person-read';

export const MAX_PERSON_READ_PAGE = 500;

export interface PersonReadFilter {
  nik?: string | null;
  reader?: string | null;
  subgraph?: string | null;
  first: number;
  after?: string | null;
}

export async function searchPersonReads(db: DataSource, filter: PersonReadFilter, cursor: CursorBinding) {
  const size = pageSize(filter.first, MAX_PERSON_READ_PAGE);
  const after = decodeCursor(filter.after, cursor);
  if (after !== null && !/^\d+$/.test(after)) throw badInput('The cursor does not belong to the read audit.');
  const query = db.getRepository(PersonRead).createQueryBuilder('r');
  if (filter.nik) query.andWhere('r.nik = :nik', { nik: requireWellFormedNik(filter.nik) });
  if (filter.reader) query.andWhere('r.reader = :reader', { reader: filter.reader });
  if (filter.subgraph) query.andWhere('r.subgraph = :subgraph', { subgraph: filter.subgraph });
  if (after) query.andWhere('r.id < :after', { after });
  const rows = await query
    .orderBy('r.id', 'DESC')
    .limit(size + 1)
    .getMany();
  return toPage(rows, size, (r) => String(r.id), cursor, filter.after);
}
