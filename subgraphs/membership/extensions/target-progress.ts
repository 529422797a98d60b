/**
 * The insurer's measure of a programme target the city keeps in budget: workers covered in the
 * target's area on a day, from membership's own coverage periods, against the target's count.
 */
import { Arg, Ctx, Directive, Field, FieldResolver, Float, ID, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../contract/access';
import { todayInAmbon } from '../../../platform/scalars';
import { Scope } from '../../../contract/scopes';
import { MembershipContext } from '../loaders';

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

  @Field(() => Int, { description: 'Workers with a coverage period in force that day in the target’s area.' })
  coveredWorkers: number;

  @Field(() => Int, { description: 'Workers to be covered.' })
  targetCount: number;

  @Field(() => Int, { description: 'Workers still to cover (0 once met).' })
  remaining: number;

  @Field(() => Float, { description: 'coveredWorkers / targetCount.' })
  share: number;

  @Field({ description: 'Whether the covered workers reached the target that day.' })
  met: boolean;
}

@Resolver(() => ProgrammeTarget)
export class TargetProgressResolver {
  @FieldResolver(() => TargetProgress, { nullable: true, description: 'Progress on `asOf` (default: today in Ambon).' })
  @Directive('@requires(fields: "targetCount areaCode")')
  @RequiresScopes(Scope.AGGREGATES_READ)
  async progress(@Root() target: ProgrammeTarget, @Ctx() { loaders }: MembershipContext, @Arg('asOf', () => Date, { nullable: true, description: 'The day progress is measured on; default: today in Ambon.' }) asOf?: string): Promise<TargetProgress> {
    const day = asOf ?? todayInAmbon();
    const loader = target.areaCode.length <= 5 ? loaders.regencyCoverage : target.areaCode.length <= 8 ? loaders.districtCoverage : loaders.villageCoverage;
    const covered = (await loader.load({ key: target.areaCode, asOf: day }))?.workers ?? 0;
    return {
      asOf: day,
      coveredWorkers: covered,
      targetCount: target.targetCount,
      remaining: Math.max(0, target.targetCount - covered),
      share: covered / target.targetCount,
      met: covered >= target.targetCount,
    };
  }
}
