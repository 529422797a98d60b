/**
 * Heirs and claims. A JKM death benefit (Rp 42,000,000 in three items) is paid to the first rank of
 * heirs present, only if the card was active on the date of death and the death was not a work
 * accident; filing it closes the card at that date. A JKK claim belongs to one accident event and
 * is made of benefits computed or capped from the declared income (benefits.ts); it stays possible
 * for an accident before a death that closed the card.
 */
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../../contract/caller';
import { badInput, conflict, forbidden, notFound } from '../../../platform/errors';
import { Program } from '../../../domain/program';
import { todayInAmbon } from '../../../platform/scalars';
import { serverNow } from '../../../platform/clock';
import { performWrite } from '../../../platform/write';
import { CardStatus, MembershipCard } from '../cards/membership-card';
import { cardSnapshot } from '../enrollment/enrollment';
import { knownByEndOf, statusesOn } from '../payments/card-status';
import { lockCardFor } from '../cards/card-access';
import { requireSecondPerson } from './duties';
import {
  AccidentSoFar,
  BenefitKind,
  BenefitRefusal,
  BenefitRequest,
  CauseOfDeath,
  computeJkkBenefit,
  JKM_DEATH_BENEFIT,
  JKM_ITEMS,
  RecipientKind,
  SCHOLARSHIP_MIN_CONTRIBUTION_MONTHS,
} from './benefits';
import { Claim, ClaimItem, ClaimProgram, ClaimStatus, Heir } from './claim';
import { HeirRelationship } from './heir-order';
import { deathBenefitRecipients, ItemToWrite } from './payout';

export { JKM_DEATH_BENEFIT, SCHOLARSHIP_MIN_CONTRIBUTION_MONTHS };

export interface Writer {
  actor: string;
  /** Whose village rule applies: every step is checked against the card's village first. */
  caller: Caller;
  idempotencyKey?: string | null;
}

export interface ClaimRequest {
  kpj: string;
  program: ClaimProgram;
  eventDate: string;
  heirId?: string | null;
  amount?: number | null;
  causeOfDeath?: CauseOfDeath | null;
  benefits?: BenefitRequest[] | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function requireId(id: string, argument: string): string {
  if (!UUID.test(id)) throw badInput(`"${id}" is not an id this API issued.`, { argument });
  return id;
}

export const claimSnapshot = (c: Claim) => ({
  id: c.id,
  kpj: c.kpj,
  program: c.program,
  eventDate: c.eventDate,
  amount: Number(c.amount),
  heirId: c.heirId,
  status: c.status,
});

export function addHeir(
  db: DataSource,
  writer: Writer,
  input: { kpj: string; fullName: string; relationship: HeirRelationship },
): Promise<Heir> {
  const { caller, ...request } = writer;
  return performWrite(db, { operation: 'addHeir', ...request, input }, async ({ tx, record }) => {
    const card = await lockCardFor(tx, caller, input.kpj);
    const fullName = input.fullName?.trim();
    const relationship = input.relationship;
    if (!fullName) throw badInput('An heir needs a name.', { argument: 'fullName' });
    if (relationship === HeirRelationship.NOT_AN_HEIR) {
      throw badInput(
        'Only a relationship the law recognises may be recorded (spouse, child, parent, grandchild, grandparent, sibling, parent-in-law, will beneficiary, funeral arranger).',
        { argument: 'relationship' },
      );
    }
    const heirs = tx.getRepository(Heir);
    const heir = heirs.create({
      kpj: card.kpj,
      fullName,
      relationship,
      relationshipAsWritten: null,
      verified: false,
      addedBy: writer.actor,
      verifiedBy: null,
    });
    await heirs.insert(heir);
    await record({ entity: 'heir', entityId: heir.id, before: null, after: heir });
    return heir;
  });
}

export function verifyHeir(db: DataSource, writer: Writer, heirId: string): Promise<Heir> {
  const { caller, ...request } = writer;
  return performWrite(db, { operation: 'verifyHeir', ...request, input: { heirId } }, async ({ tx, record }) => {
    const heir = await tx
      .getRepository(Heir)
      .findOne({ where: { id: requireId(heirId, 'heirId') }, lock: { mode: 'pessimistic_write' } });
    const [card] = heir
      ? await tx.query('SELECT village_code AS "villageCode" FROM membership_card WHERE kpj = $1', [heir.kpj])
      : [];
    if (caller.villageScoped && !(card && caller.seesVillage(card.villageCode)))
      throw forbidden(`The heir ${heirId} belongs to a card outside the villages you are assigned to.`);
    if (!heir) throw notFound(`No heir has the id ${heirId}.`, { argument: 'heirId' });
    const addedBy = heir.addedBy;
    requireSecondPerson(writer.actor, addedBy, 'added this heir', 'verify them');
    if (heir.verified) return heir;
    if (heir.relationship === HeirRelationship.NOT_AN_HEIR)
      throw conflict(`${heir.fullName} is not an heir the law recognises and cannot be verified.`, {
        reason: 'NOT_AN_HEIR',
      });
    await tx.getRepository(Heir).update(heir.id, { verified: true, verifiedBy: writer.actor });
    await record({
      entity: 'heir',
      entityId: heir.id,
      before: { verified: false, addedBy },
      after: { verified: true, addedBy, verifiedBy: writer.actor },
    });
    return { ...heir, verified: true, verifiedBy: writer.actor };
  });
}

/** `approvalAboveRupiah`: the settings' CLAIM_ITEM_APPROVAL_ABOVE_RUPIAH; an item above it waits for a second officer. */
export function fileClaim(
  db: DataSource,
  writer: Writer,
  request: ClaimRequest,
  approvalAboveRupiah: number,
): Promise<Claim> {
  const { caller, ...write } = writer;
  return performWrite(db, { operation: 'fileClaim', ...write, input: request }, async ({ tx, record }) => {
    const card = await lockCardFor(tx, caller, request.kpj);
    if (request.eventDate > todayInAmbon())
      throw badInput(`The event date ${request.eventDate} is in the future.`, {
        argument: 'eventDate',
        reason: 'IMPOSSIBLE_DATE',
      });
    // A death closes the card, but an accident before it may still be claimed under JKK.
    const closedBefore =
      card.lifecycle === 'CLOSED' && (request.program === ClaimProgram.JKM || request.eventDate >= card.closedOn!);
    if (closedBefore)
      throw conflict(`Card ${card.kpj} was closed on ${card.closedOn}; it takes no new claims for that day or later.`, {
        reason: 'CARD_CLOSED',
      });
    if (request.program === ClaimProgram.JKM) validateJkm(request);
    else validateJkk(request);
    // Judged on what was recorded by the end of the event day: a death may be reported late, but
    // cover and payments recorded after it never make it payable.
    const knownAt = knownByEndOf(request.eventDate);
    const [covered] = await tx.query(
      'SELECT declared_income FROM coverage_period WHERE kpj = $1 AND valid_from <= $2 AND valid_until >= $2 AND $3 = ANY(programs) AND recorded_at <= $4 ORDER BY valid_from LIMIT 1',
      [card.kpj, request.eventDate, request.program === ClaimProgram.JKM ? Program.JKM : Program.JKK, knownAt],
    );
    const status = (await statusesOn(tx, [card.kpj], request.eventDate, knownAt)).get(card.kpj);
    if (!covered || status !== CardStatus.ACTIVE) {
      throw conflict(
        `Card ${card.kpj} was not active on ${request.eventDate} (${covered ? `status ${status}: premiums unpaid` : `no ${request.program} coverage that day`}); the claim cannot be paid.`,
        { reason: 'COVERAGE_NOT_ACTIVE' },
      );
    }
    let items: ItemToWrite[];
    let contributionMonths: number | null = null;
    if (request.program === ClaimProgram.JKM) {
      items = await deathBenefitRecipients(tx, card.kpj, JKM_ITEMS, request.heirId);
      contributionMonths = await paidMonths(tx, card.kpj, request.eventDate);
    } else {
      const [existing] = await tx.query(`SELECT id FROM claim WHERE kpj = $1 AND program = 'JKK' AND event_date = $2`, [
        card.kpj,
        request.eventDate,
      ]);
      if (existing) {
        throw conflict(
          `The accident of ${request.eventDate} already has claim ${existing.id}; add further benefits to that claim.`,
          { reason: 'ALREADY_CLAIMED', claimId: existing.id },
        );
      }
      items = await jkkItems(tx, card.kpj, request.benefits!, Number(covered.declared_income), request.eventDate);
    }
    const claims = tx.getRepository(Claim);
    const claim = claims.create({
      kpj: card.kpj,
      program: request.program,
      eventDate: request.eventDate,
      amount: String(items.reduce((sum, i) => sum + i.amount, 0)),
      heirId: items.find((i) => i.recipient === RecipientKind.HEIR)?.heirId ?? null,
      causeOfDeath: request.causeOfDeath ?? null,
      contributionMonths,
      status: ClaimStatus.FILED,
      filedAt: serverNow(),
      filedBy: writer.actor,
      paidAt: null,
      paidBy: null,
    });
    await claims.insert(claim);
    const written = await writeItems(tx, claim.id, items, writer.actor, approvalAboveRupiah);
    await record({
      entity: 'claim',
      entityId: claim.id,
      before: null,
      after: { ...claimSnapshot(claim), causeOfDeath: claim.causeOfDeath, items: written, filedBy: writer.actor },
    });
    if (request.program === ClaimProgram.JKM || items.some((i) => i.kind === BenefitKind.WORK_ACCIDENT_DEATH))
      await closeAtDeath(tx, card, request.eventDate, record);
    return claim;
  });
}

/** Further benefits of the same accident attach to its JKK claim while it is not yet paid. */
export function addClaimBenefits(
  db: DataSource,
  writer: Writer,
  claimId: string,
  benefits: BenefitRequest[],
  approvalAboveRupiah: number,
): Promise<Claim> {
  const { caller, ...write } = writer;
  return performWrite(
    db,
    { operation: 'addClaimBenefits', ...write, input: { claimId, benefits } },
    async ({ tx, record }) => {
      const claim = await tx
        .getRepository(Claim)
        .findOne({ where: { id: requireId(claimId, 'claimId') }, lock: { mode: 'pessimistic_write' } });
      if (!claim) throw notFound(`No claim has the id ${claimId}.`, { argument: 'claimId' });
      const card = await lockCardFor(tx, caller, claim.kpj);
      if (claim.program !== ClaimProgram.JKK)
        throw badInput('Only a JKK claim takes further benefits; a JKM death benefit is fixed.', {
          argument: 'claimId',
        });
      if (claim.status === ClaimStatus.PAID)
        throw conflict(`Claim ${claim.id} was already paid.`, { reason: 'ALREADY_PAID' });
      validateJkk({ kpj: claim.kpj, program: ClaimProgram.JKK, eventDate: claim.eventDate, benefits });
      const [period] = await tx.query(
        'SELECT declared_income FROM coverage_period WHERE kpj = $1 AND valid_from <= $2 AND valid_until >= $2 ORDER BY valid_from LIMIT 1',
        [claim.kpj, claim.eventDate],
      );
      const items = await jkkItems(tx, claim.kpj, benefits, Number(period.declared_income), claim.eventDate, claim.id);
      const written = await writeItems(tx, claim.id, items, writer.actor, approvalAboveRupiah);
      // The claim's amount is the sum of its items, each a fact with its adder; the total follows them.
      const amount = Number(claim.amount) + items.reduce((sum, i) => sum + i.amount, 0);
      await tx.getRepository(Claim).update(claim.id, { amount: String(amount) });
      await record({
        entity: 'claim',
        entityId: claim.id,
        before: { amount: Number(claim.amount) },
        after: { amount, added: written, addedBy: writer.actor },
      });
      if (items.some((i) => i.kind === BenefitKind.WORK_ACCIDENT_DEATH) && card.lifecycle !== 'CLOSED')
        await closeAtDeath(tx, card, claim.eventDate, record);
      return { ...claim, amount: String(amount) };
    },
  );
}

function validateJkm(request: ClaimRequest) {
  if (request.amount != null && request.amount !== JKM_DEATH_BENEFIT) {
    throw badInput(
      `The JKM death benefit is fixed at Rp ${JKM_DEATH_BENEFIT.toLocaleString('id')}; leave amount out.`,
      { argument: 'amount' },
    );
  }
  if (request.benefits?.length)
    throw badInput('A JKM death benefit is fixed by law; benefits are for JKK claims.', { argument: 'benefits' });
  if (!request.causeOfDeath)
    throw badInput('A JKM claim records the cause of death: JKM pays only for a death not caused by a work accident.', {
      argument: 'causeOfDeath',
    });
  if (request.causeOfDeath === CauseOfDeath.WORK_ACCIDENT) {
    throw conflict(
      'A death by work accident is a JKK death benefit, not JKM: file a JKK claim with the benefit WORK_ACCIDENT_DEATH.',
      { reason: 'DEATH_BY_WORK_ACCIDENT' },
    );
  }
}

function validateJkk(request: ClaimRequest) {
  if (request.amount != null)
    throw badInput('A JKK claim is itemised: list its benefits; each amount is computed or capped by the regulation.', {
      argument: 'amount',
    });
  if (!request.benefits?.length) throw badInput('A JKK claim lists at least one benefit.', { argument: 'benefits' });
  if (request.causeOfDeath)
    throw badInput(
      'causeOfDeath belongs to a JKM claim; a death by work accident is the JKK benefit WORK_ACCIDENT_DEATH.',
      { argument: 'causeOfDeath' },
    );
}

/**
 * JKK items from the declared income, continuing from the accident's earlier items (days of
 * incapacity already counted, disability already paid); a second death benefit for one accident is refused.
 */
async function jkkItems(
  tx: EntityManager,
  kpj: string,
  benefits: BenefitRequest[],
  declaredIncome: number,
  accidentDate: string,
  claimId?: string,
): Promise<ItemToWrite[]> {
  const [earlierItems] = claimId
    ? await tx.query(
        `SELECT coalesce(sum(days) FILTER (WHERE kind = 'TEMPORARY_INCAPACITY'), 0)::int AS days, coalesce(sum(disability_percent) FILTER (WHERE kind = 'PERMANENT_DISABILITY'), 0)::int AS percent
         FROM claim_item WHERE claim_id = $1`,
        [claimId],
      )
    : [{ days: 0, percent: 0 }];
  const soFar: AccidentSoFar = {
    accidentDate,
    incapacityDays: earlierItems.days,
    disabilityPercent: earlierItems.percent,
  };
  const computed = benefits.flatMap((b) => {
    try {
      return computeJkkBenefit(b, declaredIncome, soFar);
    } catch (error) {
      if (!(error instanceof BenefitRefusal)) throw error;
      if (error.reason) throw conflict(error.message, { reason: error.reason });
      throw badInput(error.message, { argument: 'benefits' });
    }
  });
  const deaths = computed.filter((c) => c.kind === BenefitKind.WORK_ACCIDENT_DEATH).length;
  const [{ earlier }] = claimId
    ? await tx.query(
        `SELECT count(*)::int AS earlier FROM claim_item WHERE claim_id = $1 AND kind = 'WORK_ACCIDENT_DEATH'`,
        [claimId],
      )
    : [{ earlier: 0 }];
  if (deaths + earlier > 1) throw conflict('One accident gives one death benefit.', { reason: 'ALREADY_CLAIMED' });
  const death = computed.filter(
    (c) =>
      c.kind === BenefitKind.WORK_ACCIDENT_DEATH ||
      (deaths > 0 && (c.kind === BenefitKind.PERIODIC || c.kind === BenefitKind.FUNERAL)),
  );
  const heirs = death.length ? await deathBenefitRecipients(tx, kpj, death) : [];
  const own = computed
    .filter((c) => !death.includes(c))
    .map((c) => ({
      ...c,
      recipient: c.kind === BenefitKind.MEDICAL_CARE ? RecipientKind.HEALTH_FACILITY : RecipientKind.MEMBER,
      heirId: null,
    }));
  return [...own, ...heirs];
}

/** Each item is one insert naming who put the money on the claim and when; one above the plausibility cap waits for a second officer. */
async function writeItems(
  tx: EntityManager,
  claimId: string,
  items: ItemToWrite[],
  actor: string,
  cap: number,
): Promise<ClaimItem[]> {
  const repository = tx.getRepository(ClaimItem);
  const recordedAt = serverNow();
  const rows = items.map((i) =>
    repository.create({
      claimId,
      kind: i.kind,
      amount: String(i.amount),
      recipient: i.recipient,
      heirId: i.heirId,
      basis: i.basis,
      billReference: i.billReference ?? null,
      days: i.days ?? null,
      disabilityPercent: i.disabilityPercent ?? null,
      needsApproval: i.amount > cap,
      addedBy: actor,
      recordedAt,
    }),
  );
  await repository.insert(rows);
  return rows;
}

/** Months of contribution paid by a day (the JKM scholarship needs at least 36). */
async function paidMonths(tx: EntityManager, kpj: string, asOf: string): Promise<number> {
  const [{ months }] = await tx.query(
    `SELECT count(DISTINCT cp.month)::int AS months FROM card_payments(ARRAY[$1::text], $2::date, $3) cp WHERE cp.month <= $2::date`,
    [kpj, asOf, knownByEndOf(asOf)],
  );
  return months;
}

async function closeAtDeath(
  tx: EntityManager,
  card: MembershipCard,
  day: string,
  record: (...changes: { entity: string; entityId: string; before: unknown; after: unknown }[]) => Promise<void>,
) {
  const before = cardSnapshot(card);
  await tx.query(
    `UPDATE membership_card SET status = 'CLOSED', closed_on = $2, closed_reason = 'DEATH', closed_recorded_at = $3 WHERE kpj = $1`,
    [card.kpj, day, serverNow()],
  );
  await record({
    entity: 'membership_card',
    entityId: card.kpj,
    before,
    after: { ...before, lifecycle: 'CLOSED', closedOn: day },
  });
}
