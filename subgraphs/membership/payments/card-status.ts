/**
 * A card's status on a day: CLOSED from the date of death; NOT_COVERED when no coverage period is
 * in force; INACTIVE once three completed months of the period in force are unpaid; else ACTIVE.
 * The rule lives in SQL (`card_status_on`, see the migrations) and is applied on every read, so
 * the status a list shows, `statusOn` and the claim checks all read the same rule and none can
 * go stale as days pass.
 */
import { DataSource, EntityManager } from 'typeorm';
import { CardStatus } from '../cards/membership-card';

export async function statusesOn(db: DataSource | EntityManager, kpjs: string[], asOf: string): Promise<Map<string, CardStatus>> {
  const rows: { kpj: string; status: CardStatus }[] = await db.query(
    'SELECT kpj, status FROM card_statuses_on($1::text[], $2)',
    [kpjs, asOf],
  );
  return new Map(rows.filter((r) => r.status).map((r) => [r.kpj.trim(), r.status]));
}
