/**
 * A card's status follows its payments: INACTIVE once three completed months of coverage are
 * unpaid since the last month paid, ACTIVE again as soon as a later month is paid (no late
 * penalty), CLOSED from the date of death. The rule lives in SQL (`card_status_on`, see the
 * migration) so the stored status, `statusOn` and claim checks all read the same rule.
 */
import { DataSource, EntityManager } from 'typeorm';
import { CardStatus } from '../cards/membership-card';
import { todayInAmbon } from '../../shared/scalars';

export async function statusesOn(db: DataSource | EntityManager, kpjs: string[], asOf: string): Promise<Map<string, CardStatus>> {
  const rows: { kpj: string; status: CardStatus }[] = await db.query(
    'SELECT kpj, card_status_on(kpj, $2) AS status FROM unnest($1::text[]) AS k(kpj)',
    [kpjs, asOf],
  );
  return new Map(rows.filter((r) => r.status).map((r) => [r.kpj.trim(), r.status]));
}

/**
 * Brings stored statuses up to date as of today for cards with coverage in the last few months
 * (older cards changed status, if at all, when their last payment was recorded).
 */
export async function refreshCardStatuses(db: DataSource, asOf = todayInAmbon()): Promise<number> {
  const result = await db.query(
    `UPDATE membership_card c SET status = s.status
     FROM (SELECT kpj, card_status_on(kpj, $1) AS status FROM membership_card m
           WHERE m.status <> 'CLOSED'
             AND EXISTS (SELECT 1 FROM coverage_period p WHERE p.kpj = m.kpj AND p.valid_from <= $1 AND p.valid_until >= $1::date - 120)) s
     WHERE c.kpj = s.kpj AND c.status <> s.status`,
    [asOf],
  );
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}
