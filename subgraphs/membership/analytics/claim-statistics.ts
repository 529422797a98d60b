/**
 * Claims counted and summed by program, status and month, by the database; and the paid date on
 * each claim. Months are Ambon's (WIT): a claim paid at 23:30 WIT on 31 December counts in December.
 */
import { Arg, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, registerEnumType, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../shared/access';
import { areaLevelOf, inArea, MAX_SERIES_POINTS } from '../../shared/areas';
import { badInput } from '../../shared/errors';
import { DateTimeScalar, RupiahScalar, YearMonthScalar } from '../../shared/scalars';
import { Scope } from '../../shared/scopes';
import { Claim, ClaimProgram, ClaimStatus } from '../claims/claim';
import type { MembershipContext } from '../loaders';

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

  @Field(() => Int, { description: 'How many claims.' })
  claims: number;

  @Field(() => RupiahScalar, { description: 'Their benefits in rupiah.' })
  amount: number;
}

const WIT = "'Asia/Jayapura'";

@Resolver(() => Claim)
export class ClaimStatisticsResolver {
  @Query(() => [ClaimTotal], {
    description: `Claims by program, status and month (filed or paid) between \`from\` and \`until\`, oldest month first. Not paged: at most 2 programs × 2 statuses × ${MAX_SERIES_POINTS.MONTH} months.`,
  })
  @RequiresScopes(Scope.AGGREGATES_READ)
  async claimTotals(
    @Ctx() { db }: MembershipContext,
    @Arg('from', () => Date, { description: 'The first day counted (in Ambon).' }) from: string,
    @Arg('until', () => Date, { description: 'The last day counted (in Ambon).' }) until: string,
    @Arg('basis', () => ClaimMonthBasis, { defaultValue: ClaimMonthBasis.PAID, description: 'Count claims by the month paid (default) or filed.' }) basis: ClaimMonthBasis,
    @Arg('areaCode', () => ID, { nullable: true, description: "Only claims on cards of this regency, district or village (the insurer's record)." }) areaCode?: string,
  ): Promise<ClaimTotal[]> {
    if (until < from) throw badInput(`The range ends (${until}) before it starts (${from}).`, { argument: 'until', reason: 'IMPOSSIBLE_PERIOD' });
    const months = (Number(until.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(until.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
    if (months > MAX_SERIES_POINTS.MONTH) throw badInput(`Claims are totalled over at most ${MAX_SERIES_POINTS.MONTH} months; ask for a shorter range.`, { argument: 'until' });
    const at = basis === ClaimMonthBasis.PAID ? 'cl.paid_at' : 'cl.filed_at';
    const area = areaCode === undefined || areaCode === null ? 'true' : inArea(areaLevelOf(areaCode), 'c.village_code', '$3');
    const rows: { program: ClaimProgram; status: ClaimStatus; month: string; claims: number; amount: string }[] = await db.query(
      `SELECT cl.program, cl.status, to_char(${at} AT TIME ZONE ${WIT}, 'YYYY-MM') AS month, count(*)::int AS claims, sum(cl.amount)::text AS amount
       FROM claim cl ${areaCode ? 'JOIN membership_card c ON c.kpj = cl.kpj' : ''}
       WHERE ${at} >= ($1::date::timestamp AT TIME ZONE ${WIT}) AND ${at} < (($2::date + 1)::timestamp AT TIME ZONE ${WIT}) AND ${area}
       GROUP BY 1, 2, 3 ORDER BY 3, 1, 2`,
      areaCode ? [from, until, areaCode] : [from, until],
    );
    return rows.map((row) => ({ ...row, amount: Number(row.amount) }));
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true, description: 'When the claim was paid; null while it is FILED.' })
  paidAt(@Root() claim: Claim): string | null {
    return claim.paidAt ? new Date(claim.paidAt).toISOString() : null;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'The day in Ambon (WIT) the claim was paid; null while it is FILED.' })
  paidOn(@Root() claim: Claim): string | null {
    return claim.paidAt ? new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jayapura' }).format(new Date(claim.paidAt)) : null;
  }
}
