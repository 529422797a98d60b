/**
 * Recording a worker's own payment of a month's premium. The payment is a fact with two times:
 * the day the worker paid (`paidOn`, from the payer's receipt) and the instant it was recorded
 * (the server clock). Rules that keep a receipt from rewriting the past:
 * - `paidOn` is never after today, never before the card's cover was first recorded, and never
 *   more than PAYMENT_RECORDING_WINDOW_DAYS before the day it is recorded;
 * - an informal (BPU) member may pay ahead, up to 12 months including the current one; after a
 *   lapse the member continues with the current month (months more than two before the month of
 *   payment are not collected: they lapsed, and their cover with them);
 * - a month is paid once: a month already paid is refused before any money is taken; a month the
 *   funder was invoiced for but has not paid may be paid by the worker, and the funder's later
 *   payment of it is then a credit on the card (card_payments, `MembershipCard.credits`).
 * A claim judges only payments recorded by the end of its event day (card-status.ts).
 */
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../../contract/caller';
import { serverNow } from '../../../platform/clock';
import { badInput, conflict } from '../../../platform/errors';
import { requireIdempotencyKey } from '../../../platform/idempotency';
import { todayInAmbon } from '../../../platform/scalars';
import { performWrite } from '../../../platform/write';
import { lockCardFor } from '../cards/card-access';
import { Peers } from '../peers';
import { PremiumPayment } from './premium-payment';

export interface PaymentRequest {
  kpj: string;
  /** YYYY-MM: the month paid for; without it, the oldest month the payment may settle. */
  month?: string | null;
  paidOn: string;
  idempotencyKey: string;
}

/** How long a receipt may take to reach the insurer's records (no published rule found: README Rules). */
export const PAYMENT_RECORDING_WINDOW_DAYS = 7;
/** Paying ahead: the insurer lets informal members pay 3, 6 or 12 months at once. */
export const MONTHS_PAYABLE_AHEAD = 11;
/** Arrears collected: up to two months back; a third unpaid month lapses the card (Rule 1). */
export const MONTHS_PAYABLE_BACK = 2;

const addMonths = (monthStart: string, n: number) => {
  const d = new Date(Date.UTC(Number(monthStart.slice(0, 4)), Number(monthStart.slice(5, 7)) - 1 + n, 1));
  return d.toISOString().slice(0, 10);
};
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

interface PayableMonth {
  month: string;
  allocation_id: string;
  monthly_premium: string;
  /** Paid by anyone, as recorded now. */
  paid: boolean;
  /** On an invoice to the funder (whose payment of it is still to come or already came). */
  invoiced: boolean;
  /** The day (in Ambon) the period covering the month was recorded. */
  cover_recorded_on: string;
}

/**
 * The card's covered months from `first` to `last`, each with whether it is paid or invoiced, oldest
 * first. The card's payments are read once (`card_payments`) and joined on the month, not asked again for every month.
 * `$1` is text for `card_payments`; compared to the char(11) columns as char(11), so their indexes answer.
 */
async function coveredMonths(tx: EntityManager, kpj: string, first: string, last: string): Promise<PayableMonth[]> {
  return tx.query(
    `WITH paid AS (SELECT DISTINCT cp.month FROM card_payments(ARRAY[$1::text], 'infinity', 'infinity') cp)
     SELECT to_char(d, 'YYYY-MM-DD') AS month, p.allocation_id, p.monthly_premium,
       to_char((p.recorded_at AT TIME ZONE 'UTC') + interval '9 hours', 'YYYY-MM-DD') AS cover_recorded_on,
       (paid.month IS NOT NULL) AS paid,
       EXISTS (SELECT 1 FROM premium_invoice_line l WHERE l.kpj = $1::char(11) AND l.month = d::date) AS invoiced
     FROM coverage_period p
     CROSS JOIN LATERAL generate_series(date_trunc('month', p.valid_from::timestamp), date_trunc('month', p.valid_until::timestamp), interval '1 month') AS d
     LEFT JOIN paid ON paid.month = d::date
     WHERE p.kpj = $1::char(11) AND d >= $2::date AND d <= $3::date
     ORDER BY d`,
    [kpj, first, last],
  );
}

/** A receipt's date, for the worker's payment and the funder's alike: never after today, never older than the recording window. */
export function requireReceiptDate(paidOn: string, today: string) {
  if (paidOn > today)
    throw badInput(`A payment cannot be dated after today in Ambon (${today}): ${paidOn}.`, {
      argument: 'paidOn',
      reason: 'FUTURE_DATE',
    });
  const earliest = addDays(today, -PAYMENT_RECORDING_WINDOW_DAYS);
  if (paidOn < earliest) {
    throw badInput(
      `A payment is recorded within ${PAYMENT_RECORDING_WINDOW_DAYS} days of being made: ${paidOn} is before ${earliest}. An older receipt is a correction for the insurer's finance office.`,
      {
        argument: 'paidOn',
        reason: 'PAYMENT_TOO_OLD',
      },
    );
  }
}

export async function recordPremiumPayment(
  db: DataSource,
  peers: Peers,
  caller: Caller,
  request: PaymentRequest,
): Promise<PremiumPayment> {
  requireIdempotencyKey(request.idempotencyKey);
  if (request.month != null && !/^\d{4}-(0[1-9]|1[0-2])$/.test(request.month))
    throw badInput(`"${request.month}" is not a month: write it YYYY-MM.`, { argument: 'month' });
  const today = todayInAmbon();
  const { idempotencyKey, ...input } = request;
  return performWrite(
    db,
    { operation: 'recordPremiumPayment', actor: peers.actor, idempotencyKey, input },
    async ({ tx, record }) => {
      // The village rule answers first: a card out of reach is FORBIDDEN whatever else is wrong.
      const card = await lockCardFor(tx, caller, request.kpj);
      requireReceiptDate(request.paidOn, today);
      if (card.lifecycle === 'CLOSED')
        throw conflict(`Card ${card.kpj} was closed on ${card.closedOn}; no premium is due.`, {
          reason: 'CARD_CLOSED',
        });
      const paidMonth = `${request.paidOn.slice(0, 7)}-01`;
      const [earliest, latest] = [
        addMonths(paidMonth, -MONTHS_PAYABLE_BACK),
        addMonths(paidMonth, MONTHS_PAYABLE_AHEAD),
      ];
      const due = await chooseMonth(tx, card.kpj, request.month ?? null, earliest, latest);
      if (request.paidOn < due.cover_recorded_on) {
        throw badInput(
          `The cover of card ${card.kpj} for ${due.month.slice(0, 7)} was recorded on ${due.cover_recorded_on}; a premium for it cannot have been paid on ${request.paidOn}.`,
          {
            argument: 'paidOn',
            reason: 'PAID_BEFORE_COVER',
          },
        );
      }
      const payments = tx.getRepository(PremiumPayment);
      const created = payments.create({
        kpj: card.kpj,
        month: due.month,
        amount: due.monthly_premium,
        allocationId: due.allocation_id,
        paidOn: request.paidOn,
        realised: false,
        recordedAt: serverNow(),
        recordedBy: peers.actor,
      });
      await payments.insert(created);
      await record({
        entity: 'premium_payment',
        entityId: created.id,
        before: null,
        after: {
          kpj: card.kpj,
          month: due.month.slice(0, 7),
          requestedMonth: request.month ?? null,
          amount: Number(created.amount),
          paidOn: request.paidOn,
          recordedAt: created.recordedAt,
        },
      });
      return created;
    },
  );
}

/** The month a payment settles: the one named, or the oldest unpaid one in reach (months the funder was not invoiced for first). */
async function chooseMonth(
  tx: EntityManager,
  kpj: string,
  named: string | null,
  earliest: string,
  latest: string,
): Promise<PayableMonth> {
  if (named != null) {
    const monthStart = `${named}-01`;
    const [covered] = await coveredMonths(tx, kpj, monthStart, monthStart);
    if (!covered)
      throw conflict(`Card ${kpj} has no coverage in ${named}, so no premium is due for it.`, {
        reason: 'NOT_COVERED',
      });
    if (covered.paid)
      throw conflict(`The premium of card ${kpj} for ${named} is already paid.`, { reason: 'ALREADY_PAID' });
    if (monthStart > latest)
      throw badInput(
        `A premium may be paid at most 12 months ahead (through ${latest.slice(0, 7)}), not for ${named}.`,
        { argument: 'month', reason: 'TOO_FAR_AHEAD' },
      );
    if (monthStart < earliest) {
      throw conflict(
        `${named} lapsed unpaid: a lapsed member continues with the current month, and months before ${earliest.slice(0, 7)} are not collected.`,
        { reason: 'MONTH_LAPSED' },
      );
    }
    return covered;
  }
  const covered = await coveredMonths(tx, kpj, earliest, latest);
  if (covered.length === 0)
    throw conflict(
      `Card ${kpj} has no coverage between ${earliest.slice(0, 7)} and ${latest.slice(0, 7)}, so no premium is due for it.`,
      { reason: 'NOT_COVERED' },
    );
  const months = covered.filter((m) => !m.paid);
  const choice = months.find((m) => !m.invoiced) ?? months[0];
  if (!choice)
    throw conflict(`Card ${kpj} has no unpaid month between ${earliest.slice(0, 7)} and ${latest.slice(0, 7)}.`, {
      reason: 'ALREADY_PAID',
    });
  return choice;
}
