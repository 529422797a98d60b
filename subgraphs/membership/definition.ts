import { auditTrailResolver } from '../kit/audit-trail';
import { entityIdResolver } from '../../contract/entity-id';
import { SubgraphDefinition } from '../kit/subgraph';
import { WriteLog1764100000000 } from '../../platform/write-log.migration';
import { Claim, ClaimItem, ClaimItemApproval, Heir } from './claims/claim';
import { ClaimItemApprovalResolver, ClaimItemsResolver, ClaimResolver } from './claims/claim.resolver';
import { BatchEnrollmentResolver } from './enrollment/batch-enrollment.resolver';
import { EnrollmentResolver } from './enrollment/enrollment.resolver';
import { maintainMembership } from './maintenance';
import { EnrollmentPaymentsClaims1764100000003 } from './migrations/1764100000003-enrollment-payments-claims';
import { PaymentResolver } from './payments/payment.resolver';
import {
  CardPaidMonthsResolver,
  FunderPaymentResolver,
  PeriodPremiumResolver,
} from './payments/funder-payment.resolver';
import { DatedPremiumsAndFunderPayments1765000000004 } from './migrations/1765000000004-dated-premiums-and-funder-payments';
import { PremiumPayment } from './payments/premium-payment';
import { CoveragePeriodResolver, MembershipCardResolver } from './cards/card.resolver';
import {
  AllocationEnrolmentResolver,
  DistrictCoverageResolver,
  RegencyCoverageResolver,
  VillageCoverageResolver,
  WorkerMembershipResolver,
} from './extensions/extensions.resolver';
import { CoveragePeriod, MembershipCard } from './cards/membership-card';
import { Allocation, District, Regency, Village, Worker } from './extensions/entities';
import { createLoaders, MembershipContext, MembershipLoaders } from './loaders';
import { CardsAndCoverage1764000000001 } from './migrations/1764000000001-cards-and-coverage';
import { CoverageByArea1764500000001 } from './migrations/1764500000001-coverage-by-area';
import { TruthfulCardStatus1765000000001 } from './migrations/1765000000001-truthful-card-status';
import { OldestMonthFirst1765000000002 } from './migrations/1765000000002-oldest-month-first';
import { HeirsAndBenefits1765000000003 } from './migrations/1765000000003-heirs-and-benefits';
import { CardStatusesSetBased1765000000005 } from './migrations/1765000000005-card-statuses-set-based';
import { EnrollmentOwners1764700000001 } from './migrations/1764700000001-enrollment-owners';
import { DutyActors1765100000001 } from './migrations/1765100000001-duty-actors';
import { beatWhileServing } from './enrollment/intent-owners';
import { seedMembership } from './seed';
import { readCard } from './cards/card-reads';
import { ProgrammeTarget, TargetProgressResolver } from './extensions/target-progress';
import {
  AreaCoverageStatisticsResolver,
  AreaStatistics,
  TargetProgressSeriesResolver,
} from './analytics/area-statistics';
import { CardStatisticsResolver } from './analytics/card-statistics';
import { ClaimStatisticsResolver } from './analytics/claim-statistics';
import { AnalystAggregates1766000000001 } from './migrations/1766000000001-analyst-aggregates';
import { ClaimItemFacts1767100000001 } from './migrations/1767100000001-claim-item-facts';
import { RecordedFacts1767200000001 } from './migrations/1767200000001-recorded-facts';
import { CardPaymentsByJoin1767300000001 } from './migrations/1767300000001-card-payments-by-join';

export const membership: SubgraphDefinition<MembershipLoaders> = {
  name: 'membership',
  resolvers: [
    MembershipCardResolver,
    CoveragePeriodResolver,
    WorkerMembershipResolver,
    AllocationEnrolmentResolver,
    VillageCoverageResolver,
    DistrictCoverageResolver,
    RegencyCoverageResolver,
    TargetProgressResolver,
    TargetProgressSeriesResolver,
    AreaCoverageStatisticsResolver,
    CardStatisticsResolver,
    ClaimStatisticsResolver,
    EnrollmentResolver,
    BatchEnrollmentResolver,
    PaymentResolver,
    FunderPaymentResolver,
    CardPaidMonthsResolver,
    PeriodPremiumResolver,
    ClaimResolver,
    ClaimItemsResolver,
    ClaimItemApprovalResolver,
    auditTrailResolver('membership'),
    entityIdResolver(MembershipCard, (card) => card.kpj),
    entityIdResolver(AreaStatistics, (s) => `${s.areaCode}|${s.asOf}`),
  ],
  orphanedTypes: [Worker, Allocation, Village, District, Regency, ProgrammeTarget, AreaStatistics],
  entities: [MembershipCard, CoveragePeriod, PremiumPayment, Heir, Claim, ClaimItem, ClaimItemApproval],
  migrations: [
    CardsAndCoverage1764000000001,
    WriteLog1764100000000,
    EnrollmentPaymentsClaims1764100000003,
    CoverageByArea1764500000001,
    EnrollmentOwners1764700000001,
    TruthfulCardStatus1765000000001,
    OldestMonthFirst1765000000002,
    HeirsAndBenefits1765000000003,
    DatedPremiumsAndFunderPayments1765000000004,
    CardStatusesSetBased1765000000005,
    DutyActors1765100000001,
    AnalystAggregates1766000000001,
    ClaimItemFacts1767100000001,
    RecordedFacts1767200000001,
    CardPaymentsByJoin1767300000001,
  ],
  referenceResolvers: {
    MembershipCard: {
      __resolveReference: (ref: { kpj: string }, context: MembershipContext) => readCard(context, ref.kpj),
    },
    Worker: { __resolveReference: (ref: { nik: string }) => ({ nik: ref.nik }) },
    Allocation: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
    Village: { __resolveReference: (ref: { code: string }) => ({ code: ref.code }) },
    District: { __resolveReference: (ref: { code: string }) => ({ code: ref.code }) },
    Regency: { __resolveReference: (ref: { code: string }) => ({ code: ref.code }) },
    ProgrammeTarget: { __resolveReference: (ref: ProgrammeTarget) => ref },
    AreaStatistics: { __resolveReference: (ref: AreaStatistics) => ref },
  },
  createLoaders,
  beforeResponse: (context: MembershipContext) => context.loaders.holderReads.flush(context),
  seed: seedMembership,
  calls: ['population', 'budget'],
  maintain: (context) => maintainMembership(context),
  whileServing: (context) => beatWhileServing(context, context.settings.heartbeatMs),
};
