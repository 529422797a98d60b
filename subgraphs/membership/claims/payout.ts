/**
 * Who receives each item of a death benefit: the heirs of the first rank present, each item split
 * equally among them; with no heir at all, the funeral benefit goes to whoever arranged the
 * funeral and the rest to the social-security fund (Dana Jaminan Sosial).
 */
import { EntityManager } from 'typeorm';
import { conflict } from '../../../platform/errors';
import { BenefitKind, ComputedBenefit, RecipientKind } from './benefits';
import { Heir } from './claim';
import { firstRank, HeirRelationship, splitEqually } from './heir-order';

export interface ItemToWrite {
  kind: BenefitKind;
  amount: number;
  recipient: RecipientKind;
  heirId: string | null;
  basis: string;
  billReference?: string | null;
  days?: number | null;
  disabilityPercent?: number | null;
}

/** Splits death-benefit items among the card's heirs by the legal order; refuses while the rank is unverified. */
export async function deathBenefitRecipients(
  tx: EntityManager,
  kpj: string,
  items: ComputedBenefit[],
  namedHeirId?: string | null,
): Promise<ItemToWrite[]> {
  const people = await tx.getRepository(Heir).find({ where: { kpj }, order: { id: 'ASC' } });
  const rank = firstRank(people);
  if (namedHeirId && rank.length > 0 && !rank.some((h) => h.id === namedHeirId)) {
    throw conflict(
      `The benefit goes to the first rank of heirs present (${rank.map((h) => h.relationship).join(', ')}); the heir named is not of that rank.`,
      {
        reason: 'HEIR_NOT_FIRST_RANK',
      },
    );
  }
  if (rank.length > 0) {
    const unverified = rank.filter((h) => !h.verified);
    if (unverified.length > 0) {
      throw conflict(
        `${unverified.map((h) => h.fullName).join(', ')} ${unverified.length > 1 ? 'are' : 'is'} of the first rank of heirs of card ${kpj} but not verified; verify every heir of the rank before filing.`,
        {
          reason: 'HEIR_NOT_VERIFIED',
        },
      );
    }
    return items.flatMap((item) =>
      splitEqually(item.amount, rank.length).map((amount, i) => ({
        kind: item.kind,
        amount,
        recipient: RecipientKind.HEIR,
        heirId: rank[i].id,
        basis: rank.length > 1 ? `${item.basis}; 1/${rank.length} share` : item.basis,
      })),
    );
  }
  const arranger = people.find((p) => p.relationship === HeirRelationship.FUNERAL_ARRANGER);
  if (!arranger) {
    throw conflict(
      `Card ${kpj} has no heir of any rank and nobody recorded as having arranged the funeral; record them before filing.`,
      { reason: 'NO_HEIR' },
    );
  }
  if (!arranger.verified)
    throw conflict(`${arranger.fullName}, who arranged the funeral, is not verified.`, { reason: 'HEIR_NOT_VERIFIED' });
  return items.map((item) =>
    item.kind === BenefitKind.FUNERAL
      ? { ...item, recipient: RecipientKind.FUNERAL_ARRANGER, heirId: arranger.id }
      : {
          ...item,
          recipient: RecipientKind.SOCIAL_SECURITY_FUND,
          heirId: null,
          basis: `${item.basis}; no heir: to the social-security fund`,
        },
  );
}
