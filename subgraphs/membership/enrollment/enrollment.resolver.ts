import { Scope } from '../../../contract/scopes';
import { RequiresScopes } from '../../../contract/access';
import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { CoveragePeriod, MembershipCard } from '../cards/membership-card';
import { MembershipContext } from '../loaders';
import { enroll } from './enrollment';

@InputType({ description: 'A worker to enroll under an allocation; the period defaults to the whole fiscal year.' })
export class EnrollmentInput {
  @Field({ description: 'NIK of a worker the city has registered.' })
  nik: string;

  @Field(() => ID, { description: 'The allocation that pays.' })
  allocationId: string;

  @Field(() => Date, {
    nullable: true,
    description: "First covered day (default: 1 January of the allocation's fiscal year).",
  })
  validFrom?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: "Last covered day, inclusive (default: 31 December of the allocation's fiscal year).",
  })
  validUntil?: string | null;

  @Field({ description: 'Required: retries with the same key get the same answer and enroll once.' })
  idempotencyKey: string;
}

@InputType({ description: 'A card to cover for another fiscal year under another allocation.' })
export class RenewalInput {
  @Field(() => ID, { description: 'KPJ of the card to cover again.' })
  kpj: string;

  @Field(() => ID, { description: 'The allocation that pays the new period.' })
  allocationId: string;

  @Field(() => Date, {
    nullable: true,
    description: "First covered day (default: 1 January of the allocation's fiscal year).",
  })
  validFrom?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: "Last covered day, inclusive (default: 31 December of the allocation's fiscal year).",
  })
  validUntil?: string | null;

  @Field({ description: 'Required: retries with the same key get the same answer and renew once.' })
  idempotencyKey: string;
}

@ObjectType({ description: 'The card and the coverage period an enrollment produced.' })
export class Enrollment {
  @Field(() => MembershipCard, { description: 'The card: newly issued, or the one the worker already had.' })
  card: MembershipCard;

  @Field(() => CoveragePeriod, { description: 'The coverage period opened.' })
  coverage: CoveragePeriod;
}

@Resolver(() => Enrollment)
export class EnrollmentResolver {
  @Mutation(() => Enrollment, {
    description:
      'Enrolls a registered worker: reserves the premium in budget, issues a KPJ if the worker has no card and opens a coverage period. CONFLICT (reason NO_ROOM) when the allocation is full.',
  })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  enrollWorker(
    @Arg('input', () => EnrollmentInput, { description: 'Who to cover, under which allocation, for which days.' })
    input: EnrollmentInput,
    @Ctx() { db, peers, actor, caller }: MembershipContext,
  ) {
    return enroll(db, { peers, actor }, caller, { ...input });
  }

  @Mutation(() => Enrollment, { description: 'Covers an existing card for a new period under another allocation.' })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  renewCoverage(
    @Arg('input', () => RenewalInput, { description: 'Who to cover, under which allocation, for which days.' })
    input: RenewalInput,
    @Ctx() { db, peers, actor, caller }: MembershipContext,
  ) {
    return enroll(db, { peers, actor }, caller, { ...input });
  }
}
