/**
 * Recording a month's premium for a card. The payment and the card's new status commit in
 * membership; budget then records it as realised spending of the allocation that funds the
 * month (retried by upkeep until budget has it, once per payment id).
 */
import { DataSource } from 'typeorm';
import type { Caller } from '../../shared/caller';
import { badInput, conflict } from '../../shared/errors';
import { requireIdempotencyKey } from '../../shared/idempotency';
import { todayInAmbon } from '../../shared/scalars';
import { performWrite } from '../../shared/write';
import { lockCardFor } from '../cards/card-access';
import { CardStatus } from '../cards/membership-card';
import { Peers, realise } from '../peers';
import { statusesOn } from './card-status';
import { PremiumPayment } from './premium-payment';

export interface PaymentRequest {
  kpj: string;
  /** YYYY-MM */
  month: string;
  paidOn: string;
  idempotencyKey: string;
}


const lastDayOf = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);

export async function recordPremiumPayment(db: DataSource, peers: Peers, caller: Caller, request: PaymentRequest): Promise<PremiumPayment> {
  requireIdempotencyKey(request.idempotencyKey);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(request.month)) throw badInput(`"${request.month}" is not a month: write it YYYY-MM.`, { argument: 'month' });
  const monthStart = `${request.month}-01`;
  if (request.paidOn < monthStart) {
    throw badInput(`A premium is paid once its month has begun: ${request.paidOn} is before ${monthStart}.`, { argument: 'paidOn', reason: 'IMPOSSIBLE_DATE' });
  }
  const { idempotencyKey, ...input } = request;
  const payment = await performWrite(db, { operation: 'recordPremiumPayment', actor: peers.actor, idempotencyKey, input }, async ({ tx, record }) => {
    const card = await lockCardFor(tx, caller, request.kpj);
    if (card.status === CardStatus.CLOSED) throw conflict(`Card ${card.kpj} was closed on ${card.closedOn}; no premium is due.`, { reason: 'CARD_CLOSED' });
    const [period] = await tx.query(
      'SELECT allocation_id, monthly_premium FROM coverage_period WHERE kpj = $1 AND valid_from <= $3 AND valid_until >= $2 ORDER BY valid_from LIMIT 1',
      [card.kpj, monthStart, lastDayOf(request.month)],
    );
    if (!period) throw conflict(`Card ${card.kpj} has no coverage in ${request.month}, so no premium is due for it.`, { reason: 'NOT_COVERED' });
    const [paid] = await tx.query('SELECT id FROM premium_payment WHERE kpj = $1 AND month = $2', [card.kpj, monthStart]);
    if (paid) throw conflict(`The premium of card ${card.kpj} for ${request.month} is already paid.`, { reason: 'ALREADY_PAID', paymentId: paid.id });
    const payments = tx.getRepository(PremiumPayment);
    const created = payments.create({ kpj: card.kpj, month: monthStart, amount: period.monthly_premium, allocationId: period.allocation_id, paidOn: request.paidOn, realised: false });
    await payments.insert(created);
    const asOf = [todayInAmbon(), request.paidOn].sort()[1];
    const status = (await statusesOn(tx, [card.kpj], asOf)).get(card.kpj) ?? card.status;
    await record({ entity: 'premium_payment', entityId: created.id, before: null, after: { kpj: card.kpj, month: request.month, amount: Number(created.amount), paidOn: request.paidOn } });
    if (status !== card.status) {
      await tx.query('UPDATE membership_card SET status = $2 WHERE kpj = $1', [card.kpj, status]);
      await record({ entity: 'membership_card', entityId: card.kpj, before: { status: card.status }, after: { status } });
    }
    return created;
  });
  await reportRealisation(db, peers, payment).catch(() => undefined);
  return payment;
}

async function reportRealisation(db: DataSource, peers: Peers, payment: Pick<PremiumPayment, 'id' | 'allocationId' | 'amount'>) {
  await realise(peers, payment.allocationId, payment.id, Number(payment.amount));
  await db.query('UPDATE premium_payment SET realised = true WHERE id = $1', [payment.id]);
}

export async function reportUnrealisedPayments(db: DataSource, peers: Peers): Promise<number> {
  const pending: { id: string; allocation_id: string; amount: string }[] = await db.query(
    'SELECT id, allocation_id, amount FROM premium_payment WHERE NOT realised ORDER BY id LIMIT 1000',
  );
  for (const p of pending) await reportRealisation(db, peers, { id: p.id, allocationId: p.allocation_id, amount: p.amount });
  return pending.length;
}
