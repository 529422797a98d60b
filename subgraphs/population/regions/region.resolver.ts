import { Arg, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Authenticated } from '../../../contract/access';
import { notFound } from '../../../platform/errors';
import { REGION_BOUNDS } from '../../../domain/region-data';
import { AFTER_ARGUMENT, connectionOf, cursorBinding, FIRST_ARGUMENT } from '../../kit/pagination';
import { PopulationContext } from '../context';
import { District, Province, Regency, Village, VillageKind } from './region';
import { MAX_VILLAGE_PAGE, searchVillages } from './village-search';

@ObjectType({ description: 'A page of villages.' })
export class VillageConnection extends connectionOf(Village) {
  @Field(() => Int, { description: 'Villages matching the filter across all pages.' })
  totalCount: number;
}

@Resolver(() => Regency)
export class RegencyResolver {
  @Query(() => Regency, {
    nullable: true,
    description: 'A regency or city by its Kemendagri code, e.g. "81.71" for Kota Ambon.',
  })
  @Authenticated()
  async regency(
    @Arg('code', () => ID, { description: 'The Kemendagri code.' }) code: string,
    @Ctx() { loaders }: PopulationContext,
  ): Promise<Regency> {
    return (await loaders.regencyByCode.load(code)) ?? Promise.reject(notFound(`No regency has the code "${code}".`));
  }

  @FieldResolver(() => Province, { description: 'The province it lies in.' })
  async province(@Root() regency: Regency, @Ctx() { loaders }: PopulationContext) {
    return loaders.provinceByCode.load(regency.provinceCode);
  }

  @FieldResolver(() => [District], {
    description: `The regency's districts in code order; not paged: a regency has at most ${REGION_BOUNDS.districtsPerRegency} (Kemendagri's largest), and the gateway counts that many in an operation's cost.`,
  })
  districts(@Root() regency: Regency, @Ctx() { loaders }: PopulationContext) {
    return loaders.districtsOfRegency.load(regency.code);
  }
}

@Resolver(() => District)
export class DistrictResolver {
  @Query(() => District, { nullable: true, description: 'A district (kecamatan) by its code, e.g. "81.71.02".' })
  @Authenticated()
  async district(
    @Arg('code', () => ID, { description: 'The Kemendagri code.' }) code: string,
    @Ctx() { loaders }: PopulationContext,
  ): Promise<District> {
    return (await loaders.districtByCode.load(code)) ?? Promise.reject(notFound(`No district has the code "${code}".`));
  }

  @FieldResolver(() => Regency, { description: 'The regency or city it lies in.' })
  regency(@Root() district: District, @Ctx() { loaders }: PopulationContext) {
    return loaders.regencyByCode.load(district.regencyCode);
  }

  @FieldResolver(() => [Village], {
    description: `The district's villages in code order; not paged: a district has at most ${REGION_BOUNDS.villagesPerDistrict} and a regency ${REGION_BOUNDS.villagesPerRegency} (Kemendagri's largest), and the gateway counts that many in an operation's cost.`,
  })
  villages(@Root() district: District, @Ctx() { loaders }: PopulationContext) {
    return loaders.villagesOfDistrict.load(district.code);
  }
}

@Resolver(() => Village)
export class VillageResolver {
  @Query(() => Village, { nullable: true, description: 'A village by its code, e.g. "81.71.02.1001".' })
  @Authenticated()
  async village(
    @Arg('code', () => ID, { description: 'The Kemendagri code.' }) code: string,
    @Ctx() { loaders }: PopulationContext,
  ): Promise<Village> {
    return (await loaders.villageByCode.load(code)) ?? Promise.reject(notFound(`No village has the code "${code}".`));
  }

  @Query(() => VillageConnection, {
    description: `Villages, filtered by regency, district or kind, in code order; at most ${MAX_VILLAGE_PAGE} a page.`,
  })
  @Authenticated()
  villages(
    @Ctx() { db, caller }: PopulationContext,
    @Arg('regencyCode', () => ID, {
      nullable: true,
      description: 'Only villages of this regency or city, e.g. "81.71".',
    })
    regencyCode?: string,
    @Arg('districtCode', () => ID, { nullable: true, description: 'Only villages of this district, e.g. "81.71.02".' })
    districtCode?: string,
    @Arg('kind', () => VillageKind, { nullable: true, description: 'Only kelurahan or only desa/negeri.' })
    kind?: VillageKind,
    @Arg('first', () => Int, { defaultValue: 50, description: FIRST_ARGUMENT }) first = 50,
    @Arg('after', () => String, { nullable: true, description: AFTER_ARGUMENT }) after?: string,
  ) {
    return searchVillages(
      db,
      { regencyCode, districtCode, kind, first, after },
      cursorBinding(`Query.villages ${regencyCode ?? ''} ${districtCode ?? ''} ${kind ?? ''}`, caller),
    );
  }

  @FieldResolver(() => District, { description: 'The district it lies in.' })
  district(@Root() village: Village, @Ctx() { loaders }: PopulationContext) {
    return loaders.districtByCode.load(village.districtCode);
  }
}
