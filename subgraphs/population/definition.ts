import { auditTrailResolver } from '../kit/audit-trail';
import { entityIdResolver } from '../../contract/entity-id';
import { SubgraphDefinition } from '../kit/subgraph';
import { WriteLog1764100000000 } from '../../platform/write-log.migration';
import { createLoaders, PopulationLoaders } from './loaders';
import { RegionsAndWorkers1764000000001 } from './migrations/1764000000001-regions-and-workers';
import { District, Province, Regency, Village } from './regions/region';
import { DistrictResolver, RegencyResolver, VillageResolver } from './regions/region.resolver';
import { seedPopulation } from './seed';
import { Worker } from './workers/worker';
import { VillageWorkersResolver, WorkerResolver } from './workers/worker.resolver';
import { WorkerMutationResolver } from './workers/worker.mutations';
import { PopulationContext } from './context';
import { PersonRead } from './audit/person-read';
import { PersonReadResolver } from './audit/person-read.resolver';
import { personReadWriter } from './audit/person-read-writer';
import { PersonReadAudit1764000000002 } from './migrations/1764000000002-person-read-audit';
import { readWorker } from './workers/worker-reads';
import {
  AreaStatistics,
  AreaStatisticsResolver,
  DistrictStatisticsResolver,
  RegencyStatisticsResolver,
  VillageStatisticsResolver,
} from './regions/area-statistics';
import { RegisteredByArea1766000000001 } from './migrations/1766000000001-registered-by-area';
import { ReadAuditOfTaggedFields1767000000001 } from './migrations/1767000000001-read-audit-of-tagged-fields';

export const population: SubgraphDefinition<PopulationLoaders> = {
  name: 'population',
  resolvers: [
    RegencyResolver,
    DistrictResolver,
    VillageResolver,
    WorkerResolver,
    VillageWorkersResolver,
    WorkerMutationResolver,
    auditTrailResolver('population'),
    PersonReadResolver,
    AreaStatisticsResolver,
    RegencyStatisticsResolver,
    DistrictStatisticsResolver,
    VillageStatisticsResolver,
    entityIdResolver(Province, (p) => p.code),
    entityIdResolver(Regency, (r) => r.code),
    entityIdResolver(District, (d) => d.code),
    entityIdResolver(Village, (v) => v.code),
    entityIdResolver(Worker, (w) => w.nik),
  ],
  entities: [Province, Regency, District, Village, Worker, PersonRead],
  migrations: [
    RegionsAndWorkers1764000000001,
    PersonReadAudit1764000000002,
    WriteLog1764100000000,
    RegisteredByArea1766000000001,
    ReadAuditOfTaggedFields1767000000001,
  ],
  referenceResolvers: {
    Regency: {
      __resolveReference: (ref: { code: string }, { loaders }: PopulationContext) =>
        loaders.regencyByCode.load(ref.code),
    },
    District: {
      __resolveReference: (ref: { code: string }, { loaders }: PopulationContext) =>
        loaders.districtByCode.load(ref.code),
    },
    Village: {
      __resolveReference: (ref: { code: string }, { loaders }: PopulationContext) =>
        loaders.villageByCode.load(ref.code),
    },
    Worker: { __resolveReference: (ref: { nik: string }, context: PopulationContext) => readWorker(context, ref.nik) },
    AreaStatistics: { __resolveReference: (ref: AreaStatistics) => ref },
  },
  createLoaders,
  beforeResponse: async ({ loaders }: PopulationContext) => loaders.personReads.flush(),
  whileServing: async ({ db, logger }) => {
    personReadWriter(db).reportTo(logger);
    return async () => undefined;
  },
  beforeStop: (db) => personReadWriter(db).drain(),
  seed: seedPopulation,
};
