/**
 * Claims counted and summed by program, status and month, by the database; and the paid date on
 * each claim. Months are Ambon's (WIT): a claim paid at 23:30 WIT on 31 December counts in December.
 */
import {
  Arg,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
  Root,
} from 'type-graphql';
import { RequiresScopes } from '../../../contract/access';
import { MAX_SERIES_POINTS } from '../../../domain/areas';
import { badInput } from '../../../platform/errors';
import { DateTimeScalar, RupiahScalar, YearMonthScalar } from '../../../platform/scalars';
import { Scope } from '../../../contract/scopes';
import { Claim, ClaimProgram, ClaimStatus } from '../claims/claim';
import type { MembershipContext } from '../loaders';
import { claimTotals, ClaimTotalRow } from './claim-statistics-queries';
import {
  answeredExactly,
  CLAIM_SUM_BASE,
  disclosedCount,
  roundedRupiah,
  SUPPRESSED_DESCRIPTION,
  wholeMonths,
} from './disclosure-control';

export enum ClaimMonthBasis {
  FILED = 'FILED',
  PAID = 'PAID',
}
registerEnumType(ClaimMonthBasis, {
  name: 'ClaimMonthBasis',
  description: 'Which date puts a claim in a month.',
  valuesConfig: {
    FILED: { description: 'The month it was filed: every claim, paid or not.' },
    PAID: { description: 'The month it was paid: paid claims only.' },
  },
});

@ObjectType({ description: 'Claims of one program and status in one month: how many and how much. Names nobody.' })
export class ClaimTotal {
  @Field(() => ClaimProgram, { description: 'The program that pays.' })
  program: ClaimProgram;

  @Field(() => ClaimStatus, { description: 'Where the claims stand now.' })
  status: ClaimStatus;

  @Field(() => YearMonthScalar, { description: 'The month filed or paid, as asked (`basis`).' })
  month: string;

  @Field(() => Int, { nullable: true, description: 'How many claims; null when withheld (`suppressed`).' })
  claims: number | null;

  @Field(() => RupiahScalar, {
    nullable: true,
    description:
      'Their benefits in rupiah, whoever receives them: money retained by the social-security fund included (see `paidToRecipients` and `retainedByFund`).',
  })
  amount: string | null;

  @Field(() => RupiahScalar, {
    nullable: true,
    description:
      'Money paid out to recipients (heirs, funeral arrangers, members, health facilities) by these claims; 0 while they are FILED. Never includes money retained by the fund.',
  })
  paidToRecipients: string | null;

  @Field(() => RupiahScalar, {
    nullable: true,
    description:
      'Money of these claims that stays in the social-security fund (a death benefit with no heir); 0 while they are FILED. It is never paid to anyone.',
  })
  retainedByFund: string | null;

  @Field({ description: SUPPRESSED_DESCRIPTION })
  suppressed: boolean;
}

/**
 * A row as a caller without personal-data:read is answered: a claim is one person's death or
 * accident, and a sum is as telling as a count (Rp 42,000,000 is one death), so a withheld count
 * withholds its sums and the others are rounded to more than one claim's worth.
 */
function disclosedTotal(row: ClaimTotalRow): ClaimTotal {
  const claims = disclosedCount(row.claims);
  const money = (amount: string) => (claims === null ? null : roundedRupiah(amount, CLAIM_SUM_BASE));
  return {
    ...row,
    claims,
    amount: money(row.amount),
    paidToRecipients: money(row.paidToRecipients),
    retainedByFund: money(row.retainedByFund),
    suppressed: claims === null,
  };
}

@Resolver(() => Claim)
export class ClaimStatisticsResolver {
  @Query(() => [ClaimTotal], {
    description: `Claims by program, status and month (filed or paid) between \`from\` and \`until\`, oldest month first. Without personal-data:read, the whole months of \`from\` and \`until\` are counted, under the disclosure-control rule. Not paged: at most 2 programs × 2 statuses × ${MAX_SERIES_POINTS.MONTH} months.`,
  })
  @RequiresScopes(Scope.AGGREGATES_READ)
  async claimTotals(
    @Ctx() { db, caller }: MembershipContext,
    @Arg('from', () => Date, { description: 'The first day counted (in Ambon).' }) from: string,
    @Arg('until', () => Date, { description: 'The last day counted (in Ambon).' }) until: string,
    @Arg('basis', () => ClaimMonthBasis, {
      defaultValue: ClaimMonthBasis.PAID,
      description: 'Count claims by the month paid (default) or filed.',
    })
    basis: ClaimMonthBasis,
    @Arg('areaCode', () => ID, {
      nullable: true,
      description: "Only claims on cards of this regency, district or village (the insurer's record).",
    })
    areaCode?: string,
  ): Promise<ClaimTotal[]> {
    if (until < from)
      throw badInput(`The range ends (${until}) before it starts (${from}).`, {
        argument: 'until',
        reason: 'IMPOSSIBLE_PERIOD',
      });
    const months =
      (Number(until.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
      Number(until.slice(5, 7)) -
      Number(from.slice(5, 7)) +
      1;
    if (months > MAX_SERIES_POINTS.MONTH)
      throw badInput(`Claims are totalled over at most ${MAX_SERIES_POINTS.MONTH} months; ask for a shorter range.`, {
        argument: 'until',
      });
    const question = { from, until, byPaidDate: basis === ClaimMonthBasis.PAID, areaCode: areaCode ?? null };
    if (answeredExactly(caller)) return (await claimTotals(db, question)).map((row) => ({ ...row, suppressed: false }));
    return (await claimTotals(db, { ...question, ...wholeMonths(from, until) })).map(disclosedTotal);
  }

  @FieldResolver(() => DateTimeScalar, {
    nullable: true,
    description: 'When the claim was paid; null while it is FILED.',
  })
  paidAt(@Root() claim: Claim): string | null {
    return claim.paidAt ? new Date(claim.paidAt).toISOString() : null;
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: 'The day in Ambon (WIT) the claim was paid; null while it is FILED.',
  })
  paidOn(@Root() claim: Claim): string | null {
    return claim.paidAt
      ? new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jayapura' }).format(new Date(claim.paidAt))
      : null;
  }
}
