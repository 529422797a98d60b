import { entityIdResolver } from '../../contract/entity-id';
import { SubgraphDefinition } from '../kit/subgraph';
import { VillageHealthResolver, WorkerHealthResolver } from './extensions/extensions.resolver';
import { Village, Worker } from './extensions/entities';
import { JknMembership } from './jkn/jkn-membership';
import { JknMembershipResolver } from './jkn/jkn.resolver';
import { createLoaders, HealthContext, HealthLoaders } from './loaders';
import { JknMembership1764000000001 } from './migrations/1764000000001-jkn-membership';
import { seedHealth } from './seed';

/** The example partner: BPJS Kesehatan's JKN membership, joined to the city's workers and villages by NIK and village code. */
export const health: SubgraphDefinition<HealthLoaders> = {
  name: 'health',
  resolvers: [
    JknMembershipResolver,
    WorkerHealthResolver,
    VillageHealthResolver,
    entityIdResolver(JknMembership, (m) => m.cardNumber),
  ],
  orphanedTypes: [Worker, Village],
  entities: [JknMembership],
  migrations: [JknMembership1764000000001],
  referenceResolvers: {
    JknMembership: {
      __resolveReference: (ref: { cardNumber: string }, { loaders }: HealthContext) =>
        loaders.membershipByCard.load(ref.cardNumber),
    },
    Worker: { __resolveReference: (ref: { nik: string }) => ({ nik: ref.nik }) },
    Village: { __resolveReference: (ref: { code: string }) => ({ code: ref.code }) },
  },
  createLoaders,
  seed: seedHealth,
};
