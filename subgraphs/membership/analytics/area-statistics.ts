/**
 * The insurer's half of an area's figures on a day (the entity population keys by area and day):
 * covered workers, counted by the database, and the share of the registered workers they are.
 * Also the programme target's progress as a series, from the same counts.
 */
import { Arg, Ctx, Directive, Field, FieldResolver, Float, ID, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../contract/access';
import { MAX_SERIES_POINTS, SeriesInterval, seriesDays } from '../../../domain/areas';
import { Scope } from '../../../contract/scopes';
import { ProgrammeTarget, TargetProgress } from '../extensions/target-progress';
import type { MembershipContext } from '../loaders';

@Directive('@key(fields: "areaCode asOf")')
@ObjectType()
export class AreaStatistics {
  @Field(() => ID)
  areaCode: string;

  @Field(() => Date)
  asOf: string;

  @Directive('@external')
  @Field(() => Int, { nullable: true })
  registeredWorkers?: number | null;
}

@Resolver(() => AreaStatistics)
export class AreaCoverageStatisticsResolver {
  @FieldResolver(() => Int, { nullable: true, description: 'Workers with a coverage period in force that day, by the village the insurer recorded at enrollment.' })
  @RequiresScopes(Scope.AGGREGATES_READ)
  coveredWorkers(@Root() statistics: AreaStatistics, @Ctx() { loaders }: MembershipContext) {
    return loaders.coveredInArea.load({ key: statistics.areaCode, asOf: statistics.asOf });
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'coveredWorkers / registeredWorkers; null when nobody is registered. A village can pass 1: the insurer counts the village recorded at enrollment, population where the worker lives now.',
  })
  @Directive('@requires(fields: "registeredWorkers")')
  @RequiresScopes(Scope.AGGREGATES_READ)
  async share(@Root() statistics: AreaStatistics, @Ctx() { loaders }: MembershipContext): Promise<number | null> {
    const registered = statistics.registeredWorkers ?? 0;
    if (registered === 0) return null;
    return (await loaders.coveredInArea.load({ key: statistics.areaCode, asOf: statistics.asOf })) / registered;
  }
}

@Resolver(() => ProgrammeTarget)
export class TargetProgressSeriesResolver {
  @FieldResolver(() => [TargetProgress], {
    nullable: true,
    description: `Progress at the end of each month (or each day) from \`from\` to \`until\`. Not paged: at most ${MAX_SERIES_POINTS.MONTH} months or ${MAX_SERIES_POINTS.DAY} days.`,
  })
  @Directive('@requires(fields: "targetCount areaCode")')
  @RequiresScopes(Scope.AGGREGATES_READ)
  async progressSeries(
    @Root() target: ProgrammeTarget,
    @Ctx() { loaders }: MembershipContext,
    @Arg('from', () => Date, { description: 'The first day of the range.' }) from: string,
    @Arg('until', () => Date, { description: 'The last day of the range (also the last point).' }) until: string,
    @Arg('interval', () => SeriesInterval, { defaultValue: SeriesInterval.MONTH, description: 'One point a month (default) or a day.' }) interval: SeriesInterval,
  ): Promise<TargetProgress[]> {
    const days = seriesDays(from, until, interval);
    const covered = await loaders.coveredInArea.loadMany(days.map((asOf) => ({ key: target.areaCode, asOf })));
    return days.map((asOf, index) => {
      const coveredWorkers = covered[index] as number;
      return {
        asOf,
        coveredWorkers,
        targetCount: target.targetCount,
        remaining: Math.max(0, target.targetCount - coveredWorkers),
        share: coveredWorkers / target.targetCount,
        met: coveredWorkers >= target.targetCount,
      };
    });
  }
}
