import { DataSource, In } from 'typeorm';
import { loaderByKey, loaderOfGroups } from '../shared/loaders';
import { SubgraphContext } from '../shared/subgraph';
import { Allocation, AllocationRevision, Funder } from './allocations/allocation';

interface RevisionRow {
  allocation_id: string;
  version: number;
  ceiling: string;
  legal_basis: string;
  valid_since: Date;
  superseded_at: Date;
}

export function createLoaders(db: DataSource) {
  return {
    allocationById: loaderByKey((ids: string[]) => db.getRepository(Allocation).findBy({ id: In(ids) }), (a) => a.id),
    revisionsOfAllocation: loaderOfGroups(
      async (ids: string[]) =>
        ((await db.query('SELECT * FROM allocation_revision WHERE allocation_id = ANY($1) ORDER BY allocation_id, version', [ids])) as RevisionRow[]).map(
          (r) => ({
            allocationId: r.allocation_id,
            revision: {
              version: r.version,
              ceiling: r.ceiling,
              legalBasis: r.legal_basis,
              validSince: r.valid_since.toISOString(),
              supersededAt: r.superseded_at.toISOString(),
            } satisfies AllocationRevision,
          }),
        ),
      (r) => r.allocationId,
    ),
    funderById: loaderByKey((ids: string[]) => db.getRepository(Funder).findBy({ id: In(ids) }), (f) => f.id),
  };
}

export type BudgetLoaders = ReturnType<typeof createLoaders>;
export type BudgetContext = SubgraphContext<BudgetLoaders>;
