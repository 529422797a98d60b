/**
 * Batch enrollment: the outreach team enrolls a village's workers in one request and gets a
 * report row by row. Every step is one set-based statement or one call for the whole batch (NIK
 * checks, population lookup, coverage check, intents, one reservation call, one transaction for
 * all cards and periods, one confirmation call), so 1,000 rows cost about as many round trips as one.
 * The same protocol as a single enrollment applies (enrollment-intents.ts), so recovery covers it too.
 */
import { DataSource, EntityManager } from 'typeorm';
import { badInput, conflict } from '../../../platform/errors';
import { KeyedRequest, requireIdempotencyKey, storedResponse } from '../../../platform/idempotency';
import { parseNik } from '../../../domain/nik';
import { todayInAmbon } from '../../../platform/scalars';
import { serverNow } from '../../../platform/clock';
import { performWrite } from '../../../platform/write';
import { findAllocation, findWorkers, Peers, reserve } from '../peers';
import { CoveragePlan, planCoverage } from './coverage-plan';
import { coverageRefusals } from './enrollment';
import { isOfMinimumAge, MINIMUM_AGE } from './eligibility';
import { abandonIntents, closeRefusedIntents, confirmIntents, intentLog, openIntents } from './enrollment-intents';

// Budget out of reach: the recovery step settles these intents later, and the write itself stands.
const notReleased = (error: unknown) =>
  intentLog.warn({ err: error }, 'premium holds not released yet; recovery releases them');
const notConfirmed = (error: unknown) =>
  intentLog.warn({ err: error }, 'premium holds not confirmed yet; recovery confirms them');

export const MAX_BATCH_ROWS = 2000;

export type RowReason =
  | 'INVALID_NIK'
  | 'DUPLICATE_ROW'
  | 'UNKNOWN_WORKER'
  | 'UNDER_MINIMUM_AGE'
  | 'ALREADY_COVERED'
  | 'MEMBER_DECEASED'
  | 'NO_ROOM';

export interface BatchRow {
  row: number;
  nik: string;
  status: 'ENROLLED' | 'REJECTED';
  kpj: string | null;
  reason: RowReason | null;
  message: string | null;
}

export interface BatchReport {
  allocationId: string;
  validFrom: string;
  validUntil: string;
  enrolled: number;
  rejected: number;
  rows: BatchRow[];
}

export interface BatchRequest {
  allocationId: string;
  niks: string[];
  validFrom?: string | null;
  validUntil?: string | null;
  idempotencyKey: string;
}

const MESSAGES: Record<RowReason, (nik: string) => string> = {
  INVALID_NIK: (nik) => `"${nik}" is not a valid NIK`,
  DUPLICATE_ROW: () => 'the same NIK appears on an earlier row',
  UNKNOWN_WORKER: () => 'no worker is registered with this NIK',
  UNDER_MINIMUM_AGE: () => `the worker is under ${MINIMUM_AGE} on the first day of cover`,
  ALREADY_COVERED: () => 'the worker is already covered during this period',
  MEMBER_DECEASED: () => 'the worker’s card was closed at death',
  NO_ROOM: () => 'the allocation has no room left for this worker',
};

interface Candidate {
  row: number;
  nik: string;
  villageCode: string;
  intentId?: string;
}

export async function batchEnroll(db: DataSource, peers: Peers, request: BatchRequest): Promise<BatchReport> {
  const keyed: KeyedRequest = {
    operation: 'batchEnroll',
    idempotencyKey: requireIdempotencyKey(request.idempotencyKey),
    actor: peers.actor,
    input: { ...request, idempotencyKey: undefined },
  };
  if (request.niks.length === 0 || request.niks.length > MAX_BATCH_ROWS) {
    throw badInput(`A batch holds 1 to ${MAX_BATCH_ROWS} NIKs, not ${request.niks.length}.`, { argument: 'niks' });
  }
  const done = await storedResponse<BatchReport>(db, keyed);
  if (done) return done.response;

  const allocation = await findAllocation(peers, request.allocationId);
  const plan = planCoverage(allocation, request.validFrom, request.validUntil, null, todayInAmbon());
  const rows: BatchRow[] = request.niks.map((nik, row) => ({
    row: row + 1,
    nik,
    status: 'REJECTED',
    kpj: null,
    reason: null,
    message: null,
  }));
  const reject = (row: BatchRow, reason: RowReason) =>
    Object.assign(row, { reason, message: MESSAGES[reason](row.nik) });

  const seen = new Set<string>();
  const wellFormed: BatchRow[] = [];
  for (const row of rows) {
    if (!parseNik(row.nik).ok) reject(row, 'INVALID_NIK');
    else if (seen.has(row.nik)) reject(row, 'DUPLICATE_ROW');
    else {
      seen.add(row.nik);
      wellFormed.push(row);
    }
  }
  const registered = new Map(
    (wellFormed.length
      ? await findWorkers(
          peers,
          wellFormed.map((r) => r.nik),
        )
      : []
    ).map((w) => [w.nik, w.village.code]),
  );
  const refusals = await coverageRefusals(db, [...registered.keys()], plan.validFrom, plan.validUntil);
  const candidates: Candidate[] = [];
  for (const row of wellFormed) {
    const villageCode = registered.get(row.nik);
    if (!villageCode) reject(row, 'UNKNOWN_WORKER');
    else if (!isOfMinimumAge(row.nik, plan.validFrom)) reject(row, 'UNDER_MINIMUM_AGE');
    else if (refusals.has(row.nik)) reject(row, refusals.get(row.nik)!);
    else candidates.push({ row: row.row, nik: row.nik, villageCode });
  }

  const rowKey = (nik: string) => `${keyed.idempotencyKey}#${nik}`;
  const opened = await openIntents(
    db,
    candidates.map((c) => ({
      idempotencyKey: rowKey(c.nik),
      nik: c.nik,
      allocationId: plan.allocationId,
      amount: plan.amount,
    })),
  );
  for (const c of candidates) c.intentId = opened.get(rowKey(c.nik));
  if (candidates.some((c) => !c.intentId)) {
    await abandonIntents(db, peers, [...opened.values()]).catch(notReleased);
    throw conflict(
      `A batch with the idempotency key "${keyed.idempotencyKey}" is already in progress; retry shortly with the same key.`,
      { reason: 'IN_PROGRESS' },
    );
  }
  const intentIds = candidates.map((c) => c.intentId!);

  let granted: Candidate[] = [];
  if (candidates.length > 0) {
    try {
      const holds = await reserve(
        peers,
        plan.allocationId,
        candidates.map((c) => ({
          key: c.intentId!,
          amount: plan.amount,
          purpose: `${keyed.idempotencyKey} row ${c.row}`,
        })),
      );
      const pending = new Set(holds.filter((h) => h.status === 'PENDING').map((h) => h.key));
      granted = candidates.filter((c) => pending.has(c.intentId!));
      const refused = candidates.filter((c) => !pending.has(c.intentId!));
      for (const c of refused) reject(rows[c.row - 1], 'NO_ROOM');
      await closeRefusedIntents(
        db,
        refused.map((c) => c.intentId!),
      );
    } catch (error) {
      await abandonIntents(db, peers, intentIds).catch(notReleased);
      throw error;
    }
  }

  let report: BatchReport;
  try {
    report = await performWrite(db, keyed, async ({ tx, record }) => {
      const written = await writeBatch(tx, granted, plan);
      for (const c of granted) {
        const row = rows[c.row - 1];
        const kpj = written.kpjByNik.get(c.nik);
        if (kpj) Object.assign(row, { status: 'ENROLLED', kpj });
        else reject(row, written.refusals.get(c.nik) ?? 'ALREADY_COVERED');
      }
      await record(...written.changes);
      const enrolled = rows.filter((r) => r.status === 'ENROLLED').length;
      return {
        allocationId: plan.allocationId,
        validFrom: plan.validFrom,
        validUntil: plan.validUntil,
        enrolled,
        rejected: rows.length - enrolled,
        rows,
      };
    });
  } catch (error) {
    await abandonIntents(
      db,
      peers,
      granted.map((c) => c.intentId!),
    ).catch(notReleased);
    throw error;
  }
  // Rows a concurrent enrollment covered first give their money back; the rest are committed.
  await abandonIntents(
    db,
    peers,
    granted.map((c) => c.intentId!),
  ).catch(notReleased);
  await confirmIntents(
    db,
    peers,
    granted.map((c) => c.intentId!),
  ).catch(notConfirmed);
  return report;
}

/** Inside one transaction: cards for workers without one, and a coverage period per row, set-based. */
async function writeBatch(tx: EntityManager, granted: Candidate[], plan: CoveragePlan) {
  const changes: { entity: string; entityId: string; before: unknown; after: unknown }[] = [];
  if (granted.length === 0)
    return { kpjByNik: new Map<string, string>(), refusals: new Map<string, RowReason>(), changes };
  const live: { id: string }[] = await tx.query(
    `SELECT id FROM enrollment_intent WHERE id = ANY($1) AND status = 'RESERVING' ORDER BY id FOR UPDATE`,
    [granted.map((c) => c.intentId)],
  );
  const liveIds = new Set(live.map((r) => r.id));
  const niks = granted.filter((c) => liveIds.has(c.intentId!)).map((c) => c.nik);
  // Lock the open cards first, so concurrent single enrollments of the same workers queue behind us.
  const cards: { kpj: string; nik: string; village_code: string }[] = await tx.query(
    `SELECT kpj, nik, village_code FROM membership_card WHERE nik = ANY($1) AND status <> 'CLOSED' ORDER BY kpj FOR UPDATE`,
    [niks],
  );
  const refusals = await coverageRefusals(tx, niks, plan.validFrom, plan.validUntil);
  const writable = granted.filter((c) => liveIds.has(c.intentId!) && !refusals.has(c.nik));
  const existing = new Map(cards.map((c) => [c.nik, c]));
  const fresh = writable.filter((c) => !existing.has(c.nik));
  const today = todayInAmbon();
  const issued: { kpj: string; nik: string }[] = fresh.length
    ? await tx.query(
        `INSERT INTO membership_card (kpj, nik, status, village_code, issued_on)
         SELECT nextval('kpj_number')::text, nik, 'OPEN', village_code, $3 FROM unnest($1::text[], $2::text[]) AS n(nik, village_code)
         RETURNING kpj, nik`,
        [fresh.map((c) => c.nik), fresh.map((c) => c.villageCode), today],
      )
    : [];
  const kpjByNik = new Map([
    ...cards.map((c) => [c.nik, c.kpj] as const),
    ...issued.map((c) => [c.nik, c.kpj] as const),
  ]);
  for (const card of issued)
    changes.push({
      entity: 'membership_card',
      entityId: card.kpj,
      before: null,
      after: { kpj: card.kpj, nik: card.nik, lifecycle: 'OPEN', issuedOn: today },
    });
  const moved = writable.filter((c) => existing.has(c.nik) && existing.get(c.nik)!.village_code !== c.villageCode);
  if (moved.length) {
    await tx.query(
      "UPDATE membership_card c SET village_code = m.village_code FROM unnest($1::text[], $2::text[]) AS m(nik, village_code) WHERE c.nik = m.nik AND c.status <> 'CLOSED'",
      [moved.map((c) => c.nik), moved.map((c) => c.villageCode)],
    );
    for (const c of moved) {
      const card = existing.get(c.nik)!;
      changes.push({
        entity: 'membership_card',
        entityId: card.kpj,
        before: { villageCode: card.village_code },
        after: { villageCode: c.villageCode },
      });
    }
  }
  const periods: { id: string; kpj: string }[] = writable.length
    ? await tx.query(
        // Rows are planned as new members (membership from the period's first month); see coverage-plan.ts.
        `INSERT INTO coverage_period (kpj, allocation_id, village_code, valid_from, valid_until, programs, monthly_premium, months, enrollment_id, declared_income, member_since, premium_total, recorded_at)
         SELECT kpj, $3, village_code, $4, $5, $6::text[], $7, $8, enrollment_id, $10, $11, $12, $13 FROM unnest($1::text[], $2::text[], $9::uuid[]) AS r(kpj, village_code, enrollment_id)
         RETURNING id, kpj`,
        [
          writable.map((c) => kpjByNik.get(c.nik)),
          writable.map((c) => c.villageCode),
          plan.allocationId,
          plan.validFrom,
          plan.validUntil,
          plan.programs,
          plan.monthlyPremium,
          plan.months,
          writable.map((c) => c.intentId),
          plan.declaredIncome,
          plan.memberSince,
          plan.amount,
          serverNow(),
        ],
      )
    : [];
  for (const p of periods) {
    changes.push({
      entity: 'coverage_period',
      entityId: p.id,
      before: null,
      after: { kpj: p.kpj, allocationId: plan.allocationId, validFrom: plan.validFrom, validUntil: plan.validUntil },
    });
  }
  await tx.query(`UPDATE enrollment_intent SET status = 'COVERED', updated_at = now() WHERE id = ANY($1)`, [
    writable.map((c) => c.intentId),
  ]);
  const written = new Set(writable.map((c) => c.nik));
  const refusedNow = new Map<string, RowReason>([...refusals].filter(([nik]) => !written.has(nik)));
  return { kpjByNik: new Map([...kpjByNik].filter(([nik]) => written.has(nik))), refusals: refusedNow, changes };
}
