import { Arg, Ctx, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../shared/access';
import { badInput, notFound } from '../../shared/errors';
import { connectionOf } from '../../shared/pagination';
import { Scope } from '../../shared/scopes';
import { todayInAmbon } from '../../shared/scalars';
import { Allocation, Worker } from '../extensions/entities';
import { MembershipContext } from '../loaders';
import { Claim, Heir } from '../claims/claim';
import { PremiumPayment } from '../payments/premium-payment';
import { readCard } from './card-reads';
import { CardStatus, CoveragePeriod, MembershipCard } from './membership-card';

@ObjectType()
export class MembershipCardConnection extends connectionOf(MembershipCard) {}

export function requireWellFormedKpj(kpj: string): string {
  if (!/^\d{11}$/.test(kpj)) throw badInput(`"${kpj}" is not a KPJ: a membership number is exactly 11 digits.`, { argument: 'kpj' });
  return kpj;
}

@Resolver(() => MembershipCard)
export class MembershipCardResolver {
  @Query(() => MembershipCard, { nullable: true, description: 'A membership card by KPJ; NOT_FOUND when there is none.' })
  @RequiresScopes(Scope.COVERAGE_READ, Scope.COVERAGE_STATUS_READ)
  async membershipCard(@Arg('kpj', () => ID) kpj: string, @Ctx() context: MembershipContext): Promise<MembershipCard> {
    requireWellFormedKpj(kpj);
    return (await readCard(context, kpj)) ?? Promise.reject(notFound(`No membership card has the KPJ ${kpj}.`, { kpj }));
  }

  @FieldResolver(() => Worker, { nullable: true, description: 'The card holder (population resolves it; null only while population cannot answer).' })
  @RequiresScopes([Scope.COVERAGE_READ, Scope.WORKERS_READ])
  worker(@Root() card: MembershipCard, @Ctx() { loaders }: MembershipContext): Worker {
    loaders.holderReads.record(card.nik);
    return { nik: card.nik };
  }

  @FieldResolver(() => CoveragePeriod, { nullable: true, description: 'The coverage period in force on `asOf` (default: today in Ambon), or null.' })
  @RequiresScopes(Scope.COVERAGE_READ)
  coverage(
    @Root() card: MembershipCard,
    @Ctx() { loaders }: MembershipContext,
    @Arg('asOf', () => Date, { nullable: true }) asOf?: string,
  ) {
    return loaders.coverageOfCard.load({ key: card.kpj, asOf: asOf ?? todayInAmbon() });
  }

  @FieldResolver(() => CardStatus, { description: 'The status on `asOf` by the payment rule, counting only payments made by that day.' })
  @RequiresScopes(Scope.COVERAGE_READ, Scope.COVERAGE_STATUS_READ)
  async statusOn(@Root() card: MembershipCard, @Ctx() { loaders }: MembershipContext, @Arg('asOf', () => Date) asOf: string) {
    return (await loaders.statusOfCard.load({ key: card.kpj, asOf })) ?? card.status;
  }

  @FieldResolver(() => [PremiumPayment], { description: 'Premiums paid, by month.' })
  @RequiresScopes(Scope.COVERAGE_READ)
  payments(@Root() card: MembershipCard, @Ctx() { loaders }: MembershipContext) {
    return loaders.paymentsOfCard.load(card.kpj);
  }

  @FieldResolver(() => [Heir])
  @RequiresScopes([Scope.COVERAGE_READ, Scope.PERSONAL_DATA_READ])
  heirs(@Root() card: MembershipCard, @Ctx() { loaders }: MembershipContext) {
    return loaders.heirsOfCard.load(card.kpj);
  }

  @FieldResolver(() => [Claim])
  @RequiresScopes(Scope.COVERAGE_READ)
  claims(@Root() card: MembershipCard, @Ctx() { loaders }: MembershipContext) {
    return loaders.claimsOfCard.load(card.kpj);
  }

  @FieldResolver(() => [CoveragePeriod], { description: 'Every coverage period of the card, oldest first.' })
  @RequiresScopes(Scope.COVERAGE_READ)
  coveragePeriods(@Root() card: MembershipCard, @Ctx() { loaders }: MembershipContext) {
    return loaders.periodsOfCard.load(card.kpj);
  }
}

@Resolver(() => CoveragePeriod)
export class CoveragePeriodResolver {
  @FieldResolver(() => Allocation, { nullable: true, description: 'The APBD allocation that pays this period (budget resolves it; null only while budget cannot answer).' })
  fundedBy(@Root() period: CoveragePeriod): Allocation {
    return { id: period.allocationId };
  }
}
