/**
 * Recording a month's premium for a card. A payment settles the card's oldest unpaid month first
 * (a back payment never revives a lapsed card while older months stay unpaid). It is the worker's
 * own money, so it is not the funder's realised spending: the funder pays its invoices
 * (funder-payments.ts), and both kinds of payment make a month paid.
 */
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../shared/caller';
import { badInput, conflict } from '../../shared/errors';
import { requireIdempotencyKey } from '../../shared/idempotency';
import { todayInAmbon } from '../../shared/scalars';
import { performWrite } from '../../shared/write';
import { lockCardFor } from '../cards/card-access';
import { Peers } from '../peers';
import { PremiumPayment } from './premium-payment';

export interface PaymentRequest {
  kpj: string;
  /** YYYY-MM: the month the payer names; the payment settles the oldest unpaid month, which is never later. */
  month?: string | null;
  paidOn: string;
  idempotencyKey: string;
}

const lastDayOf = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);

/**
 * The oldest month of the card's coverage that no payment has settled: a payment always settles it
 * first, whatever month the payer names, so arrears are never skipped by a later month's payment.
 */
async function oldestUnpaidMonth(tx: EntityManager, kpj: string): Promise<{ month: string; allocation_id: string; monthly_premium: string } | undefined> {
  const [row] = await tx.query(
    `SELECT to_char(due.month, 'YYYY-MM-DD') AS month, p.allocation_id, p.monthly_premium
     FROM coverage_period p
     CROSS JOIN LATERAL generate_series(date_trunc('month', p.valid_from::timestamp), date_trunc('month', p.valid_until::timestamp), interval '1 month') AS due(month)
     WHERE p.kpj = $1 AND NOT month_paid($1, p.allocation_id, due.month::date, 'infinity'::date)
     ORDER BY due.month LIMIT 1`,
    [kpj],
  );
  return row;
}

export async function recordPremiumPayment(db: DataSource, peers: Peers, caller: Caller, request: PaymentRequest): Promise<PremiumPayment> {
  requireIdempotencyKey(request.idempotencyKey);
  if (request.month != null && !/^\d{4}-(0[1-9]|1[0-2])$/.test(request.month)) throw badInput(`"${request.month}" is not a month: write it YYYY-MM.`, { argument: 'month' });
  if (request.month != null && request.paidOn < `${request.month}-01`) {
    throw badInput(`A premium is paid once its month has begun: ${request.paidOn} is before ${request.month}-01.`, { argument: 'paidOn', reason: 'IMPOSSIBLE_DATE' });
  }
  const today = todayInAmbon();
  if (request.paidOn > today) {
    throw badInput(`A payment cannot be dated after today in Ambon (${today}): ${request.paidOn}.`, { argument: 'paidOn', reason: 'FUTURE_DATE' });
  }
  const { idempotencyKey, ...input } = request;
  const payment = await performWrite(db, { operation: 'recordPremiumPayment', actor: peers.actor, idempotencyKey, input }, async ({ tx, record }) => {
    const card = await lockCardFor(tx, caller, request.kpj);
    if (card.lifecycle === 'CLOSED') throw conflict(`Card ${card.kpj} was closed on ${card.closedOn}; no premium is due.`, { reason: 'CARD_CLOSED' });
    if (request.month != null) {
      const monthStart = `${request.month}-01`;
      const [period] = await tx.query('SELECT 1 FROM coverage_period WHERE kpj = $1 AND valid_from <= $3 AND valid_until >= $2 LIMIT 1', [card.kpj, monthStart, lastDayOf(request.month)]);
      if (!period) throw conflict(`Card ${card.kpj} has no coverage in ${request.month}, so no premium is due for it.`, { reason: 'NOT_COVERED' });
    }
    const due = await oldestUnpaidMonth(tx, card.kpj);
    if (!due || (request.month != null && due.month > `${request.month}-01`)) {
      throw conflict(`The premium of card ${card.kpj} for ${request.month ?? 'every covered month'} is already paid.`, { reason: 'ALREADY_PAID' });
    }
    if (request.paidOn < due.month) {
      throw badInput(`This payment settles ${due.month.slice(0, 7)}, the oldest unpaid month, which had not begun on ${request.paidOn}.`, { argument: 'paidOn', reason: 'IMPOSSIBLE_DATE' });
    }
    const payments = tx.getRepository(PremiumPayment);
    const created = payments.create({ kpj: card.kpj, month: due.month, amount: due.monthly_premium, allocationId: due.allocation_id, paidOn: request.paidOn, realised: false });
    await payments.insert(created);
    await record({
      entity: 'premium_payment',
      entityId: created.id,
      before: null,
      after: { kpj: card.kpj, month: due.month.slice(0, 7), requestedMonth: request.month ?? null, amount: Number(created.amount), paidOn: request.paidOn },
    });
    return created;
  });
  return payment;
}
