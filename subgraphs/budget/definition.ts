import { SubgraphDefinition } from '../shared/subgraph';
import { Allocation, Funder, Regency } from './allocations/allocation';
import { AllocationResolver, FunderResolver } from './allocations/allocation.resolver';
import { BudgetContext, BudgetLoaders, createLoaders } from './loaders';
import { FundersAndAllocations1764000000001 } from './migrations/1764000000001-funders-and-allocations';
import { seedBudget } from './seed';

export const budget: SubgraphDefinition<BudgetLoaders> = {
  name: 'budget',
  resolvers: [AllocationResolver, FunderResolver],
  orphanedTypes: [Regency],
  entities: [Funder, Allocation],
  migrations: [FundersAndAllocations1764000000001],
  referenceResolvers: {
    Allocation: { __resolveReference: (ref: { id: string }, { loaders }: BudgetContext) => loaders.allocationById.load(ref.id) },
  },
  createLoaders,
  seed: seedBudget,
};
