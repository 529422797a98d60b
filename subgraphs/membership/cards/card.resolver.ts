import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { badInput, notFound } from '../../shared/errors';
import { todayInAmbon } from '../../shared/scalars';
import { Allocation, Worker } from '../extensions/entities';
import { MembershipContext } from '../loaders';
import { Claim, Heir } from '../claims/claim';
import { PremiumPayment } from '../payments/premium-payment';
import { CardStatus, CoveragePeriod, MembershipCard } from './membership-card';

export function requireWellFormedKpj(kpj: string): string {
  if (!/^\d{11}$/.test(kpj)) throw badInput(`"${kpj}" is not a KPJ: a membership number is exactly 11 digits.`, { argument: 'kpj' });
  return kpj;
}

@Resolver(() => MembershipCard)
export class MembershipCardResolver {
  @Query(() => MembershipCard, { nullable: true, description: 'A membership card by KPJ; NOT_FOUND when there is none.' })
  async membershipCard(@Arg('kpj', () => ID) kpj: string, @Ctx() { loaders }: MembershipContext): Promise<MembershipCard> {
    requireWellFormedKpj(kpj);
    return (await loaders.cardByKpj.load(kpj)) ?? Promise.reject(notFound(`No membership card has the KPJ ${kpj}.`, { kpj }));
  }

  @FieldResolver(() => Worker, { description: 'The card holder.' })
  worker(@Root() card: MembershipCard): Worker {
    return { nik: card.nik };
  }

  @FieldResolver(() => CoveragePeriod, { nullable: true, description: 'The coverage period in force on `asOf` (default: today in Ambon), or null.' })
  coverage(
    @Root() card: MembershipCard,
    @Ctx() { loaders }: MembershipContext,
    @Arg('asOf', () => Date, { nullable: true }) asOf?: string,
  ) {
    return loaders.coverageOfCard.load({ key: card.kpj, asOf: asOf ?? todayInAmbon() });
  }

  @FieldResolver(() => CardStatus, { description: 'The status on `asOf` by the payment rule, counting only payments made by that day.' })
  async statusOn(@Root() card: MembershipCard, @Ctx() { loaders }: MembershipContext, @Arg('asOf', () => Date) asOf: string) {
    return (await loaders.statusOfCard.load({ key: card.kpj, asOf })) ?? card.status;
  }

  @FieldResolver(() => [PremiumPayment], { description: 'Premiums paid, by month.' })
  payments(@Root() card: MembershipCard, @Ctx() { loaders }: MembershipContext) {
    return loaders.paymentsOfCard.load(card.kpj);
  }

  @FieldResolver(() => [Heir])
  heirs(@Root() card: MembershipCard, @Ctx() { loaders }: MembershipContext) {
    return loaders.heirsOfCard.load(card.kpj);
  }

  @FieldResolver(() => [Claim])
  claims(@Root() card: MembershipCard, @Ctx() { loaders }: MembershipContext) {
    return loaders.claimsOfCard.load(card.kpj);
  }

  @FieldResolver(() => [CoveragePeriod], { description: 'Every coverage period of the card, oldest first.' })
  coveragePeriods(@Root() card: MembershipCard, @Ctx() { loaders }: MembershipContext) {
    return loaders.periodsOfCard.load(card.kpj);
  }
}

@Resolver(() => CoveragePeriod)
export class CoveragePeriodResolver {
  @FieldResolver(() => Allocation, { description: 'The APBD allocation that pays this period.' })
  fundedBy(@Root() period: CoveragePeriod): Allocation {
    return { id: period.allocationId };
  }
}
