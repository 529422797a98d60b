/**
 * Reads of premium payments for a card's fields, each a named, typed query. Which months are paid
 * is asked of `card_payments` once per statement for all the cards asked and joined on (kpj, month),
 * never once per month row.
 */
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../../platform/database';
import { asEntities, entityColumns } from '../entity-columns';
import { PremiumPayment } from './premium-payment';

/** The worker's own payments of the cards, by card and month. */
export async function paymentsOfCards(db: DataSource, kpjs: string[]): Promise<PremiumPayment[]> {
  const rows = await preparedQuery<object>(
    db,
    'premium_payments_by_kpj',
    `SELECT ${entityColumns(db, PremiumPayment, 'pp')} FROM premium_payment pp WHERE pp.kpj = ANY($1::char(11)[]) ORDER BY pp.kpj, pp.month`,
    [kpjs],
  );
  return asEntities(PremiumPayment, rows);
}

export interface CardPaymentRow {
  kpj: string;
  month: string;
  paid_by: 'WORKER' | 'FUNDER';
  paid_on: string;
  allocation_id: string;
  invoice_id: string | null;
  recorded_at: Date;
  /** The worker's payment, or the invoice line's premium for the card. */
  amount: string;
  /** 1 for the payment that paid the month; 2 and up are credits. */
  nth: number;
}

/**
 * Every payment of the cards' months, by the worker and by the funder (its payment of an invoice
 * that billed the card), in the order recorded: the first of a month pays it, any later one is a credit.
 */
export function paymentsOfCardMonths(db: DataSource, kpjs: string[]): Promise<CardPaymentRow[]> {
  return preparedQuery<CardPaymentRow>(
    db,
    'payments_of_card_months',
    `SELECT cp.kpj, cp.month::text AS month, cp.payer AS paid_by, cp.paid_on::text AS paid_on, cp.allocation_id, cp.invoice_id, cp.recorded_at,
       coalesce(pp.amount, l.amount)::text AS amount,
       row_number() OVER (PARTITION BY cp.kpj, cp.month ORDER BY cp.recorded_at, cp.payer DESC)::int AS nth
     FROM card_payments($1::text[], 'infinity', 'infinity') cp
     LEFT JOIN premium_payment pp ON cp.payer = 'WORKER' AND pp.kpj = cp.kpj AND pp.month = cp.month AND pp.recorded_at = cp.recorded_at
     LEFT JOIN premium_invoice_line l ON cp.payer = 'FUNDER' AND l.invoice_id = cp.invoice_id AND l.kpj = cp.kpj
     ORDER BY cp.kpj, cp.month, nth`,
    [kpjs],
  );
}

/**
 * Months of the cards' recorded cover past their due date on `today` that no invoice billed and
 * nobody paid: the payers' delay, flagged, never the worker's arrears. `card_payments` is asked
 * once, for only the cards with such an unbilled month (usually none): fed every card of a roster,
 * it would scan every payment and invoice line, its array searched for each row.
 */
export function uninvoicedMonthsOfCards(
  db: DataSource,
  kpjs: string[],
  today: string,
): Promise<{ kpj: string; month: string }[]> {
  return preparedQuery<{ kpj: string; month: string }>(
    db,
    'uninvoiced_months_by_kpj',
    `WITH unbilled AS MATERIALIZED (
       SELECT p.kpj, d::date AS month
       FROM coverage_period p
       CROSS JOIN LATERAL generate_series(date_trunc('month', p.valid_from::timestamp), date_trunc('month', p.valid_until::timestamp), interval '1 month') AS d
       JOIN membership_card c ON c.kpj = p.kpj
       WHERE p.kpj = ANY($1::char(11)[]) AND premium_due_on(d::date) < $2::date AND (c.closed_on IS NULL OR c.closed_on >= d::date)
         AND NOT EXISTS (SELECT 1 FROM premium_invoice_line l WHERE l.kpj = p.kpj AND l.month = d::date)
     ), paid AS (
       SELECT DISTINCT cp.kpj, cp.month FROM card_payments(ARRAY(SELECT DISTINCT u.kpj::text FROM unbilled u), 'infinity', 'infinity') cp
     )
     SELECT u.kpj, to_char(u.month, 'YYYY-MM') AS month FROM unbilled u
     WHERE NOT EXISTS (SELECT 1 FROM paid WHERE paid.kpj = u.kpj AND paid.month = u.month)
     ORDER BY u.kpj, u.month`,
    [kpjs, today],
  );
}
