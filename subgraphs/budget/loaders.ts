/**
 * The budget subgraph's request-scoped loaders. An allocation is nearly always asked with its
 * funder, so one join fetches both and primes the funder loader.
 */
import { DataSource, In } from 'typeorm';
import { preparedQuery } from '../../platform/database';
import { loaderByKey, loaderOfGroups } from '../../platform/loaders';
import { SubgraphContext } from '../kit/subgraph';
import { Allocation, AllocationRevision, Funder } from './allocations/allocation';
import { Invoice } from './invoices/invoice';
import { monthsOfAllocationLoader } from './use/allocation-months';

interface RevisionRow {
  allocation_id: string;
  version: number;
  ceiling: string;
  legal_basis: string;
  valid_since: Date;
  superseded_at: Date;
}

interface AllocationRow {
  id: string;
  fiscal_year: number;
  funder_id: string;
  legal_basis: string;
  ceiling: string;
  premium_per_worker_month: string;
  programs: Allocation['programs'];
  committed: string;
  reserved: string;
  realised: string;
  paid_after_year_end: string;
  version: number;
  version_since: Date;
  funder_name: string;
  funder_regency_code: string | null;
}

export function createLoaders(db: DataSource) {
  const loaders = {
    monthsOfAllocation: monthsOfAllocationLoader(db),
    allocationById: loaderByKey(
      async (ids: string[]) => {
        const rows = await preparedQuery<AllocationRow>(
          db,
          'allocation_with_funder_by_id',
          `SELECT a.id, a.fiscal_year, a.funder_id, a.legal_basis, a.ceiling, a.premium_per_worker_month, a.programs,
                a.committed, a.reserved, a.realised, a.paid_after_year_end, a.version, a.version_since, f.name AS funder_name, f.regency_code AS funder_regency_code
         FROM allocation a JOIN funder f ON f.id = a.funder_id WHERE a.id = ANY($1)`,
          [ids],
        );
        return rows.map((row) => {
          loaders.funderById.prime(
            row.funder_id,
            Object.assign(new Funder(), {
              id: row.funder_id,
              name: row.funder_name,
              regencyCode: row.funder_regency_code,
            }),
          );
          return Object.assign(new Allocation(), {
            id: row.id,
            fiscalYear: row.fiscal_year,
            funderId: row.funder_id,
            legalBasis: row.legal_basis,
            ceiling: row.ceiling,
            premiumPerWorkerMonth: row.premium_per_worker_month,
            programs: row.programs,
            committed: row.committed,
            reserved: row.reserved,
            realised: row.realised,
            paidAfterYearEnd: row.paid_after_year_end,
            version: row.version,
            versionSince: row.version_since,
          });
        });
      },
      (a) => a.id,
    ),
    revisionsOfAllocation: loaderOfGroups(
      async (ids: string[]) =>
        (
          (await db.query(
            'SELECT * FROM allocation_revision WHERE allocation_id = ANY($1) ORDER BY allocation_id, version',
            [ids],
          )) as RevisionRow[]
        ).map((r) => ({
          allocationId: r.allocation_id,
          revision: {
            version: r.version,
            ceiling: r.ceiling,
            legalBasis: r.legal_basis,
            validSince: r.valid_since.toISOString(),
            supersededAt: r.superseded_at.toISOString(),
          } satisfies AllocationRevision,
        })),
      (r) => r.allocationId,
    ),
    invoicesOfAllocation: loaderOfGroups(
      (ids: string[]) =>
        db
          .getRepository(Invoice)
          .find({ where: { allocationId: In(ids) }, order: { allocationId: 'ASC', month: 'ASC', sequence: 'ASC' } }),
      (i) => i.allocationId,
    ),
    funderById: loaderByKey(
      (ids: string[]) => db.getRepository(Funder).findBy({ id: In(ids) }),
      (f) => f.id,
    ),
  };
  return loaders;
}

export type BudgetLoaders = ReturnType<typeof createLoaders>;
export type BudgetContext = SubgraphContext<BudgetLoaders>;
