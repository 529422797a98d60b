/**
 * Recording a month's premium for a card. The payment and the card's new status commit in
 * membership; budget then records it as realised spending of the allocation that funds the
 * month (retried by upkeep until budget has it, once per payment id).
 */
import { DataSource } from 'typeorm';
import { badInput, conflict, notFound } from '../../shared/errors';
import { requireIdempotencyKey } from '../../shared/idempotency';
import { performWrite } from '../../shared/write';
import { MembershipCard } from '../cards/membership-card';
import { Peers, realise } from '../peers';
import { PremiumPayment } from './premium-payment';

export interface PaymentRequest {
  kpj: string;
  /** YYYY-MM */
  month: string;
  paidOn: string;
  idempotencyKey: string;
}

export function requireKpj(kpj: string): string {
  if (!/^\d{11}$/.test(kpj)) throw badInput(`"${kpj}" is not a KPJ: a membership number is exactly 11 digits.`, { argument: 'kpj' });
  return kpj;
}

export async function lockCard(tx: { getRepository: DataSource['getRepository'] }, kpj: string): Promise<MembershipCard> {
  const card = await tx.getRepository(MembershipCard).findOne({ where: { kpj: requireKpj(kpj) }, lock: { mode: 'pessimistic_write' } });
  if (!card) throw notFound(`No membership card has the KPJ ${kpj}.`, { argument: 'kpj' });
  return card;
}

const lastDayOf = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);

export async function recordPremiumPayment(db: DataSource, peers: Peers, request: PaymentRequest): Promise<PremiumPayment> {
  requireIdempotencyKey(request.idempotencyKey);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(request.month)) throw badInput(`"${request.month}" is not a month: write it YYYY-MM.`, { argument: 'month' });
  const monthStart = `${request.month}-01`;
  if (request.paidOn < monthStart) {
    throw badInput(`A premium is paid once its month has begun: ${request.paidOn} is before ${monthStart}.`, { argument: 'paidOn', reason: 'IMPOSSIBLE_DATE' });
  }
  const { idempotencyKey, ...input } = request;
  const payment = await performWrite(db, { operation: 'recordPremiumPayment', actor: peers.actor, idempotencyKey, input }, async ({ tx, record }) => {
    const card = await lockCard(tx, request.kpj);
    if (card.lifecycle === 'CLOSED') throw conflict(`Card ${card.kpj} was closed on ${card.closedOn}; no premium is due.`, { reason: 'CARD_CLOSED' });
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
    await record({ entity: 'premium_payment', entityId: created.id, before: null, after: { kpj: card.kpj, month: request.month, amount: Number(created.amount), paidOn: request.paidOn } });
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
