/**
 * The village rule on every write that touches a card (payments, heirs, claims, renewals),
 * checked before anything that depends on the card's state: a caller outside the card's village
 * learns neither its holder, nor whether it is closed, covered or paid, nor even whether it exists.
 */
import type { EntityManager } from 'typeorm';
import type { Caller } from '../../../contract/caller';
import { badInput, forbidden, notFound } from '../../../platform/errors';
import { MembershipCard } from './membership-card';

export function requireKpj(kpj: string): string {
  if (!/^\d{11}$/.test(kpj))
    throw badInput(`"${kpj}" is not a KPJ: a membership number is exactly 11 digits.`, { argument: 'kpj' });
  return kpj;
}

/** The one refusal for a card outside the caller's villages, missing or not: it names only what the caller sent. */
export const cardOutsideVillages = (kpj: string) =>
  forbidden(`The membership card ${kpj} lies outside the villages you are assigned to.`);

/** Refuses a card the caller may not act on; `card` null means there is no such card. */
export function requireCardInReach(
  caller: Caller,
  kpj: string,
  card: Pick<MembershipCard, 'villageCode'> | null,
): void {
  if (caller.villageScoped && (!card || !caller.seesVillage(card.villageCode))) throw cardOutsideVillages(kpj);
  if (!card) throw notFound(`No membership card has the KPJ ${kpj}.`, { argument: 'kpj' });
}

/** Inside a write: locks the card for the caller, after the village rule and before any state check. */
export async function lockCardFor(tx: EntityManager, caller: Caller, kpj: string): Promise<MembershipCard> {
  const card = await tx
    .getRepository(MembershipCard)
    .findOne({ where: { kpj: requireKpj(kpj) }, lock: { mode: 'pessimistic_write' } });
  requireCardInReach(caller, kpj, card);
  return card!;
}
