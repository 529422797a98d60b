/**
 * The insurer's measure of a programme target the city keeps in budget: workers covered in the
 * target's area on a day, from membership's own coverage periods, against the target's count.
 */
import { Arg, Ctx, Directive, Field, FieldResolver, Float, ID, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../contract/access';
import { todayInAmbon } from '../../../platform/scalars';
import { Scope } from '../../../contract/scopes';
import { MembershipContext } from '../loaders';
import { answeredExactly, disclosedCount, SUPPRESSED_DESCRIPTION } from '../analytics/disclosure-control';

@Directive('@key(fields: "id")')
@ObjectType()
export class ProgrammeTarget {
  @Field(() => ID)
  id: string;

  @Directive('@external')
  @Field(() => Int)
  targetCount: number;

  @Directive('@external')
  @Field()
  areaCode: string;
}

@ObjectType({ description: 'Covered workers on a day against a programme target.' })
export class TargetProgress {
  @Field(() => Date, { description: 'The day measured.' })
  asOf: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'Workers with a coverage period in force that day in the target’s area; without personal-data:read, under the disclosure-control rule (null when withheld).',
  })
  coveredWorkers: number | null;

  @Field(() => Int, { description: 'Workers to be covered.' })
  targetCount: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Workers still to cover (0 once met), from coveredWorkers as answered.',
  })
  remaining: number | null;

  @Field(() => Float, { nullable: true, description: 'coveredWorkers / targetCount, from coveredWorkers as answered.' })
  share: number | null;

  @Field({ description: 'Whether the covered workers reached the target that day.' })
  met: boolean;

  @Field({ description: SUPPRESSED_DESCRIPTION })
  suppressed: boolean;
}

/**
 * Progress from the exact covered count; `remaining` and `share` follow the count as answered,
 * since either with the target gives the count back. `met` is the programme's own fact.
 */
export function progressOf(target: ProgrammeTarget, asOf: string, covered: number, exact: boolean): TargetProgress {
  const coveredWorkers = exact ? covered : disclosedCount(covered);
  return {
    asOf,
    coveredWorkers,
    targetCount: target.targetCount,
    remaining: coveredWorkers === null ? null : Math.max(0, target.targetCount - coveredWorkers),
    share: coveredWorkers === null ? null : coveredWorkers / target.targetCount,
    met: covered >= target.targetCount,
    suppressed: coveredWorkers === null,
  };
}

@Resolver(() => ProgrammeTarget)
export class TargetProgressResolver {
  @FieldResolver(() => TargetProgress, { nullable: true, description: 'Progress on `asOf` (default: today in Ambon).' })
  @Directive('@requires(fields: "targetCount areaCode")')
  @RequiresScopes(Scope.AGGREGATES_READ)
  async progress(
    @Root() target: ProgrammeTarget,
    @Ctx() { loaders, caller }: MembershipContext,
    @Arg('asOf', () => Date, {
      nullable: true,
      description: 'The day progress is measured on; default: today in Ambon.',
    })
    asOf?: string,
  ): Promise<TargetProgress> {
    const day = asOf ?? todayInAmbon();
    const loader =
      target.areaCode.length <= 5
        ? loaders.regencyCoverage
        : target.areaCode.length <= 8
          ? loaders.districtCoverage
          : loaders.villageCoverage;
    const covered = (await loader.load({ key: target.areaCode, asOf: day }))?.workers ?? 0;
    return progressOf(target, day, covered, answeredExactly(caller));
  }
}
