/**
 * The funder's side of premiums. Each month the insurer invoices the funder of an allocation for
 * the cards it bills: the allocation's periods in force that month and recorded since the month's
 * previous invoice (premium_invoice_line, migration 1767200000001). A card recorded after the
 * month's first invoice goes on a supplementary one. The insurer keeps its invoices (which cards,
 * from when to when) and budget keeps their amounts and payment (its realised spending).
 *
 * The funder's payment pays one invoice and settles exactly its cards' month. Where the worker had
 * already paid that month after the invoice went out, the funder's payment of the card is a credit
 * on the card, never a second paid month (`MembershipCard.credits`).
 */
import { DataSource, EntityManager } from 'typeorm';
import { serverNow } from '../../../platform/clock';
import { badInput, conflict, notFound } from '../../../platform/errors';
import { requireIdempotencyKey } from '../../../platform/idempotency';
import { premiumForMonth } from '../../../domain/premium-rates';
import { Program } from '../../../domain/program';
import { todayInAmbon } from '../../../platform/scalars';
import { performWrite } from '../../../platform/write';
import { IssuedInvoice, issueInvoice, payInvoice, Peers } from '../peers';
import { requireReceiptDate } from './premium-payments';

export interface FunderPayment {
  allocationId: string;
  month: string;
  invoiceId: string;
  workers: number;
  amount: number;
  paidOn: string;
}

interface InvoiceRow {
  id: string;
  allocation_id: string;
  month: string;
  workers: number;
  amount: string;
  issued_on: string;
}

function requireMonth(month: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
    throw badInput(`"${month}" is not a month: write it YYYY-MM.`, { argument: 'month' });
  return `${month}-01`;
}

/** The cards an invoice issued now bills: covered by the allocation in the month, alive at its start, not yet billed nor paid by the worker for it. */
async function unbilledCards(
  tx: EntityManager,
  allocationId: string,
  month: string,
): Promise<{ kpj: string; amount: number }[]> {
  const rows: { kpj: string; programs: Program[]; declared_income: string; member_since: string }[] = await tx.query(
    `SELECT DISTINCT ON (p.kpj) p.kpj, p.programs, p.declared_income, p.member_since::text AS member_since
     FROM coverage_period p JOIN membership_card c ON c.kpj = p.kpj
     WHERE p.allocation_id = $1 AND $2::date BETWEEN date_trunc('month', p.valid_from::timestamp)::date AND p.valid_until
       AND (c.closed_on IS NULL OR c.closed_on >= $2::date)
       AND NOT EXISTS (SELECT 1 FROM premium_invoice_line l WHERE l.kpj = p.kpj AND l.month = $2::date)
       AND NOT EXISTS (SELECT 1 FROM premium_payment pp WHERE pp.kpj = p.kpj AND pp.month = $2::date)
     ORDER BY p.kpj`,
    [allocationId, month],
  );
  const premiums = new Map<string, number>();
  return rows.map((r) => {
    const key = `${r.programs.join()}|${r.declared_income}|${r.member_since}`;
    if (!premiums.has(key))
      premiums.set(key, premiumForMonth(r.programs, Number(r.declared_income), month, r.member_since));
    return { kpj: r.kpj, amount: premiums.get(key)! };
  });
}

/** The month's first invoice is `<allocation>/<YYYY-MM>`; supplementary ones add `/2`, `/3`, … */
const invoiceIdOf = (allocationId: string, month: string, sequence: number) =>
  `${allocationId}/${month.slice(0, 7)}${sequence > 1 ? `/${sequence}` : ''}`;

const sendToBudget = (peers: Peers, invoice: InvoiceRow) =>
  issueInvoice(
    peers,
    invoice.allocation_id,
    invoice.month.slice(0, 7),
    invoice.workers,
    Number(invoice.amount),
    invoice.issued_on,
    {
      supplementary: !/\/\d{4}-\d{2}$/.test(invoice.id),
      idempotencyKey: `premium-invoice ${invoice.id}`,
    },
  );

/**
 * An invoice is dated the day it is issued, by the server's clock: a back-dated one would say the
 * funder held the bill before it existed, and would let a payment dated before that real day pass
 * as paying it (recordFunderPayment refuses only a payment dated before `issued_on`). A caller who
 * names the day only confirms it.
 */
function requireIssueDate(issuedOn: string | null | undefined, today: string): string {
  if (issuedOn == null) return today;
  if (issuedOn > today)
    throw badInput(`An invoice cannot be dated after today in Ambon (${today}): ${issuedOn}.`, {
      argument: 'issuedOn',
      reason: 'FUTURE_DATE',
    });
  if (issuedOn < today)
    throw badInput(`An invoice is dated the day it is issued, today in Ambon (${today}), not ${issuedOn}.`, {
      argument: 'issuedOn',
      reason: 'PAST_DATE',
    });
  return issuedOn;
}

/**
 * Invoices the cards not yet billed for the month, line by line. Retrying when there is nothing new
 * sends the month's latest invoice to budget again (idempotent there), so an invoice written here
 * always reaches budget.
 */
export async function issuePremiumInvoice(
  db: DataSource,
  peers: Peers,
  allocationId: string,
  monthText: string,
  requestedIssuedOn?: string | null,
): Promise<IssuedInvoice> {
  const month = requireMonth(monthText);
  const issuedOn = requireIssueDate(requestedIssuedOn, todayInAmbon());
  const invoice = await performWrite(
    db,
    { operation: 'issuePremiumInvoice', actor: peers.actor, input: { allocationId, month: monthText, issuedOn } },
    async ({ tx, record }) => {
      // One issuer at a time per allocation and month; the lines' key bills a card's month once whatever races.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`premium-invoice ${allocationId} ${month}`]);
      const earlier: InvoiceRow[] = await tx.query(
        `SELECT id, allocation_id, month::text, workers, amount, issued_on::text FROM premium_invoice WHERE allocation_id = $1 AND month = $2 ORDER BY recorded_at`,
        [allocationId, month],
      );
      const lines = await unbilledCards(tx, allocationId, month);
      if (lines.length === 0) {
        if (earlier.length) return earlier[earlier.length - 1];
        throw conflict(`Allocation ${allocationId} covers no worker in ${monthText}: there is nothing to invoice.`, {
          reason: 'NOT_COVERED',
        });
      }
      const id = invoiceIdOf(allocationId, month, earlier.length + 1);
      const amount = lines.reduce((sum, l) => sum + l.amount, 0);
      const row: InvoiceRow = {
        id,
        allocation_id: allocationId,
        month,
        workers: lines.length,
        amount: String(amount),
        issued_on: issuedOn,
      };
      await tx.query(
        `INSERT INTO premium_invoice (id, allocation_id, month, workers, amount, issued_on, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, allocationId, month, lines.length, amount, issuedOn, serverNow()],
      );
      await tx.query(
        `INSERT INTO premium_invoice_line (invoice_id, kpj, month, amount) SELECT $1, l.kpj, $2, l.amount FROM unnest($3::text[], $4::bigint[]) AS l(kpj, amount)`,
        [id, month, lines.map((l) => l.kpj), lines.map((l) => l.amount)],
      );
      await record({
        entity: 'premium_invoice',
        entityId: id,
        before: null,
        after: { id, allocationId, month: monthText, workers: lines.length, amount, issuedOn },
      });
      return row;
    },
  );
  return sendToBudget(peers, invoice);
}

/** Budget marks the invoice paid first; retrying with the same key finishes the record here. */
export async function recordFunderPayment(
  db: DataSource,
  peers: Peers,
  request: { allocationId: string; month: string; paidOn: string; idempotencyKey: string; invoiceId?: string | null },
): Promise<FunderPayment> {
  requireIdempotencyKey(request.idempotencyKey);
  const month = requireMonth(request.month);
  requireReceiptDate(request.paidOn, todayInAmbon());
  const invoiceId = request.invoiceId ?? invoiceIdOf(request.allocationId, month, 1);
  const [invoice]: InvoiceRow[] = await db.query(
    'SELECT id, allocation_id, month::text, workers, amount, issued_on::text FROM premium_invoice WHERE id = $1',
    [invoiceId],
  );
  if (!invoice || invoice.allocation_id !== request.allocationId || invoice.month !== month) {
    throw notFound(`Allocation ${request.allocationId} has no invoice ${invoiceId} for ${request.month}.`, {
      argument: 'invoiceId',
    });
  }
  if (request.paidOn < invoice.issued_on)
    throw badInput(
      `Invoice ${invoice.id} was issued on ${invoice.issued_on}; it cannot be paid on ${request.paidOn}.`,
      { argument: 'paidOn', reason: 'IMPOSSIBLE_DATE' },
    );
  const paid = await payInvoice(peers, request.allocationId, request.month, request.paidOn, invoice.id);
  const { idempotencyKey, ...input } = request;
  return performWrite(
    db,
    { operation: 'recordFunderPayment', actor: peers.actor, idempotencyKey, input },
    async ({ tx, record }) => {
      const payment: FunderPayment = {
        allocationId: request.allocationId,
        month,
        invoiceId: invoice.id,
        workers: invoice.workers,
        amount: Number(invoice.amount),
        paidOn: paid.paidOn!,
      };
      const inserted: unknown[] = await tx.query(
        `INSERT INTO funder_payment (allocation_id, month, invoice_id, workers, amount, paid_on, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING month`,
        [payment.allocationId, month, payment.invoiceId, payment.workers, payment.amount, payment.paidOn, serverNow()],
      );
      if (inserted.length > 0)
        await record({ entity: 'funder_payment', entityId: payment.invoiceId, before: null, after: { ...payment } });
      return payment;
    },
  );
}
