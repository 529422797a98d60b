import { Scope } from '../../shared/scopes';
import { RequiresScopes } from '../../shared/access';
import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { CoveragePeriod, MembershipCard } from '../cards/membership-card';
import { MembershipContext } from '../loaders';
import { enroll } from './enrollment';

@InputType({ description: 'A worker to enroll under an allocation; the period defaults to the whole fiscal year.' })
export class EnrollmentInput {
  @Field()
  nik: string;

  @Field(() => ID)
  allocationId: string;

  @Field(() => Date, { nullable: true })
  validFrom?: string | null;

  @Field(() => Date, { nullable: true })
  validUntil?: string | null;

  @Field({ description: 'Required: retries with the same key get the same answer and enroll once.' })
  idempotencyKey: string;
}

@InputType({ description: 'A card to cover for another fiscal year under another allocation.' })
export class RenewalInput {
  @Field(() => ID)
  kpj: string;

  @Field(() => ID)
  allocationId: string;

  @Field(() => Date, { nullable: true })
  validFrom?: string | null;

  @Field(() => Date, { nullable: true })
  validUntil?: string | null;

  @Field()
  idempotencyKey: string;
}

@ObjectType({ description: 'The card and the coverage period an enrollment produced.' })
export class Enrollment {
  @Field(() => MembershipCard)
  card: MembershipCard;

  @Field(() => CoveragePeriod)
  coverage: CoveragePeriod;
}

@Resolver(() => Enrollment)
export class EnrollmentResolver {
  @Mutation(() => Enrollment, {
    description:
      'Enrolls a registered worker: reserves the premium in budget, issues a KPJ if the worker has no card and opens a coverage period. CONFLICT (reason NO_ROOM) when the allocation is full.',
  })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  enrollWorker(@Arg('input', () => EnrollmentInput) input: EnrollmentInput, @Ctx() { db, peers, actor, caller }: MembershipContext) {
    return enroll(db, { peers, actor }, caller, { ...input });
  }

  @Mutation(() => Enrollment, { description: 'Covers an existing card for a new period under another allocation.' })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  renewCoverage(@Arg('input', () => RenewalInput) input: RenewalInput, @Ctx() { db, peers, actor, caller }: MembershipContext) {
    return enroll(db, { peers, actor }, caller, { ...input });
  }
}
