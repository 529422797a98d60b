/**
 * Who inherits a JKM (or JKK death) benefit, in the legal order of PP 44/2015 as amended by
 * PP 82/2019 and the insurer's published order of heirs (ahli waris): the first rank present
 * takes the whole benefit; later ranks take nothing while an earlier one is present.
 */
import { registerEnumType } from 'type-graphql';

export enum HeirRelationship {
  SPOUSE = 'SPOUSE',
  CHILD = 'CHILD',
  PARENT = 'PARENT',
  GRANDCHILD = 'GRANDCHILD',
  GRANDPARENT = 'GRANDPARENT',
  SIBLING = 'SIBLING',
  PARENT_IN_LAW = 'PARENT_IN_LAW',
  WILL_BENEFICIARY = 'WILL_BENEFICIARY',
  FUNERAL_ARRANGER = 'FUNERAL_ARRANGER',
  NOT_AN_HEIR = 'NOT_AN_HEIR',
}

registerEnumType(HeirRelationship, {
  name: 'HeirRelationship',
  description: 'How a person is related to the member, in the legal order of heirs (ahli waris).',
  valuesConfig: {
    SPOUSE: { description: 'Widow or widower (janda / duda): first rank, with the children.' },
    CHILD: { description: 'Child (anak): first rank, with the widow or widower.' },
    PARENT: { description: 'Parent (orang tua): blood relative of the second degree, straight line up; second rank.' },
    GRANDCHILD: { description: 'Grandchild (cucu): straight line down; third rank, after parents.' },
    GRANDPARENT: { description: 'Grandparent (kakek / nenek): fourth rank.' },
    SIBLING: { description: 'Sibling (saudara kandung): fifth rank.' },
    PARENT_IN_LAW: { description: 'Parent-in-law (mertua): sixth rank.' },
    WILL_BENEFICIARY: {
      description: "The person named in the member's will (pihak yang ditunjuk dalam wasiat): seventh rank.",
    },
    FUNERAL_ARRANGER: {
      description:
        'Whoever arranged the funeral (pihak yang mengurus pemakaman): not an heir; receives the funeral benefit only when no heir of any rank exists.',
    },
    NOT_AN_HEIR: {
      description:
        'Recorded before relationships were checked with a relationship the law does not recognise (e.g. a neighbour); never paid.',
    },
  },
});

/** Rank in the legal order (1 first); null for those who are not heirs. */
export const HEIR_RANK: Record<HeirRelationship, number | null> = {
  SPOUSE: 1,
  CHILD: 1,
  PARENT: 2,
  GRANDCHILD: 3,
  GRANDPARENT: 4,
  SIBLING: 5,
  PARENT_IN_LAW: 6,
  WILL_BENEFICIARY: 7,
  FUNERAL_ARRANGER: null,
  NOT_AN_HEIR: null,
};

/** Relationships a clerk may record today: every one but the legacy NOT_AN_HEIR. */
export const RECORDABLE = Object.values(HeirRelationship).filter((r) => r !== HeirRelationship.NOT_AN_HEIR);

export interface RankedPerson {
  id: string;
  relationship: HeirRelationship;
}

/** The heirs of the first rank present (empty when there is no heir at all). */
export function firstRank<T extends RankedPerson>(people: T[]): T[] {
  const ranked = people.filter((p) => HEIR_RANK[p.relationship] != null);
  if (ranked.length === 0) return [];
  const best = Math.min(...ranked.map((p) => HEIR_RANK[p.relationship]!));
  return ranked.filter((p) => HEIR_RANK[p.relationship] === best).sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * A shared payout is split equally among the heirs of the rank, each item separately; the
 * rupiah left over by the division goes to the first heir (by id), so items always add up.
 */
export function splitEqually(amount: number, shares: number): number[] {
  const each = Math.floor(amount / shares);
  return Array.from({ length: shares }, (_, i) => each + (i === 0 ? amount - each * shares : 0));
}
