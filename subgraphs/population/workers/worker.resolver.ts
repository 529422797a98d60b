import { Arg, Ctx, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../contract/access';
import { AFTER_ARGUMENT, FIRST_ARGUMENT, connectionOf } from '../../kit/pagination';
import { Scope } from '../../../contract/scopes';
import { PopulationContext } from '../context';
import { Village } from '../regions/region';
import { Worker } from './worker';
import { MAX_ROSTER_PAGE, readRoster, readWorkers, requireWorker } from './worker-reads';

export { MAX_ROSTER_PAGE, requireWellFormedNik } from './worker-reads';

@ObjectType({ description: 'A page of workers.' })
export class WorkerConnection extends connectionOf(Worker) {
  @Field(() => Int, { description: 'Workers of the whole list across all pages.' })
  totalCount: number;
}

@Resolver(() => Worker)
export class WorkerResolver {
  @Query(() => Worker, {
    nullable: true,
    description: 'A registered worker by NIK; NOT_FOUND when the city has no such worker.',
  })
  @RequiresScopes(Scope.WORKERS_READ, Scope.COVERAGE_STATUS_READ)
  async worker(
    @Arg('nik', () => String, { description: 'The 16-digit NIK (a String, as the contract query sends it).' })
    nik: string,
    @Ctx() context: PopulationContext,
  ): Promise<Worker> {
    return requireWorker(context, nik);
  }

  @Query(() => [Worker], {
    description: `The registered workers among these NIKs, in the order asked; unknown NIKs are left out. At most ${MAX_ROSTER_PAGE} NIKs.`,
  })
  @RequiresScopes(Scope.WORKERS_READ)
  workersByNik(
    @Arg('niks', () => [String], { description: 'NIKs to look up, at most 2,000.' }) niks: string[],
    @Ctx() context: PopulationContext,
  ): Promise<Worker[]> {
    return readWorkers(context, niks);
  }

  @FieldResolver(() => Village, { description: 'The village the worker lives in.' })
  @RequiresScopes(Scope.WORKERS_READ)
  async village(@Root() worker: Worker, @Ctx() { loaders }: PopulationContext) {
    return loaders.villageByCode.load(worker.villageCode);
  }
}

@Resolver(() => Village)
export class VillageWorkersResolver {
  @FieldResolver(() => WorkerConnection, {
    description: `The village roster, in NIK order; at most ${MAX_ROSTER_PAGE} a page.`,
  })
  @RequiresScopes(Scope.WORKERS_READ)
  async workers(
    @Root() village: Village,
    @Ctx() context: PopulationContext,
    @Arg('first', () => Int, { defaultValue: 100, description: FIRST_ARGUMENT }) first: number,
    @Arg('after', () => String, { nullable: true, description: AFTER_ARGUMENT }) after?: string,
  ) {
    return readRoster(context, village.code, first, after);
  }

  @FieldResolver(() => Int, { description: 'Workers registered in this village.' })
  @RequiresScopes(Scope.AGGREGATES_READ)
  async workerCount(@Root() village: Village, @Ctx() { loaders }: PopulationContext) {
    return (await loaders.workerCountOfVillage.load(village.code))?.count ?? 0;
  }
}
