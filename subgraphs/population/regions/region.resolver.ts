import { Arg, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Authenticated } from '../../shared/access';
import { notFound } from '../../shared/errors';
import { connectionOf, cursorBinding } from '../../shared/pagination';
import { PopulationContext } from '../context';
import { District, Province, Regency, Village, VillageKind } from './region';
import { searchVillages } from './village-search';

@ObjectType()
export class VillageConnection extends connectionOf(Village) {
  @Field(() => Int, { description: 'Villages matching the filter across all pages.' })
  totalCount: number;
}

@Resolver(() => Regency)
export class RegencyResolver {
  @Query(() => Regency, { nullable: true, description: 'A regency or city by its Kemendagri code, e.g. "81.71" for Kota Ambon.' })
  @Authenticated()
  async regency(@Arg('code', () => ID) code: string, @Ctx() { loaders }: PopulationContext): Promise<Regency> {
    return (await loaders.regencyByCode.load(code)) ?? Promise.reject(notFound(`No regency has the code "${code}".`));
  }

  @FieldResolver(() => Province)
  async province(@Root() regency: Regency, @Ctx() { loaders }: PopulationContext) {
    return loaders.provinceByCode.load(regency.provinceCode);
  }

  @FieldResolver(() => [District])
  districts(@Root() regency: Regency, @Ctx() { loaders }: PopulationContext) {
    return loaders.districtsOfRegency.load(regency.code);
  }
}

@Resolver(() => District)
export class DistrictResolver {
  @Query(() => District, { nullable: true, description: 'A district (kecamatan) by its code, e.g. "81.71.02".' })
  @Authenticated()
  async district(@Arg('code', () => ID) code: string, @Ctx() { loaders }: PopulationContext): Promise<District> {
    return (await loaders.districtByCode.load(code)) ?? Promise.reject(notFound(`No district has the code "${code}".`));
  }

  @FieldResolver(() => Regency)
  regency(@Root() district: District, @Ctx() { loaders }: PopulationContext) {
    return loaders.regencyByCode.load(district.regencyCode);
  }

  @FieldResolver(() => [Village])
  villages(@Root() district: District, @Ctx() { loaders }: PopulationContext) {
    return loaders.villagesOfDistrict.load(district.code);
  }
}

@Resolver(() => Village)
export class VillageResolver {
  @Query(() => Village, { nullable: true, description: 'A village by its code, e.g. "81.71.02.1001".' })
  @Authenticated()
  async village(@Arg('code', () => ID) code: string, @Ctx() { loaders }: PopulationContext): Promise<Village> {
    return (await loaders.villageByCode.load(code)) ?? Promise.reject(notFound(`No village has the code "${code}".`));
  }

  @Query(() => VillageConnection, { description: 'Villages, filtered by regency, district or kind, in code order.' })
  @Authenticated()
  villages(
    @Ctx() { db, caller }: PopulationContext,
    @Arg('regencyCode', () => ID, { nullable: true }) regencyCode?: string,
    @Arg('districtCode', () => ID, { nullable: true }) districtCode?: string,
    @Arg('kind', () => VillageKind, { nullable: true }) kind?: VillageKind,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return searchVillages(db, { regencyCode, districtCode, kind, first, after }, cursorBinding(`Query.villages ${regencyCode ?? ''} ${districtCode ?? ''} ${kind ?? ''}`, caller));
  }

  @FieldResolver(() => District)
  district(@Root() village: Village, @Ctx() { loaders }: PopulationContext) {
    return loaders.districtByCode.load(village.districtCode);
  }
}
