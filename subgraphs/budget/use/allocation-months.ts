/**
 * An allocation's fiscal year month by month, read by the database: the invoices of each month of
 * cover (its first and any supplementary ones), what of them was paid within the fiscal year and
 * after it, and what was realised by each month's end. Only cash within the year is realised, so
 * December's realisedByMonthEnd is the allocation's realised.
 */
import { DataSource } from 'typeorm';
import { loaderOfGroups } from '../../../platform/loaders';

export interface AllocationMonthRow {
  allocationId: string;
  month: string;
  workers: number | null;
  invoiced: number;
  realised: number;
  paidAfterYearEnd: number;
  paidOn: string | null;
  realisedByMonthEnd: number;
}

interface MonthRow {
  allocation_id: string;
  month: string;
  workers: number | null;
  invoiced: string;
  realised: string;
  paid_after_year_end: string;
  paid_on: string | null;
  realised_to_date: string;
}

export function monthsOfAllocationLoader(db: DataSource) {
  return loaderOfGroups(
    async (ids: string[]): Promise<AllocationMonthRow[]> => {
      const rows: MonthRow[] = await db.query(
        `SELECT a.id AS allocation_id, to_char(m, 'YYYY-MM') AS month, i.workers::int AS workers, coalesce(i.invoiced, 0)::text AS invoiced,
              coalesce(i.realised, 0)::text AS realised, coalesce(i.paid_after_year_end, 0)::text AS paid_after_year_end, i.paid_on::text AS paid_on,
              (SELECT coalesce(sum(j.amount), 0) FROM invoice j
               WHERE j.allocation_id = a.id AND j.status = 'PAID' AND j.paid_on < (m + interval '1 month') AND j.paid_on <= make_date(a.fiscal_year, 12, 31))::text AS realised_to_date
       FROM allocation a
       CROSS JOIN generate_series(make_date(a.fiscal_year, 1, 1), make_date(a.fiscal_year, 12, 1), interval '1 month') AS m
       LEFT JOIN LATERAL (
         SELECT sum(v.workers) AS workers, sum(v.amount) AS invoiced,
                sum(v.amount) FILTER (WHERE v.status = 'PAID' AND v.paid_on <= make_date(a.fiscal_year, 12, 31)) AS realised,
                sum(v.amount) FILTER (WHERE v.status = 'PAID' AND v.paid_on > make_date(a.fiscal_year, 12, 31)) AS paid_after_year_end,
                CASE WHEN bool_and(v.status = 'PAID') THEN max(v.paid_on) END AS paid_on
         FROM invoice v WHERE v.allocation_id = a.id AND v.month = m::date HAVING count(*) > 0
       ) i ON true
       WHERE a.id = ANY($1) ORDER BY a.id, m`,
        [ids],
      );
      return rows.map((row) => ({
        allocationId: row.allocation_id,
        month: row.month,
        workers: row.workers,
        invoiced: Number(row.invoiced),
        realised: Number(row.realised),
        paidAfterYearEnd: Number(row.paid_after_year_end),
        paidOn: row.paid_on,
        realisedByMonthEnd: Number(row.realised_to_date),
      }));
    },
    (month) => month.allocationId,
  );
}
