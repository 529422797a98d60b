import { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Int, Resolver, Root } from 'type-graphql';
import { selectedChildArguments } from '../../../platform/lookahead';
import { RequiresScopes } from '../../../contract/access';
import { AFTER_ARGUMENT, FIRST_ARGUMENT } from '../../kit/pagination';
import { RupiahScalar, todayInAmbon } from '../../../platform/scalars';
import { Scope } from '../../../contract/scopes';
import { MAX_FUNDED_CARDS_PAGE, readCardOfWorker, readFundedCards } from '../cards/card-reads';
import { MembershipCardConnection } from '../cards/card.resolver';
import { MembershipCard } from '../cards/membership-card';
import { MembershipContext } from '../loaders';
import { Allocation, AreaCoverage, District, Regency, Village, Worker } from './entities';
import { answeredExactly, disclosedCount, PREMIUM_SUM_BASE, roundedRupiah } from '../analytics/disclosure-control';

@Resolver(() => Worker)
export class WorkerMembershipResolver {
  @FieldResolver(() => MembershipCard, {
    nullable: true,
    description: "The worker's open membership card (or the last closed one); null if never enrolled.",
  })
  @RequiresScopes(Scope.COVERAGE_READ, Scope.COVERAGE_STATUS_READ)
  membership(@Root() worker: Worker, @Ctx() context: MembershipContext, @Info() info: GraphQLResolveInfo) {
    // With the card's coverage on one day selected, card and coverage come in one statement.
    const days = new Set(
      selectedChildArguments(info, 'coverage').map(({ asOf }) => (asOf as string | null | undefined) ?? todayInAmbon()),
    );
    return readCardOfWorker(context, worker.nik, days.size === 1 ? [...days][0] : undefined);
  }
}

@Resolver(() => Allocation)
export class AllocationEnrolmentResolver {
  @FieldResolver(() => MembershipCardConnection, {
    nullable: true,
    description: `The cards this allocation funds, in KPJ order; at most ${MAX_FUNDED_CARDS_PAGE} a page.`,
  })
  @RequiresScopes(Scope.COVERAGE_READ)
  fundedCards(
    @Root() allocation: Allocation,
    @Ctx() context: MembershipContext,
    @Arg('first', () => Int, { defaultValue: 100, description: FIRST_ARGUMENT }) first: number,
    @Arg('after', () => String, { nullable: true, description: AFTER_ARGUMENT }) after?: string,
  ) {
    return readFundedCards(context, allocation.id, first, after);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Workers with a coverage period funded by this allocation.',
  })
  @RequiresScopes(Scope.AGGREGATES_READ)
  async enrolledWorkers(@Root() allocation: Allocation, @Ctx() { loaders }: MembershipContext) {
    return (await loaders.allocationTotals.load(allocation.id))?.workers ?? 0;
  }

  @FieldResolver(() => RupiahScalar, {
    nullable: true,
    description: 'Premium committed by the coverage periods this allocation funds, in rupiah.',
  })
  @RequiresScopes(Scope.AGGREGATES_READ)
  async premiumCommitted(@Root() allocation: Allocation, @Ctx() { loaders }: MembershipContext) {
    return (await loaders.allocationTotals.load(allocation.id))?.committed ?? 0;
  }
}

@Resolver(() => Village)
export class VillageCoverageResolver {
  @FieldResolver(() => AreaCoverage, {
    nullable: true,
    description: 'Covered workers in this village on `asOf` (default: today in Ambon).',
  })
  @RequiresScopes(Scope.AGGREGATES_READ)
  async coverage(
    @Root() village: Village,
    @Ctx() { loaders, caller }: MembershipContext,
    @Arg('asOf', () => Date, { nullable: true, description: 'The day counted; default: today in Ambon.' })
    asOf?: string,
  ): Promise<AreaCoverage> {
    return areaCoverage(loaders.villageCoverage, caller, village.code, asOf);
  }
}

async function areaCoverage(
  loader: MembershipContext['loaders']['districtCoverage'],
  caller: MembershipContext['caller'],
  code: string,
  asOf?: string,
): Promise<AreaCoverage> {
  const day = asOf ?? todayInAmbon();
  const totals = await loader.load({ key: code, asOf: day });
  const [workers, premium] = [totals?.workers ?? 0, totals?.premium ?? '0'];
  if (answeredExactly(caller))
    return { asOf: day, coveredWorkers: workers, monthlyPremium: Number(premium), suppressed: false };
  const coveredWorkers = disclosedCount(workers);
  // The premium is the count times a rate: rounded, or withheld with it.
  const monthlyPremium = coveredWorkers === null ? null : roundedRupiah(premium, PREMIUM_SUM_BASE);
  return { asOf: day, coveredWorkers, monthlyPremium, suppressed: coveredWorkers === null };
}

@Resolver(() => District)
export class DistrictCoverageResolver {
  @FieldResolver(() => AreaCoverage, {
    nullable: true,
    description: 'Covered workers in this district on `asOf` (default: today in Ambon).',
  })
  coverage(
    @Root() district: District,
    @Ctx() { loaders, caller }: MembershipContext,
    @Arg('asOf', () => Date, { nullable: true, description: 'The day counted; default: today in Ambon.' })
    asOf?: string,
  ) {
    return areaCoverage(loaders.districtCoverage, caller, district.code, asOf);
  }
}

@Resolver(() => Regency)
export class RegencyCoverageResolver {
  @FieldResolver(() => AreaCoverage, {
    nullable: true,
    description: 'Covered workers in this regency or city on `asOf` (default: today in Ambon).',
  })
  coverage(
    @Root() regency: Regency,
    @Ctx() { loaders, caller }: MembershipContext,
    @Arg('asOf', () => Date, { nullable: true, description: 'The day counted; default: today in Ambon.' })
    asOf?: string,
  ) {
    return areaCoverage(loaders.regencyCoverage, caller, regency.code, asOf);
  }
}
