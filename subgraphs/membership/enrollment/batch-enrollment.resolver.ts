import { Scope } from '../../../contract/scopes';
import { RequiresScopes } from '../../../contract/access';
import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, registerEnumType, Resolver } from 'type-graphql';
import { MembershipContext } from '../loaders';
import { batchEnroll, MAX_BATCH_ROWS } from './batch-enrollment';

/** Closed sets, so a client can switch over them exhaustively (the values are those of batch-enrollment.ts). */
export enum BatchRowStatus {
  ENROLLED = 'ENROLLED',
  REJECTED = 'REJECTED',
}
registerEnumType(BatchRowStatus, {
  name: 'BatchRowStatus',
  description: 'What happened to one row of a batch enrollment.',
  valuesConfig: {
    ENROLLED: { description: 'The worker is covered for the period.' },
    REJECTED: { description: 'Nothing was written for this row; `reason` says why.' },
  },
});

export enum BatchRejection {
  INVALID_NIK = 'INVALID_NIK',
  DUPLICATE_ROW = 'DUPLICATE_ROW',
  UNKNOWN_WORKER = 'UNKNOWN_WORKER',
  UNDER_MINIMUM_AGE = 'UNDER_MINIMUM_AGE',
  ALREADY_COVERED = 'ALREADY_COVERED',
  MEMBER_DECEASED = 'MEMBER_DECEASED',
  NO_ROOM = 'NO_ROOM',
}
registerEnumType(BatchRejection, {
  name: 'BatchRejection',
  description: 'Why a row of a batch enrollment was rejected.',
  valuesConfig: {
    INVALID_NIK: { description: 'The NIK is not 16 digits or encodes an impossible region or birth date.' },
    DUPLICATE_ROW: { description: 'The NIK appeared in an earlier row of the same batch.' },
    UNKNOWN_WORKER: { description: 'The city has no registered worker with this NIK (or none the caller may see).' },
    UNDER_MINIMUM_AGE: { description: 'The worker is under 18 on the first day of cover.' },
    ALREADY_COVERED: { description: 'The worker already has coverage overlapping the period.' },
    MEMBER_DECEASED: { description: "The worker's card was closed at death." },
    NO_ROOM: { description: "The allocation's ceiling has no room left for this worker." },
  },
});

@InputType({
  description: `Up to ${MAX_BATCH_ROWS} workers to enroll under one allocation for one period (default: the whole fiscal year).`,
})
export class BatchEnrollmentInput {
  @Field(() => ID, { description: 'The allocation that pays for every row.' })
  allocationId: string;

  @Field(() => [String], { description: 'NIKs, one per row, in the order of the outreach list.' })
  niks: string[];

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

  @Field({ description: 'Required: a retried batch returns the first report and enrolls nobody twice.' })
  idempotencyKey: string;
}

@ObjectType({ description: 'What happened to one row of a batch.' })
export class BatchEnrollmentRow {
  @Field(() => Int, { description: '1-based position in the batch.' })
  row: number;

  @Field({ description: 'The NIK as sent in this row.' })
  nik: string;

  @Field(() => BatchRowStatus, { description: 'Whether the worker was enrolled.' })
  status: BatchRowStatus;

  @Field(() => ID, { nullable: true, description: 'The card covering the worker, when enrolled.' })
  kpj: string | null;

  @Field(() => BatchRejection, { nullable: true, description: 'Why the row was rejected; null when enrolled.' })
  reason: BatchRejection | null;

  @Field(() => String, { nullable: true, description: 'Why the row was rejected, in words; null when enrolled.' })
  message: string | null;
}

@ObjectType({ description: 'The row-by-row report of a batch enrollment.' })
export class BatchEnrollmentReport {
  @Field(() => ID, { description: 'The allocation that pays.' })
  allocationId: string;

  @Field(() => Date, { description: 'First covered day of the enrolled rows.' })
  validFrom: string;

  @Field(() => Date, { description: 'Last covered day of the enrolled rows, inclusive.' })
  validUntil: string;

  @Field(() => Int, { description: 'Rows enrolled.' })
  enrolled: number;

  @Field(() => Int, { description: 'Rows rejected.' })
  rejected: number;

  @Field(() => [BatchEnrollmentRow], {
    description: `One per NIK sent, in the batch's order; not paged: a batch holds at most ${MAX_BATCH_ROWS}.`,
  })
  rows: BatchEnrollmentRow[];
}

@Resolver()
export class BatchEnrollmentResolver {
  @Mutation(() => BatchEnrollmentReport, { description: 'Enrolls many workers at once and reports on every row.' })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  batchEnroll(
    @Arg('input', () => BatchEnrollmentInput, {
      description: 'The allocation, the period and the NIKs of the outreach list.',
    })
    input: BatchEnrollmentInput,
    @Ctx() { db, peers, actor }: MembershipContext,
  ) {
    return batchEnroll(db, { peers, actor }, { ...input });
  }
}
