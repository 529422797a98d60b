import { SubgraphDefinition } from '../shared/subgraph';
import { CoveragePeriodResolver, MembershipCardResolver } from './cards/card.resolver';
import { AllocationEnrolmentResolver, VillageCoverageResolver, WorkerMembershipResolver } from './extensions/extensions.resolver';
import { CoveragePeriod, MembershipCard } from './cards/membership-card';
import { Allocation, Village, Worker } from './extensions/entities';
import { createLoaders, MembershipContext, MembershipLoaders } from './loaders';
import { CardsAndCoverage1764000000001 } from './migrations/1764000000001-cards-and-coverage';
import { seedMembership } from './seed';
import { readCard } from './cards/card-reads';

export const membership: SubgraphDefinition<MembershipLoaders> = {
  name: 'membership',
  resolvers: [MembershipCardResolver, CoveragePeriodResolver, WorkerMembershipResolver, AllocationEnrolmentResolver, VillageCoverageResolver],
  orphanedTypes: [Worker, Allocation, Village],
  entities: [MembershipCard, CoveragePeriod],
  migrations: [CardsAndCoverage1764000000001],
  referenceResolvers: {
    MembershipCard: { __resolveReference: (ref: { kpj: string }, context: MembershipContext) => readCard(context, ref.kpj) },
    Worker: { __resolveReference: (ref: { nik: string }) => ({ nik: ref.nik }) },
    Allocation: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
    Village: { __resolveReference: (ref: { code: string }) => ({ code: ref.code }) },
  },
  createLoaders,
  seed: seedMembership,
};
