/**
 * An allocation's fiscal year month by month, read by the database: the invoice of each month of
 * cover and what was realised by each month's end.
 */
import { DataSource } from 'typeorm';
import { loaderOfGroups } from '../../shared/loaders';

export interface AllocationMonthRow {
  allocationId: string;
  month: string;
  workers: number | null;
  invoiced: number;
  realised: number;
  paidOn: string | null;
  realisedByMonthEnd: number;
}

interface MonthRow {
  allocation_id: string;
  month: string;
  workers: number | null;
  invoiced: string;
  realised: string;
  paid_on: string | null;
  realised_to_date: string;
}

export function monthsOfAllocationLoader(db: DataSource) {
  return loaderOfGroups(async (ids: string[]): Promise<AllocationMonthRow[]> => {
    const rows: MonthRow[] = await db.query(
      `SELECT a.id AS allocation_id, to_char(m, 'YYYY-MM') AS month, i.workers, coalesce(i.amount, 0)::text AS invoiced,
              (CASE WHEN i.status = 'PAID' THEN i.amount ELSE 0 END)::text AS realised, i.paid_on::text AS paid_on,
              (SELECT coalesce(sum(j.amount), 0) FROM invoice j
               WHERE j.allocation_id = a.id AND j.status = 'PAID' AND j.paid_on < (m + interval '1 month'))::text AS realised_to_date
       FROM allocation a
       CROSS JOIN generate_series(make_date(a.fiscal_year, 1, 1), make_date(a.fiscal_year, 12, 1), interval '1 month') AS m
       LEFT JOIN invoice i ON i.allocation_id = a.id AND i.month = m::date
       WHERE a.id = ANY($1) ORDER BY a.id, m`,
      [ids],
    );
    return rows.map((row) =>
      ({
        allocationId: row.allocation_id,
        month: row.month,
        workers: row.workers,
        invoiced: Number(row.invoiced),
        realised: Number(row.realised),
        paidOn: row.paid_on,
        realisedByMonthEnd: Number(row.realised_to_date),
      }),
    );
  }, (month) => month.allocationId);
}

