import { auditTrailResolver } from '../kit/audit-trail';
import { SubgraphDefinition } from '../kit/subgraph';
import { WriteLog1764100000000 } from '../../platform/write-log.migration';
import { AllocationMutationResolver } from './allocations/allocation.mutations';
import { Commitments1764100000002 } from './migrations/1764100000002-commitments';
import { ReservationResolver } from './reservations/reservation.resolver';
import { Allocation, Funder, Regency } from './allocations/allocation';
import { AllocationResolver, FunderResolver } from './allocations/allocation.resolver';
import { BudgetContext, BudgetLoaders, createLoaders } from './loaders';
import { FundersAndAllocations1764000000001 } from './migrations/1764000000001-funders-and-allocations';
import { seedBudget } from './seed';
import { Invoice } from './invoices/invoice';
import { AllocationInvoicesResolver, InvoiceResolver } from './invoices/invoice.resolver';
import { Invoices1765000000001 } from './migrations/1765000000001-invoices';
import { ProgrammeTargets1765000000002 } from './migrations/1765000000002-programme-targets';
import { FiscalYears1767000000001 } from './migrations/1767000000001-fiscal-years';
import { ProgrammeTarget, ProgrammeTargetResolver } from './targets/programme-target';
import { AllocationUseResolver } from './use/allocation-use';

export const budget: SubgraphDefinition<BudgetLoaders> = {
  name: 'budget',
  resolvers: [
    AllocationResolver,
    FunderResolver,
    AllocationMutationResolver,
    ReservationResolver,
    InvoiceResolver,
    AllocationInvoicesResolver,
    ProgrammeTargetResolver,
    AllocationUseResolver,
    auditTrailResolver('budget'),
  ],
  orphanedTypes: [Regency],
  entities: [Funder, Allocation, Invoice, ProgrammeTarget],
  migrations: [
    FundersAndAllocations1764000000001,
    WriteLog1764100000000,
    Commitments1764100000002,
    Invoices1765000000001,
    ProgrammeTargets1765000000002,
    FiscalYears1767000000001,
  ],
  referenceResolvers: {
    Allocation: {
      __resolveReference: (ref: { id: string }, { loaders }: BudgetContext) => loaders.allocationById.load(ref.id),
    },
    ProgrammeTarget: {
      __resolveReference: (ref: { id: string }, { db }: BudgetContext) =>
        db.getRepository(ProgrammeTarget).findOneBy({ id: ref.id }),
    },
  },
  createLoaders,
  seed: seedBudget,
};
