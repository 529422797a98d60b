/** Reads of heirs and claims for a card's fields, each a named, typed query in the entity's own shape. */
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../../platform/database';
import { asEntities, entityColumns } from '../entity-columns';
import { Claim, ClaimItem, ClaimItemApproval, Heir } from './claim';

export async function heirsOfCards(db: DataSource, kpjs: string[]): Promise<Heir[]> {
  const rows = await preparedQuery<object>(
    db,
    'heirs_by_kpj',
    `SELECT ${entityColumns(db, Heir, 'h')} FROM heir h WHERE h.kpj = ANY($1::char(11)[]) ORDER BY h.kpj, h.full_name`,
    [kpjs],
  );
  return asEntities(Heir, rows);
}

export async function claimsOfCards(db: DataSource, kpjs: string[]): Promise<Claim[]> {
  const rows = await preparedQuery<object>(
    db,
    'claims_by_kpj',
    `SELECT ${entityColumns(db, Claim, 'cl')} FROM claim cl WHERE cl.kpj = ANY($1::char(11)[]) ORDER BY cl.kpj, cl.event_date`,
    [kpjs],
  );
  return asEntities(Claim, rows);
}

export async function itemsOfClaims(db: DataSource, claimIds: string[]): Promise<ClaimItem[]> {
  const rows = await preparedQuery<object>(
    db,
    'claim_items_by_claim',
    `SELECT ${entityColumns(db, ClaimItem, 'i')} FROM claim_item i WHERE i.claim_id = ANY($1::uuid[]) ORDER BY i.claim_id, i.kind, i.id`,
    [claimIds],
  );
  return asEntities(ClaimItem, rows);
}

export async function approvalsOfItems(db: DataSource, itemIds: string[]): Promise<ClaimItemApproval[]> {
  const rows = await preparedQuery<object>(
    db,
    'claim_item_approvals',
    `SELECT ${entityColumns(db, ClaimItemApproval, 'a')} FROM claim_item_approval a WHERE a.item_id = ANY($1::uuid[])`,
    [itemIds],
  );
  return asEntities(ClaimItemApproval, rows);
}
