/**
 * Every way a membership card leaves the insurer's subgraph (by KPJ, a worker's card, an
 * allocation's funded cards, an entity call) applies the caller's village rule here.
 */
import { forbidden } from '../../../platform/errors';
import { cursorBinding, decodeCursor, pageSize, toPage } from '../../kit/pagination';
import { MembershipContext } from '../loaders';
import { MembershipCard } from './membership-card';

export const MAX_FUNDED_CARDS_PAGE = 1000;

function visible(context: MembershipContext, card: MembershipCard | null, what: string): MembershipCard | null {
  if (context.caller.villageScoped && (!card || !context.caller.seesVillage(card.villageCode))) {
    throw forbidden(`${what} lies outside the villages you are assigned to.`);
  }
  return card;
}

export async function readCard(context: MembershipContext, kpj: string): Promise<MembershipCard | null> {
  return visible(context, await context.loaders.cardByKpj.load(kpj), `The membership card ${kpj}`);
}

/** `coverageAsOf`: the day the query asks the card's coverage for, read in the same statement. */
export async function readCardOfWorker(
  context: MembershipContext,
  nik: string,
  coverageAsOf?: string,
): Promise<MembershipCard | null> {
  const card = coverageAsOf
    ? await context.loaders.cardOfWorkerWithCoverage.load({ key: nik, asOf: coverageAsOf })
    : await context.loaders.cardOfWorker.load(nik);
  // A worker without a card is no secret of anyone's village; a card elsewhere is.
  return card ? visible(context, card, `The membership card of NIK ${nik}`) : null;
}

/** A village-scoped caller sees only the cards of their villages in the list, never the others. */
export async function readFundedCards(
  context: MembershipContext,
  allocationId: string,
  first: number,
  after?: string | null,
) {
  const size = pageSize(first, MAX_FUNDED_CARDS_PAGE);
  const cursor = cursorBinding(`Allocation.fundedCards ${allocationId}`, context.caller);
  const rows = await context.loaders.cardsOfAllocation.load({
    key: allocationId,
    first: size,
    after: decodeCursor(after, cursor),
    villages: context.caller.assignedVillages,
  });
  return toPage(rows, size, (c) => c.kpj, cursor, after);
}
