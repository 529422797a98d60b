/**
 * The funder's side of premiums: each month the insurer invoices the funder of an allocation for
 * the workers the allocation covers that month, at the rate in force (budget keeps the invoice),
 * and records the funder's payment of it. A funder's payment makes that month paid on every card
 * the allocation covers; it is a record of its own, apart from any worker's own payment.
 */
import { DataSource, EntityManager } from 'typeorm';
import { badInput, conflict } from '../../shared/errors';
import { requireIdempotencyKey } from '../../shared/idempotency';
import { premiumForMonth } from '../../shared/premium-rates';
import { Program } from '../../shared/program';
import { todayInAmbon } from '../../shared/scalars';
import { performWrite } from '../../shared/write';
import { IssuedInvoice, issueInvoice, payInvoice, Peers } from '../peers';

export interface FunderPayment {
  allocationId: string;
  month: string;
  invoiceId: string;
  workers: number;
  amount: number;
  paidOn: string;
}

function requireMonth(month: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw badInput(`"${month}" is not a month: write it YYYY-MM.`, { argument: 'month' });
  return `${month}-01`;
}

/** Workers an allocation covers in a month and their premium at the rates in force: one grouped statement. */
export async function monthlyBill(db: DataSource | EntityManager, allocationId: string, month: string): Promise<{ workers: number; amount: number }> {
  const groups: { programs: Program[]; declared_income: string; member_since: string; workers: number }[] = await db.query(
    // A member who died before the month began is no longer covered in it.
    `SELECT p.programs, p.declared_income, p.member_since::text AS member_since, count(DISTINCT p.kpj)::int AS workers
     FROM coverage_period p JOIN membership_card c ON c.kpj = p.kpj
     WHERE p.allocation_id = $1 AND p.valid_from <= ($2::date + interval '1 month' - interval '1 day')::date AND p.valid_until >= $2::date
       AND (c.closed_on IS NULL OR c.closed_on >= $2::date)
     GROUP BY 1, 2, 3`,
    [allocationId, month],
  );
  return groups.reduce(
    (bill, g) => ({ workers: bill.workers + g.workers, amount: bill.amount + g.workers * premiumForMonth(g.programs, Number(g.declared_income), month, g.member_since) }),
    { workers: 0, amount: 0 },
  );
}

export async function issuePremiumInvoice(db: DataSource, peers: Peers, allocationId: string, monthText: string, issuedOn: string): Promise<IssuedInvoice> {
  const month = requireMonth(monthText);
  if (issuedOn > todayInAmbon()) throw badInput(`An invoice cannot be dated after today in Ambon: ${issuedOn}.`, { argument: 'issuedOn', reason: 'FUTURE_DATE' });
  const bill = await monthlyBill(db, allocationId, month);
  if (bill.workers === 0) throw conflict(`Allocation ${allocationId} covers no worker in ${monthText}: there is nothing to invoice.`, { reason: 'NOT_COVERED' });
  return issueInvoice(peers, allocationId, monthText, bill.workers, bill.amount, issuedOn);
}

/** Budget marks the invoice paid (and realised) first; retrying with the same key finishes the record here. */
export async function recordFunderPayment(db: DataSource, peers: Peers, request: { allocationId: string; month: string; paidOn: string; idempotencyKey: string }): Promise<FunderPayment> {
  requireIdempotencyKey(request.idempotencyKey);
  const month = requireMonth(request.month);
  if (request.paidOn > todayInAmbon()) throw badInput(`A payment cannot be dated after today in Ambon: ${request.paidOn}.`, { argument: 'paidOn', reason: 'FUTURE_DATE' });
  const invoice = await payInvoice(peers, request.allocationId, request.month, request.paidOn);
  const { idempotencyKey, ...input } = request;
  return performWrite(db, { operation: 'recordFunderPayment', actor: peers.actor, idempotencyKey, input }, async ({ tx, record }) => {
    const payment: FunderPayment = { allocationId: request.allocationId, month, invoiceId: invoice.id, workers: invoice.workers, amount: Number(invoice.amount), paidOn: invoice.paidOn! };
    const inserted: unknown[] = await tx.query(
      `INSERT INTO funder_payment (allocation_id, month, invoice_id, workers, amount, paid_on) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING month`,
      [payment.allocationId, month, payment.invoiceId, payment.workers, payment.amount, payment.paidOn],
    );
    if (inserted.length > 0) await record({ entity: 'funder_payment', entityId: payment.invoiceId, before: null, after: { ...payment } });
    return payment;
  });
}
