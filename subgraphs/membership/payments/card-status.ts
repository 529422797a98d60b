/**
 * A card's status on a day: CLOSED from the date of death; NOT_COVERED when no coverage period is
 * in force; INACTIVE once three invoiced months past their due date are unpaid since the last
 * month paid; else ACTIVE. The rule lives in SQL (`card_statuses_on`, migration 1767200000001)
 * and is applied on every read, so the status a list shows, `statusOn` and the claim checks all
 * read the same rule and none can go stale as days pass.
 *
 * Every rule asks it "as known at" an instant: reads use everything recorded so far; a claim uses
 * what was recorded by the end of its event day (`knownByEndOf`), so nothing recorded after a
 * death can make it payable.
 */
import { DataSource, EntityManager } from 'typeorm';
import { CardStatus } from '../cards/membership-card';

/** The last instant of a day in Ambon (UTC+9): what was recorded by then was known on that day. */
export function knownByEndOf(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00+09:00`) + 86_400_000 - 1);
}

export async function statusesOn(
  db: DataSource | EntityManager,
  kpjs: string[],
  asOf: string,
  knownAt?: Date,
): Promise<Map<string, CardStatus>> {
  const rows: { kpj: string; status: CardStatus }[] = await db.query(
    'SELECT kpj, status FROM card_statuses_on($1::text[], $2, $3)',
    [kpjs, asOf, knownAt ?? 'infinity'],
  );
  return new Map(rows.filter((r) => r.status).map((r) => [r.kpj.trim(), r.status]));
}
