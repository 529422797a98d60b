/** The health subgraph's request-scoped loaders: one statement per batch of keys. */
import { DataSource, In } from 'typeorm';
import { loaderByKey } from '../../platform/loaders';
import { SubgraphContext } from '../kit/subgraph';
import { JknMembership, JknStatus, SUBSIDISED_SEGMENTS } from './jkn/jkn-membership';

export interface VillageTotals {
  villageCode: string;
  members: number;
  activeMembers: number;
  subsidisedMembers: number;
}

export function createLoaders(db: DataSource) {
  const memberships = db.getRepository(JknMembership);
  return {
    membershipByCard: loaderByKey(
      (cards: string[]) => memberships.findBy({ cardNumber: In(cards) }),
      (m) => m.cardNumber,
    ),
    membershipOfWorker: loaderByKey(
      (niks: string[]) => memberships.findBy({ nik: In(niks) }),
      (m) => m.nik,
    ),
    villageTotals: loaderByKey(
      (codes: string[]) =>
        db.query(
          `SELECT village_code AS "villageCode", count(*)::int AS members,
                  count(*) FILTER (WHERE status = $2)::int AS "activeMembers",
                  count(*) FILTER (WHERE segment = ANY($3))::int AS "subsidisedMembers"
           FROM jkn_membership WHERE village_code = ANY($1) GROUP BY village_code`,
          [codes, JknStatus.ACTIVE, SUBSIDISED_SEGMENTS],
        ) as Promise<VillageTotals[]>,
      (row) => row.villageCode,
    ),
  };
}

export type HealthLoaders = ReturnType<typeof createLoaders>;
export type HealthContext = SubgraphContext<HealthLoaders>;
