import { DataSource, In } from 'typeorm';
import { loaderByKey } from '../shared/loaders';
import { SubgraphContext } from '../shared/subgraph';
import { Allocation, Funder } from './allocations/allocation';

export function createLoaders(db: DataSource) {
  return {
    allocationById: loaderByKey((ids: string[]) => db.getRepository(Allocation).findBy({ id: In(ids) }), (a) => a.id),
    funderById: loaderByKey((ids: string[]) => db.getRepository(Funder).findBy({ id: In(ids) }), (f) => f.id),
  };
}

export type BudgetLoaders = ReturnType<typeof createLoaders>;
export type BudgetContext = SubgraphContext<BudgetLoaders>;
