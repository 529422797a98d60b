import { Scope } from '../../../contract/scopes';
import { RequiresScopes } from '../../../contract/access';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { JknMembership } from '../jkn/jkn-membership';
import { HealthContext } from '../loaders';
import { Village, VillageHealthCoverage, Worker } from './entities';

@Resolver(() => Worker)
export class WorkerHealthResolver {
  // Not for coverage-status:read (partner-agency): it learns a masked NIK, the KPJ and the card status, nothing of JKN.
  @FieldResolver(() => JknMembership, {
    nullable: true,
    description: "The worker's JKN membership with BPJS Kesehatan; null if not a member.",
  })
  @RequiresScopes(Scope.COVERAGE_READ)
  healthCoverage(@Root() worker: Worker, @Ctx() { loaders }: HealthContext) {
    return loaders.membershipOfWorker.load(worker.nik);
  }
}

@Resolver(() => Village)
export class VillageHealthResolver {
  @FieldResolver(() => VillageHealthCoverage, {
    nullable: true,
    description: "JKN members living in this village, by BPJS Kesehatan's records.",
  })
  @RequiresScopes(Scope.AGGREGATES_READ, Scope.COVERAGE_READ)
  async healthCoverage(@Root() village: Village, @Ctx() { loaders }: HealthContext): Promise<VillageHealthCoverage> {
    return (await loaders.villageTotals.load(village.code)) ?? { members: 0, activeMembers: 0, subsidisedMembers: 0 };
  }
}
