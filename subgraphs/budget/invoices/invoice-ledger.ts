/**
 * Invoices and their payment. Issuing never exceeds what the allocation committed; a month has
 * its first invoice and, for cards added after it, supplementary ones. Paying marks the invoice
 * PAID and, in the same transaction, adds its amount to the allocation's realised spending when
 * the cash date lies within the fiscal year, or to what was paid after the year end when it does
 * not: realised is always the sum of the invoices paid within the year.
 */
import { DataSource } from 'typeorm';
import { serverNow } from '../../../platform/clock';
import { badInput, conflict, notFound } from '../../../platform/errors';
import { todayInAmbon } from '../../../platform/scalars';
import { performWrite } from '../../../platform/write';
import { lockAllocation, requirePositiveRupiah } from '../allocations/allocation-ledger';
import { fiscalYearOfCash } from '../allocations/fiscal-year';
import { Invoice, InvoiceStatus } from './invoice';

export interface InvoiceRequest {
  allocationId: string;
  /** YYYY-MM */
  month: string;
  workers: number;
  amount: number;
  issuedOn: string;
  /** A further invoice of a month already invoiced, for cards added after its first invoice. */
  supplementary?: boolean;
  idempotencyKey?: string | null;
}

export interface PaymentRequest {
  allocationId: string;
  /** YYYY-MM */
  month: string;
  paidOn: string;
  /** Which of the month's invoices; the month's first when absent. */
  invoiceId?: string | null;
}

export function requireMonth(month: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
    throw badInput(`"${month}" is not a month: write it YYYY-MM.`, { argument: 'month' });
  return `${month}-01`;
}

const snapshot = (i: Invoice) => ({
  id: i.id,
  allocationId: i.allocationId,
  month: i.month,
  sequence: i.sequence,
  workers: i.workers,
  amount: Number(i.amount),
  status: i.status,
  paidOn: i.paidOn,
});

const invoiceId = (allocationId: string, month: string, sequence: number) =>
  sequence === 1 ? `${allocationId}/${month}` : `${allocationId}/${month}/${sequence}`;

export function issueInvoice(db: DataSource, actor: string, request: InvoiceRequest): Promise<Invoice> {
  const month = requireMonth(request.month);
  requirePositiveRupiah(request.amount, 'amount');
  const { idempotencyKey, ...input } = request;
  const supplementary = request.supplementary ?? false;
  if (supplementary && !idempotencyKey) {
    throw badInput('A supplementary invoice needs an idempotencyKey, so a retry cannot bill the same cards twice.', {
      argument: 'idempotencyKey',
      reason: 'IDEMPOTENCY_KEY_REQUIRED',
    });
  }
  return performWrite(
    db,
    { operation: 'issueInvoice', actor, idempotencyKey, input: { ...input, supplementary } },
    async ({ tx, record }) => {
      const allocation = await lockAllocation(tx, request.allocationId);
      if (Number(month.slice(0, 4)) !== allocation.fiscalYear) {
        throw badInput(
          `Allocation ${allocation.id} funds fiscal year ${allocation.fiscalYear}, not ${request.month}.`,
          { argument: 'month', reason: 'PERIOD_OUTSIDE_FISCAL_YEAR' },
        );
      }
      const invoices = tx.getRepository(Invoice);
      const first = await invoices.findOneBy({ allocationId: allocation.id, month, sequence: 1 });
      if (first && !supplementary) {
        if (first.workers === request.workers && Number(first.amount) === request.amount) return first;
        throw conflict(
          `${first.id} was already invoiced for ${first.workers} workers (Rp ${Number(first.amount).toLocaleString('id')}); cards added since go on a supplementary invoice.`,
          {
            reason: 'ALREADY_INVOICED',
            invoiceId: first.id,
          },
        );
      }
      if (!first && supplementary) {
        throw conflict(
          `Allocation ${allocation.id} has no invoice for ${request.month} yet: issue the month's first invoice before a supplementary one.`,
          { reason: 'NO_FIRST_INVOICE' },
        );
      }
      const [{ invoiced, sequence }] = await tx.query(
        'SELECT coalesce(sum(amount), 0)::bigint AS invoiced, coalesce(max(sequence) FILTER (WHERE month = $2), 0)::int + 1 AS sequence FROM invoice WHERE allocation_id = $1',
        [allocation.id, month],
      );
      if (Number(invoiced) + request.amount > Number(allocation.committed)) {
        throw conflict(
          `Invoicing Rp ${request.amount.toLocaleString('id')} would bill allocation ${allocation.id} for more than it committed.`,
          { reason: 'INVOICE_ABOVE_COMMITTED' },
        );
      }
      const invoice = invoices.create({
        id: invoiceId(allocation.id, request.month, sequence),
        allocationId: allocation.id,
        month,
        sequence,
        workers: request.workers,
        amount: String(request.amount),
        issuedOn: request.issuedOn,
        recordedAt: serverNow(),
        status: InvoiceStatus.ISSUED,
        paidOn: null,
        paymentRecordedAt: null,
      });
      await invoices.insert(invoice);
      await record({ entity: 'invoice', entityId: invoice.id, before: null, after: snapshot(invoice) });
      return invoice;
    },
  );
}

/**
 * Records the funder's payment of an invoice. A cash date in a fiscal year that has already closed
 * cannot be recorded any more: it would rewrite that year's closed books.
 */
export function payInvoice(db: DataSource, actor: string, request: PaymentRequest): Promise<Invoice> {
  const month = requireMonth(request.month);
  const { paidOn } = request;
  const today = todayInAmbon();
  if (paidOn > today)
    throw badInput(`A payment cannot be dated after today in Ambon: ${paidOn}.`, {
      argument: 'paidOn',
      reason: 'FUTURE_DATE',
    });
  return performWrite(db, { operation: 'payInvoice', actor, input: request }, async ({ tx, record }) => {
    const allocation = await lockAllocation(tx, request.allocationId);
    const invoice = request.invoiceId
      ? await tx.getRepository(Invoice).findOneBy({ id: request.invoiceId, allocationId: allocation.id, month })
      : await tx.getRepository(Invoice).findOneBy({ allocationId: allocation.id, month, sequence: 1 });
    if (!invoice) {
      throw notFound(
        `Allocation ${allocation.id} has no invoice ${request.invoiceId ? `"${request.invoiceId}" ` : ''}for ${request.month}.`,
        { argument: request.invoiceId ? 'invoiceId' : 'month' },
      );
    }
    if (invoice.status === InvoiceStatus.PAID) return invoice;
    if (paidOn < invoice.issuedOn)
      throw badInput(`Invoice ${invoice.id} was issued on ${invoice.issuedOn}; it cannot be paid on ${paidOn}.`, {
        argument: 'paidOn',
        reason: 'IMPOSSIBLE_DATE',
      });
    const cashYear = fiscalYearOfCash(paidOn);
    if (cashYear < fiscalYearOfCash(today)) {
      throw conflict(
        `Fiscal year ${cashYear} closed at the end of 31 December ${cashYear} (Ambon time): a payment dated ${paidOn} can no longer be recorded on ${today}; record it with the day the cash actually left.`,
        {
          argument: 'paidOn',
          reason: 'FISCAL_YEAR_CLOSED',
          fiscalYear: cashYear,
        },
      );
    }
    const before = snapshot(invoice);
    const withinYear = cashYear <= allocation.fiscalYear;
    const recordedAt = serverNow();
    await tx.query(`UPDATE invoice SET status = 'PAID', paid_on = $2, payment_recorded_at = $3 WHERE id = $1`, [
      invoice.id,
      paidOn,
      recordedAt,
    ]);
    const column = withinYear ? 'realised' : 'paid_after_year_end';
    await tx.query(`UPDATE allocation SET ${column} = ${column} + $2 WHERE id = $1`, [allocation.id, invoice.amount]);
    const paid = { ...invoice, status: InvoiceStatus.PAID, paidOn, paymentRecordedAt: recordedAt };
    const was = { realised: Number(allocation.realised), paidAfterYearEnd: Number(allocation.paidAfterYearEnd) };
    const field = withinYear ? 'realised' : 'paidAfterYearEnd';
    await record(
      { entity: 'invoice', entityId: invoice.id, before, after: snapshot(paid) },
      {
        entity: 'allocation',
        entityId: allocation.id,
        before: was,
        after: { ...was, [field]: was[field] + Number(invoice.amount), invoiceId: invoice.id },
      },
    );
    return paid;
  });
}
