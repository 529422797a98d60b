import { Arg, Ctx, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { badInput, notFound } from '../../shared/errors';
import { parseNik } from '../../shared/nik';
import { connectionOf, decodeCursor, pageSize, toPage } from '../../shared/pagination';
import { PopulationContext } from '../context';
import { Village } from '../regions/region';
import { Worker } from './worker';

export const MAX_ROSTER_PAGE = 2000;

@ObjectType()
export class WorkerConnection extends connectionOf(Worker) {}

/** Refuses a malformed NIK before it reaches SQL, saying what is wrong with it. */
export function requireWellFormedNik(nik: string): string {
  const check = parseNik(nik);
  if (!check.ok) throw badInput(`"${nik}" is not a valid NIK: ${check.reason}.`, { argument: 'nik' });
  return nik;
}

@Resolver(() => Worker)
export class WorkerResolver {
  @Query(() => Worker, { nullable: true, description: 'A registered worker by NIK; NOT_FOUND when the city has no such worker.' })
  async worker(@Arg('nik', () => String) nik: string, @Ctx() { loaders }: PopulationContext): Promise<Worker> {
    requireWellFormedNik(nik);
    return (await loaders.workerByNik.load(nik)) ?? Promise.reject(notFound(`No worker is registered with NIK ${nik}.`, { nik }));
  }

  @Query(() => [Worker], { description: `The registered workers among these NIKs, in the order asked; unknown NIKs are left out. At most ${MAX_ROSTER_PAGE} NIKs.` })
  async workersByNik(@Arg('niks', () => [String]) niks: string[], @Ctx() { loaders }: PopulationContext): Promise<Worker[]> {
    if (niks.length > MAX_ROSTER_PAGE) throw badInput(`Ask for at most ${MAX_ROSTER_PAGE} NIKs at once, not ${niks.length}.`, { argument: 'niks' });
    const found = await loaders.workerByNik.loadMany(niks.filter((nik) => parseNik(nik).ok));
    return found.filter((w): w is Worker => w instanceof Worker);
  }

  @FieldResolver(() => Village)
  async village(@Root() worker: Worker, @Ctx() { loaders }: PopulationContext) {
    return loaders.villageByCode.load(worker.villageCode);
  }
}

@Resolver(() => Village)
export class VillageWorkersResolver {
  @FieldResolver(() => WorkerConnection, { description: 'The village roster, in NIK order.' })
  async workers(
    @Root() village: Village,
    @Ctx() { loaders }: PopulationContext,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const size = pageSize(first, MAX_ROSTER_PAGE);
    const rows = await loaders.rosterOfVillage.load({ villageCode: village.code, first: size, after: decodeCursor(after) });
    return toPage(rows, size, (w) => w.nik);
  }

  @FieldResolver(() => Int, { description: 'Workers registered in this village.' })
  async workerCount(@Root() village: Village, @Ctx() { loaders }: PopulationContext) {
    return (await loaders.workerCountOfVillage.load(village.code))?.count ?? 0;
  }
}
