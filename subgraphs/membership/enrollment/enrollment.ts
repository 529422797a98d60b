/**
 * Enrolling a worker (a new card if the worker has none) or renewing a card, under an allocation:
 * the premium is reserved in budget before any coverage exists, and the coverage, the card and
 * the audit entries commit in one membership transaction. See enrollment-intents.ts for the
 * protocol and its recovery.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, EntityManager } from 'typeorm';
import { Change } from '../../../platform/audit';
import { badInput, conflict, notFound } from '../../../platform/errors';
import { firstAnswerOr, KeyedRequest, requireIdempotencyKey, storedResponse } from '../../../platform/idempotency';
import { maskNik, parseNik } from '../../../domain/nik';
import { todayInAmbon } from '../../../platform/scalars';
import { serverNow } from '../../../platform/clock';
import { performWrite } from '../../../platform/write';
import type { Caller } from '../../../contract/caller';
import { requireCardInReach, requireKpj } from '../cards/card-access';
import { CardStatus, CoveragePeriod, MembershipCard } from '../cards/membership-card';
import { findAllocation, findWorker, Hold, Peers, reserve } from '../peers';
import { CoveragePlan, planCoverage } from './coverage-plan';
import { statusesOn } from '../payments/card-status';
import { requireMinimumAge } from './eligibility';
import { abandonIntents, closeRefusedIntents, confirmIntents, intentLog, openIntents } from './enrollment-intents';

export interface EnrollmentRequest {
  allocationId: string;
  validFrom?: string | null;
  validUntil?: string | null;
  idempotencyKey: string;
}

export interface EnrollmentResult {
  card: MembershipCard;
  coverage: CoveragePeriod;
}

const OUTCOME_WAIT_MS = 30_000;

export function requireNik(nik: string): string {
  const check = parseNik(nik);
  if (!check.ok)
    throw badInput(`"${nik}" is not a valid NIK: ${check.reason}.`, { argument: 'nik', reason: 'INVALID_NIK' });
  return nik;
}

export const noRoom = (allocationId: string, amount: number) =>
  conflict(
    `Allocation ${allocationId} has no room left for another Rp ${amount.toLocaleString('id')}: its ceiling is fully committed.`,
    {
      reason: 'NO_ROOM',
      allocationId,
    },
  );

export const cardSnapshot = (c: MembershipCard) => ({
  kpj: c.kpj,
  nik: c.nik,
  lifecycle: c.lifecycle,
  villageCode: c.villageCode,
  issuedOn: c.issuedOn,
  closedOn: c.closedOn,
});
const periodSnapshot = (p: CoveragePeriod) => ({
  id: p.id,
  kpj: p.kpj,
  allocationId: p.allocationId,
  validFrom: p.validFrom,
  validUntil: p.validUntil,
  monthlyPremium: Number(p.monthlyPremium),
  months: p.months,
});

export type CoverageRefusal = 'ALREADY_COVERED' | 'MEMBER_DECEASED';

/** Why each NIK cannot get coverage for these days, if it cannot: one statement for any number of NIKs. */
export async function coverageRefusals(
  db: DataSource | EntityManager,
  niks: string[],
  from: string,
  until: string,
): Promise<Map<string, CoverageRefusal>> {
  const rows: { nik: string; refusal: CoverageRefusal }[] = await db.query(
    `SELECT DISTINCT ON (c.nik) c.nik, CASE WHEN c.status = 'CLOSED' THEN 'MEMBER_DECEASED' ELSE 'ALREADY_COVERED' END AS refusal
     FROM membership_card c
     WHERE c.nik = ANY($1) AND (c.status = 'CLOSED'
       OR EXISTS (SELECT 1 FROM coverage_period p WHERE p.kpj = c.kpj AND p.valid_from <= $3 AND p.valid_until >= $2))
     ORDER BY c.nik, (c.status = 'CLOSED') DESC`,
    [niks, from, until],
  );
  return new Map(rows.map((r) => [r.nik, r.refusal]));
}

export function refusalError(nik: string, refusal: CoverageRefusal, plan: CoveragePlan) {
  return refusal === 'MEMBER_DECEASED'
    ? conflict(`The worker with NIK ${maskNik(nik)} has a card closed at death and cannot be enrolled.`, {
        reason: refusal,
      })
    : conflict(
        `The worker with NIK ${maskNik(nik)} is already covered between ${plan.validFrom} and ${plan.validUntil}.`,
        { reason: refusal },
      );
}

export interface CoverageToWrite {
  intentId: string;
  nik: string;
  villageCode: string;
  plan: CoveragePlan;
}

/** Inside a transaction: writes one enrollment's card (if new) and coverage, if its intent is still live. */
export async function writeCoverage(
  tx: EntityManager,
  entry: CoverageToWrite,
): Promise<{ result: EnrollmentResult; changes: Change[] }> {
  const [intent] = await tx.query('SELECT status FROM enrollment_intent WHERE id = $1 FOR UPDATE', [entry.intentId]);
  if (intent?.status !== 'RESERVING') {
    throw conflict(
      'This enrollment took too long and was abandoned; its reserved premium was released. Retry with the same idempotency key.',
      {
        reason: 'ENROLLMENT_ABANDONED',
      },
    );
  }
  const cards = tx.getRepository(MembershipCard);
  const periods = tx.getRepository(CoveragePeriod);
  const changes: Change[] = [];
  // Locked before checking, so two enrollments of one card cannot both see it uncovered.
  let card = await cards
    .createQueryBuilder('c')
    .setLock('pessimistic_write')
    .where("c.nik = :nik AND c.status <> 'CLOSED'", { nik: entry.nik })
    .getOne();
  const refusal = (await coverageRefusals(tx, [entry.nik], entry.plan.validFrom, entry.plan.validUntil)).get(entry.nik);
  if (refusal) throw refusalError(entry.nik, refusal, entry.plan);
  if (!card) {
    const [{ kpj }] = await tx.query(`SELECT nextval('kpj_number')::text AS kpj`);
    card = cards.create({
      kpj,
      nik: entry.nik,
      lifecycle: 'OPEN',
      villageCode: entry.villageCode,
      issuedOn: todayInAmbon(),
      paidThrough: null,
      closedOn: null,
      closedReason: null,
    });
    await cards.insert(card);
    changes.push({ entity: 'membership_card', entityId: card.kpj, before: null, after: cardSnapshot(card) });
  } else if (card.villageCode !== entry.villageCode) {
    const before = cardSnapshot(card);
    card.villageCode = entry.villageCode;
    await tx.query('UPDATE membership_card SET village_code = $2 WHERE kpj = $1', [card.kpj, entry.villageCode]);
    changes.push({ entity: 'membership_card', entityId: card.kpj, before, after: cardSnapshot(card) });
  }
  const coverage = periods.create({
    kpj: card.kpj,
    allocationId: entry.plan.allocationId,
    villageCode: entry.villageCode,
    validFrom: entry.plan.validFrom,
    validUntil: entry.plan.validUntil,
    programs: entry.plan.programs as CoveragePeriod['programs'],
    monthlyPremium: String(entry.plan.monthlyPremium),
    months: entry.plan.months,
    enrollmentId: entry.intentId,
    declaredIncome: String(entry.plan.declaredIncome),
    memberSince: entry.plan.memberSince,
    premiumTotal: String(entry.plan.amount),
    recordedAt: serverNow(),
  });
  await periods.insert(coverage);
  changes.push({ entity: 'coverage_period', entityId: coverage.id, before: null, after: periodSnapshot(coverage) });
  await tx.query(`UPDATE enrollment_intent SET status = 'COVERED', updated_at = now() WHERE id = $1`, [entry.intentId]);
  card.status = (await statusesOn(tx, [card.kpj], todayInAmbon())).get(card.kpj) ?? CardStatus.NOT_COVERED;
  return { result: { card, coverage }, changes };
}

/**
 * Enrolls the worker with `nik` (operation enrollWorker) or renews the card `kpj` (renewCoverage).
 * The same idempotency key always yields the first answer; concurrent retries wait for it.
 */
export async function enroll(
  db: DataSource,
  peers: Peers,
  caller: Caller,
  request: EnrollmentRequest & ({ nik: string } | { kpj: string }),
  attempt = 1,
): Promise<EnrollmentResult> {
  const operation = 'nik' in request ? 'enrollWorker' : 'renewCoverage';
  const keyed: KeyedRequest = {
    operation,
    idempotencyKey: requireIdempotencyKey(request.idempotencyKey),
    actor: peers.actor,
    input: { ...request, idempotencyKey: undefined },
  };
  const done = await storedResponse<EnrollmentResult>(db, keyed);
  if (done) return done.response;
  try {
    return await enrollOnce(db, peers, caller, request, keyed, attempt);
  } catch (error) {
    return firstAnswerOr<EnrollmentResult>(db, keyed, error);
  }
}

async function enrollOnce(
  db: DataSource,
  peers: Peers,
  caller: Caller,
  request: EnrollmentRequest & ({ nik: string } | { kpj: string }),
  keyed: KeyedRequest,
  attempt: number,
): Promise<EnrollmentResult> {
  const operation = keyed.operation;
  const nik = 'nik' in request ? requireNik(request.nik) : await nikOfCard(db, caller, request.kpj);
  const [worker, allocation, memberSince] = await Promise.all([
    findWorker(peers, nik),
    findAllocation(peers, request.allocationId),
    memberSinceOf(db, nik),
  ]);
  const plan = planCoverage(allocation, request.validFrom, request.validUntil, memberSince, todayInAmbon());
  requireMinimumAge(nik, plan.validFrom);
  const refusal = (await coverageRefusals(db, [nik], plan.validFrom, plan.validUntil)).get(nik);
  if (refusal) {
    // The coverage may be this very request's, written by a concurrent retry since the first look.
    const late = await storedResponse<EnrollmentResult>(db, keyed);
    if (late) return late.response;
    throw refusalError(nik, refusal, plan);
  }

  const intentId = (
    await openIntents(db, [
      { idempotencyKey: keyed.idempotencyKey, nik, allocationId: plan.allocationId, amount: plan.amount },
    ])
  ).get(keyed.idempotencyKey);
  if (!intentId)
    return awaitOutcome(db, keyed, () => (attempt < 3 ? enroll(db, peers, caller, request, attempt + 1) : undefined));

  const giveBack = () => abandonIntents(db, peers, [intentId]).catch(() => 0);
  let hold: Hold;
  try {
    [hold] = await reserve(peers, plan.allocationId, [
      {
        key: intentId,
        amount: plan.amount,
        purpose: `${operation} NIK ${maskNik(nik)} ${plan.validFrom}..${plan.validUntil}`,
      },
    ]);
  } catch (error) {
    await giveBack();
    throw error;
  }
  if (hold.status !== 'PENDING') {
    await (hold.status === 'REFUSED' ? closeRefusedIntents(db, [intentId]) : giveBack());
    throw noRoom(plan.allocationId, plan.amount);
  }
  let result: EnrollmentResult;
  try {
    result = await performWrite(db, keyed, async ({ tx, record }) => {
      const written = await writeCoverage(tx, { intentId, nik, villageCode: worker.village.code, plan });
      if ('kpj' in request && written.result.card.kpj !== request.kpj)
        throw notFound(`Card ${request.kpj} is not the worker's open card.`, { argument: 'kpj' });
      await record(...written.changes);
      return written.result;
    });
  } catch (error) {
    await giveBack();
    throw error;
  }
  // If budget cannot be reached now, the recovery step confirms it later: the coverage stands.
  await confirmIntents(db, peers, [intentId]).catch((error) =>
    intentLog.warn({ err: error }, 'premium hold not confirmed yet; recovery confirms it'),
  );
  return result;
}

/** The first month of the worker's open card, if any: PP 49/2020's relief counts membership months from it. */
async function memberSinceOf(db: DataSource, nik: string): Promise<string | null> {
  const [row] = await db.query(
    `SELECT to_char(min(p.valid_from), 'YYYY-MM-DD') AS since FROM membership_card c JOIN coverage_period p ON p.kpj = c.kpj WHERE c.nik = $1 AND c.status <> 'CLOSED'`,
    [nik],
  );
  return row?.since ?? null;
}

/** The village rule comes before the card's state: a closed card elsewhere is as unknown as any other. */
async function nikOfCard(db: DataSource, caller: Caller, kpj: string): Promise<string> {
  const card = await db.getRepository(MembershipCard).findOneBy({ kpj: requireKpj(kpj) });
  requireCardInReach(caller, kpj, card);
  if (!card) throw notFound(`No membership card has the KPJ ${kpj}.`, { argument: 'kpj' });
  if (card.lifecycle === 'CLOSED')
    throw conflict(`Card ${kpj} was closed on ${card.closedOn} and cannot be renewed.`, { reason: 'CARD_CLOSED' });
  return card.nik;
}

/** Another request holds this key: wait for its answer (or, if it was abandoned, try again). */
async function awaitOutcome<T>(db: DataSource, keyed: KeyedRequest, retry: () => Promise<T> | undefined): Promise<T> {
  const deadline = Date.now() + OUTCOME_WAIT_MS;
  while (Date.now() < deadline) {
    const done = await storedResponse<T>(db, keyed);
    if (done) return done.response;
    const [live] = await db.query(
      `SELECT 1 FROM enrollment_intent WHERE idempotency_key = $1 AND status IN ('RESERVING', 'COVERED', 'CONFIRMED')`,
      [keyed.idempotencyKey],
    );
    if (!live) {
      const again = retry();
      if (again) return again;
      break;
    }
    await sleep(50);
  }
  throw conflict(
    `A request with the idempotency key "${keyed.idempotencyKey}" is still in progress; retry shortly with the same key.`,
    { reason: 'IN_PROGRESS' },
  );
}
