import { Scope } from '../../shared/scopes';
import { RequiresScopes } from '../../shared/access';
import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { MembershipContext } from '../loaders';
import { batchEnroll, MAX_BATCH_ROWS } from './batch-enrollment';

@InputType({ description: `Up to ${MAX_BATCH_ROWS} workers to enroll under one allocation for one period (default: the whole fiscal year).` })
export class BatchEnrollmentInput {
  @Field(() => ID)
  allocationId: string;

  @Field(() => [String], { description: 'NIKs, one per row, in the order of the outreach list.' })
  niks: string[];

  @Field(() => Date, { nullable: true })
  validFrom?: string | null;

  @Field(() => Date, { nullable: true })
  validUntil?: string | null;

  @Field({ description: 'Required: a retried batch returns the first report and enrolls nobody twice.' })
  idempotencyKey: string;
}

@ObjectType({ description: 'What happened to one row of a batch.' })
export class BatchEnrollmentRow {
  @Field(() => Int, { description: '1-based position in the batch.' })
  row: number;

  @Field()
  nik: string;

  @Field({ description: 'ENROLLED or REJECTED.' })
  status: string;

  @Field(() => ID, { nullable: true, description: 'The card covering the worker, when enrolled.' })
  kpj: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the row was rejected: INVALID_NIK, DUPLICATE_ROW, UNKNOWN_WORKER, UNDER_MINIMUM_AGE, ALREADY_COVERED, MEMBER_DECEASED or NO_ROOM.',
  })
  reason: string | null;

  @Field(() => String, { nullable: true })
  message: string | null;
}

@ObjectType({ description: 'The row-by-row report of a batch enrollment.' })
export class BatchEnrollmentReport {
  @Field(() => ID)
  allocationId: string;

  @Field(() => Date)
  validFrom: string;

  @Field(() => Date)
  validUntil: string;

  @Field(() => Int)
  enrolled: number;

  @Field(() => Int)
  rejected: number;

  @Field(() => [BatchEnrollmentRow])
  rows: BatchEnrollmentRow[];
}

@Resolver()
export class BatchEnrollmentResolver {
  @Mutation(() => BatchEnrollmentReport, { description: 'Enrolls many workers at once and reports on every row.' })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  batchEnroll(@Arg('input', () => BatchEnrollmentInput) input: BatchEnrollmentInput, @Ctx() { db, peers, actor }: MembershipContext) {
    return batchEnroll(db, { peers, actor }, { ...input });
  }
}
