/**
 * The insurer's half of an area's figures on a day (the entity population keys by area and day):
 * covered workers, counted by the database, and the share of the registered workers they are.
 * Also the programme target's progress as a series, from the same counts.
 */
import { Arg, Ctx, Directive, Field, FieldResolver, Float, ID, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../contract/access';
import { MAX_SERIES_POINTS, SeriesInterval, seriesDays } from '../../../domain/areas';
import { Scope } from '../../../contract/scopes';
import { ProgrammeTarget, progressOf, TargetProgress } from '../extensions/target-progress';
import type { MembershipContext } from '../loaders';
import { answeredExactly, disclosedCount, SUPPRESSED_DESCRIPTION } from './disclosure-control';

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

async function answeredCovered(
  statistics: AreaStatistics,
  { loaders, caller }: MembershipContext,
): Promise<number | null> {
  const covered = await loaders.coveredInArea.load({ key: statistics.areaCode, asOf: statistics.asOf });
  return answeredExactly(caller) ? covered : disclosedCount(covered);
}

@Resolver(() => AreaStatistics)
export class AreaCoverageStatisticsResolver {
  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Workers with a coverage period in force that day, by the village the insurer recorded at enrollment.',
  })
  @RequiresScopes(Scope.AGGREGATES_READ)
  coveredWorkers(@Root() statistics: AreaStatistics, @Ctx() context: MembershipContext) {
    return answeredCovered(statistics, context);
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: `${SUPPRESSED_DESCRIPTION} Here: coveredWorkers and share.`,
  })
  @RequiresScopes(Scope.AGGREGATES_READ)
  async suppressed(@Root() statistics: AreaStatistics, @Ctx() context: MembershipContext): Promise<boolean> {
    return (await answeredCovered(statistics, context)) === null;
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'coveredWorkers / registeredWorkers (the covered count as answered: rounded or withheld under the disclosure-control rule without personal-data:read); null when nobody is registered. A village can pass 1: the insurer counts the village recorded at enrollment, population where the worker lives now.',
  })
  @Directive('@requires(fields: "registeredWorkers")')
  @RequiresScopes(Scope.AGGREGATES_READ)
  async share(@Root() statistics: AreaStatistics, @Ctx() context: MembershipContext): Promise<number | null> {
    const registered = statistics.registeredWorkers ?? 0;
    // An exact share of an exact registered count would give back the covered count held back.
    const covered = await answeredCovered(statistics, context);
    if (registered === 0 || covered === null) return null;
    return covered / registered;
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
    @Ctx() { loaders, caller }: MembershipContext,
    @Arg('from', () => Date, { description: 'The first day of the range.' }) from: string,
    @Arg('until', () => Date, { description: 'The last day of the range (also the last point).' }) until: string,
    @Arg('interval', () => SeriesInterval, {
      defaultValue: SeriesInterval.MONTH,
      description: 'One point a month (default) or a day.',
    })
    interval: SeriesInterval,
  ): Promise<TargetProgress[]> {
    const days = seriesDays(from, until, interval);
    const covered = await loaders.coveredInArea.loadMany(days.map((asOf) => ({ key: target.areaCode, asOf })));
    return days.map((asOf, index) => progressOf(target, asOf, covered[index] as number, answeredExactly(caller)));
  }
}
