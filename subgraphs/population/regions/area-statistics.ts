/**
 * An area's figures on one day, as an entity keyed by the area and the day: population answers
 * how many workers were registered there, the insurer how many were covered and what share
 * that is, and the gateway joins the two. Nothing in it names a person.
 */
import { Arg, Ctx, Directive, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../contract/access';
import { areaLevelOf, AreaLevel, MAX_SERIES_POINTS, SeriesInterval, seriesDays } from '../../../domain/areas';
import { notFound } from '../../../platform/errors';
import { todayInAmbon } from '../../../platform/scalars';
import { Scope } from '../../../contract/scopes';
import type { PopulationContext } from '../context';
import { District, Regency, Village } from './region';

@Directive('@key(fields: "areaCode asOf")')
@ObjectType({
  description:
    'The figures of a regency, district or village on one day: registered workers (population), covered workers and their share (the insurer). Counts only, never a person.',
})
export class AreaStatistics {
  @Field(() => ID, {
    description: 'Kemendagri code of the area: a regency (81.71), district (81.71.02) or village (81.71.02.1001).',
  })
  areaCode: string;

  @Field(() => Date, { description: 'The day counted (the end of that day in Ambon).' })
  asOf: string;
}

const statisticsOf = (areaCode: string, asOf?: string | null): AreaStatistics => ({
  areaCode,
  asOf: asOf ?? todayInAmbon(),
});

async function areaExists({ loaders }: PopulationContext, code: string, level: AreaLevel): Promise<boolean> {
  const loader =
    level === 'regency' ? loaders.regencyByCode : level === 'district' ? loaders.districtByCode : loaders.villageByCode;
  return (await loader.load(code)) !== null;
}

@Resolver(() => AreaStatistics)
export class AreaStatisticsResolver {
  @Query(() => [AreaStatistics], {
    description:
      `Covered and registered workers of an area over time: one point a month (on each month's last day) or a day, from \`from\` to \`until\`. ` +
      `Not paged: a series is at most ${MAX_SERIES_POINTS.DAY} days or ${MAX_SERIES_POINTS.MONTH} months; a longer range is BAD_USER_INPUT.`,
  })
  @RequiresScopes(Scope.AGGREGATES_READ)
  async coverageSeries(
    @Ctx() context: PopulationContext,
    @Arg('areaCode', () => ID, { description: 'A regency (81.71), district (81.71.02) or village (81.71.02.1001).' })
    areaCode: string,
    @Arg('from', () => Date, { description: 'The first day of the range.' }) from: string,
    @Arg('until', () => Date, { description: 'The last day of the range (also the last point).' }) until: string,
    @Arg('interval', () => SeriesInterval, {
      defaultValue: SeriesInterval.MONTH,
      description: 'One point a month (default) or a day.',
    })
    interval: SeriesInterval,
  ): Promise<AreaStatistics[]> {
    const level = areaLevelOf(areaCode);
    const days = seriesDays(from, until, interval);
    if (!(await areaExists(context, areaCode, level)))
      throw notFound(`No regency, district or village has the code "${areaCode}".`, { areaCode });
    return days.map((day) => statisticsOf(areaCode, day));
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Workers registered in the area by the end of the day (where they live now).',
  })
  @RequiresScopes(Scope.AGGREGATES_READ)
  registeredWorkers(@Root() statistics: AreaStatistics, @Ctx() { loaders }: PopulationContext) {
    return loaders.registeredInArea.load({ key: statistics.areaCode, asOf: statistics.asOf });
  }
}

const STATISTICS_DESCRIPTION =
  'Registered and covered workers here on `asOf` (default: today in Ambon), and the share covered.';
const AS_OF = { nullable: true, description: 'The day counted (default: today in Ambon).' } as const;

@Resolver(() => Regency)
export class RegencyStatisticsResolver {
  @FieldResolver(() => AreaStatistics, { nullable: true, description: STATISTICS_DESCRIPTION })
  @RequiresScopes(Scope.AGGREGATES_READ)
  statistics(@Root() regency: Regency, @Arg('asOf', () => Date, AS_OF) asOf?: string) {
    return statisticsOf(regency.code, asOf);
  }
}

@Resolver(() => District)
export class DistrictStatisticsResolver {
  @FieldResolver(() => AreaStatistics, { nullable: true, description: STATISTICS_DESCRIPTION })
  @RequiresScopes(Scope.AGGREGATES_READ)
  statistics(@Root() district: District, @Arg('asOf', () => Date, AS_OF) asOf?: string) {
    return statisticsOf(district.code, asOf);
  }
}

@Resolver(() => Village)
export class VillageStatisticsResolver {
  @FieldResolver(() => AreaStatistics, { nullable: true, description: STATISTICS_DESCRIPTION })
  @RequiresScopes(Scope.AGGREGATES_READ)
  statistics(@Root() village: Village, @Arg('asOf', () => Date, AS_OF) asOf?: string) {
    return statisticsOf(village.code, asOf);
  }
}
