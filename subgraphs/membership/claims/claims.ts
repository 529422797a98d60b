/**
 * Heirs and claims. A JKM death benefit (Rp 42,000,000) is paid only to a verified heir, and only
 * if the card's coverage was active on the date of death (a JKM coverage period in force and the
 * card not INACTIVE for unpaid months); filing it closes the card at that date. A JKK claim pays
 * the member's work-accident costs under the same "active on the day" rule.
 */
import { DataSource } from 'typeorm';
import { badInput, conflict, notFound } from '../../shared/errors';
import { Program } from '../../shared/program';
import { todayInAmbon } from '../../shared/scalars';
import { performWrite } from '../../shared/write';
import { CardStatus } from '../cards/membership-card';
import { cardSnapshot } from '../enrollment/enrollment';
import { statusesOn } from '../payments/card-status';
import { lockCard } from '../payments/premium-payments';
import { Claim, ClaimProgram, ClaimStatus, Heir } from './claim';

export const JKM_DEATH_BENEFIT = 42_000_000;

export interface Writer {
  actor: string;
  idempotencyKey?: string | null;
}

export interface ClaimRequest {
  kpj: string;
  program: ClaimProgram;
  eventDate: string;
  heirId?: string | null;
  amount?: number | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function requireId(id: string, argument: string): string {
  if (!UUID.test(id)) throw badInput(`"${id}" is not an id this API issued.`, { argument });
  return id;
}

const claimSnapshot = (c: Claim) => ({ id: c.id, kpj: c.kpj, program: c.program, eventDate: c.eventDate, amount: Number(c.amount), heirId: c.heirId, status: c.status });

export function addHeir(db: DataSource, writer: Writer, input: { kpj: string; fullName: string; relationship: string }): Promise<Heir> {
  return performWrite(db, { operation: 'addHeir', ...writer, input }, async ({ tx, record }) => {
    const card = await lockCard(tx, input.kpj);
    const fullName = input.fullName?.trim();
    const relationship = input.relationship?.trim();
    if (!fullName) throw badInput('An heir needs a name.', { argument: 'fullName' });
    if (!relationship) throw badInput('Say how the heir is related to the member (e.g. spouse, child).', { argument: 'relationship' });
    const heirs = tx.getRepository(Heir);
    const heir = heirs.create({ kpj: card.kpj, fullName, relationship, verified: false });
    await heirs.insert(heir);
    await record({ entity: 'heir', entityId: heir.id, before: null, after: { ...heir } });
    return heir;
  });
}

export function verifyHeir(db: DataSource, writer: Writer, heirId: string): Promise<Heir> {
  return performWrite(db, { operation: 'verifyHeir', ...writer, input: { heirId } }, async ({ tx, record }) => {
    const heir = await tx.getRepository(Heir).findOne({ where: { id: requireId(heirId, 'heirId') }, lock: { mode: 'pessimistic_write' } });
    if (!heir) throw notFound(`No heir has the id ${heirId}.`, { argument: 'heirId' });
    if (heir.verified) return heir;
    await tx.query('UPDATE heir SET verified = true WHERE id = $1', [heir.id]);
    await record({ entity: 'heir', entityId: heir.id, before: { verified: false }, after: { verified: true } });
    return { ...heir, verified: true };
  });
}

export function fileClaim(db: DataSource, writer: Writer, request: ClaimRequest): Promise<Claim> {
  return performWrite(db, { operation: 'fileClaim', ...writer, input: request }, async ({ tx, record }) => {
    const card = await lockCard(tx, request.kpj);
    if (request.eventDate > todayInAmbon()) throw badInput(`The event date ${request.eventDate} is in the future.`, { argument: 'eventDate', reason: 'IMPOSSIBLE_DATE' });
    if (card.lifecycle === 'CLOSED') throw conflict(`Card ${card.kpj} was closed on ${card.closedOn}; it takes no new claims.`, { reason: 'CARD_CLOSED' });
    let heirId: string | null = null;
    let amount: number;
    if (request.program === ClaimProgram.JKM) {
      if (request.amount != null && request.amount !== JKM_DEATH_BENEFIT) {
        throw badInput(`The JKM death benefit is fixed at Rp ${JKM_DEATH_BENEFIT.toLocaleString('id')}; leave amount out.`, { argument: 'amount' });
      }
      if (!request.heirId) throw badInput('A JKM death benefit is paid to an heir: give heirId.', { argument: 'heirId' });
      const heir = await tx.getRepository(Heir).findOneBy({ id: requireId(request.heirId, 'heirId'), kpj: card.kpj });
      if (!heir) throw notFound(`Card ${card.kpj} has no heir with the id ${request.heirId}.`, { argument: 'heirId' });
      if (!heir.verified) throw conflict(`${heir.fullName} is not a verified heir of card ${card.kpj}; verify the heir before filing.`, { reason: 'HEIR_NOT_VERIFIED' });
      heirId = heir.id;
      amount = JKM_DEATH_BENEFIT;
    } else {
      if (request.amount == null || !Number.isSafeInteger(request.amount) || request.amount <= 0) {
        throw badInput('A JKK claim states the costs claimed as a positive whole number of rupiah.', { argument: 'amount' });
      }
      amount = request.amount;
    }
    const [covered] = await tx.query('SELECT 1 FROM coverage_period WHERE kpj = $1 AND valid_from <= $2 AND valid_until >= $2 AND $3 = ANY(programs)', [
      card.kpj,
      request.eventDate,
      request.program === ClaimProgram.JKM ? Program.JKM : Program.JKK,
    ]);
    const status = (await statusesOn(tx, [card.kpj], request.eventDate)).get(card.kpj);
    if (!covered || status !== CardStatus.ACTIVE) {
      throw conflict(
        `Card ${card.kpj} was not active on ${request.eventDate} (${covered ? `status ${status}: premiums unpaid` : `no ${request.program} coverage that day`}); the claim cannot be paid.`,
        { reason: 'COVERAGE_NOT_ACTIVE' },
      );
    }
    const claims = tx.getRepository(Claim);
    const claim = claims.create({ kpj: card.kpj, program: request.program, eventDate: request.eventDate, amount: String(amount), heirId, status: ClaimStatus.FILED, paidAt: null });
    await claims.insert(claim);
    await record({ entity: 'claim', entityId: claim.id, before: null, after: claimSnapshot(claim) });
    if (request.program === ClaimProgram.JKM) {
      const before = cardSnapshot(card);
      await tx.query(`UPDATE membership_card SET status = 'CLOSED', closed_on = $2, closed_reason = 'DEATH' WHERE kpj = $1`, [card.kpj, request.eventDate]);
      await record({ entity: 'membership_card', entityId: card.kpj, before, after: { ...before, lifecycle: 'CLOSED', closedOn: request.eventDate } });
    }
    return claim;
  });
}

export function payClaim(db: DataSource, writer: Writer & { idempotencyKey: string }, claimId: string): Promise<Claim> {
  return performWrite(db, { operation: 'payClaim', ...writer, input: { claimId } }, async ({ tx, record }) => {
    const claim = await tx.getRepository(Claim).findOne({ where: { id: requireId(claimId, 'claimId') }, lock: { mode: 'pessimistic_write' } });
    if (!claim) throw notFound(`No claim has the id ${claimId}.`, { argument: 'claimId' });
    if (claim.status === ClaimStatus.PAID) throw conflict(`Claim ${claim.id} was already paid.`, { reason: 'ALREADY_PAID' });
    if (claim.heirId) {
      const heir = await tx.getRepository(Heir).findOneBy({ id: claim.heirId });
      if (!heir?.verified) throw conflict('The heir of this claim is no longer verified.', { reason: 'HEIR_NOT_VERIFIED' });
    }
    const before = claimSnapshot(claim);
    await tx.query(`UPDATE claim SET status = 'PAID', paid_at = now() WHERE id = $1`, [claim.id]);
    const paid = { ...claim, status: ClaimStatus.PAID, paidAt: new Date() };
    await record({ entity: 'claim', entityId: claim.id, before, after: claimSnapshot(paid) });
    return paid;
  });
}
