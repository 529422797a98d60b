/**
 * Invoices and their payment. Issuing never exceeds what the allocation committed; paying marks
 * the invoice PAID and adds its amount to the allocation's realised spending in one transaction,
 * so realised is always the sum of paid invoices. Both are idempotent per allocation and month.
 */
import { DataSource } from 'typeorm';
import { badInput, conflict, notFound } from '../../shared/errors';
import { todayInAmbon } from '../../shared/scalars';
import { performWrite } from '../../shared/write';
import { lockAllocation, requirePositiveRupiah } from '../allocations/allocation-ledger';
import { Invoice, InvoiceStatus } from './invoice';

export interface InvoiceRequest {
  allocationId: string;
  /** YYYY-MM */
  month: string;
  workers: number;
  amount: number;
  issuedOn: string;
}

export function requireMonth(month: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw badInput(`"${month}" is not a month: write it YYYY-MM.`, { argument: 'month' });
  return `${month}-01`;
}

const snapshot = (i: Invoice) => ({ id: i.id, allocationId: i.allocationId, month: i.month, workers: i.workers, amount: Number(i.amount), status: i.status, paidOn: i.paidOn });

export function issueInvoice(db: DataSource, actor: string, request: InvoiceRequest): Promise<Invoice> {
  const month = requireMonth(request.month);
  requirePositiveRupiah(request.amount, 'amount');
  return performWrite(db, { operation: 'issueInvoice', actor, input: request }, async ({ tx, record }) => {
    const allocation = await lockAllocation(tx, request.allocationId);
    if (Number(month.slice(0, 4)) !== allocation.fiscalYear) {
      throw badInput(`Allocation ${allocation.id} funds fiscal year ${allocation.fiscalYear}, not ${request.month}.`, { argument: 'month', reason: 'PERIOD_OUTSIDE_FISCAL_YEAR' });
    }
    const invoices = tx.getRepository(Invoice);
    const existing = await invoices.findOneBy({ allocationId: allocation.id, month });
    if (existing) {
      if (existing.workers === request.workers && Number(existing.amount) === request.amount) return existing;
      throw conflict(`${existing.id} was already invoiced for ${existing.workers} workers (Rp ${Number(existing.amount).toLocaleString('id')}).`, { reason: 'ALREADY_INVOICED', invoiceId: existing.id });
    }
    const [{ invoiced }] = await tx.query('SELECT coalesce(sum(amount), 0)::bigint AS invoiced FROM invoice WHERE allocation_id = $1', [allocation.id]);
    if (Number(invoiced) + request.amount > Number(allocation.committed)) {
      throw conflict(`Invoicing Rp ${request.amount.toLocaleString('id')} would bill allocation ${allocation.id} for more than it committed.`, { reason: 'INVOICE_ABOVE_COMMITTED' });
    }
    const invoice = invoices.create({ id: `${allocation.id}/${request.month}`, allocationId: allocation.id, month, workers: request.workers, amount: String(request.amount), issuedOn: request.issuedOn, status: InvoiceStatus.ISSUED, paidOn: null });
    await invoices.insert(invoice);
    await record({ entity: 'invoice', entityId: invoice.id, before: null, after: snapshot(invoice) });
    return invoice;
  });
}

export function payInvoice(db: DataSource, actor: string, allocationId: string, monthText: string, paidOn: string): Promise<Invoice> {
  const month = requireMonth(monthText);
  if (paidOn > todayInAmbon()) throw badInput(`A payment cannot be dated after today in Ambon: ${paidOn}.`, { argument: 'paidOn', reason: 'FUTURE_DATE' });
  return performWrite(db, { operation: 'payInvoice', actor, input: { allocationId, month: monthText, paidOn } }, async ({ tx, record }) => {
    const allocation = await lockAllocation(tx, allocationId);
    const invoice = await tx.getRepository(Invoice).findOneBy({ allocationId, month });
    if (!invoice) throw notFound(`Allocation ${allocationId} has no invoice for ${monthText}.`, { argument: 'month' });
    if (invoice.status === InvoiceStatus.PAID) return invoice;
    if (paidOn < invoice.issuedOn) throw badInput(`Invoice ${invoice.id} was issued on ${invoice.issuedOn}; it cannot be paid on ${paidOn}.`, { argument: 'paidOn', reason: 'IMPOSSIBLE_DATE' });
    const before = snapshot(invoice);
    await tx.query(`UPDATE invoice SET status = 'PAID', paid_on = $2 WHERE id = $1`, [invoice.id, paidOn]);
    await tx.query('UPDATE allocation SET realised = realised + $2 WHERE id = $1', [allocation.id, invoice.amount]);
    const paid = { ...invoice, status: InvoiceStatus.PAID, paidOn };
    await record(
      { entity: 'invoice', entityId: invoice.id, before, after: snapshot(paid) },
      { entity: 'allocation', entityId: allocation.id, before: { realised: Number(allocation.realised) }, after: { realised: Number(allocation.realised) + Number(invoice.amount), invoiceId: invoice.id } },
    );
    return paid;
  });
}
