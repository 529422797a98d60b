/**
 * The budget office's allocations: opening one for a funder and fiscal year, and revising its
 * ceiling (APBD-Perubahan) while keeping every earlier version. A ceiling can never drop below
 * what is already committed or held for enrollments in progress.
 */
import { DataSource, EntityManager } from 'typeorm';
import { badInput, conflict, notFound } from '../../../platform/errors';
import { LOWEST_BRACKET, normalMonthlyPremium, PROGRAMS_OPEN_TO_INFORMAL_WORKERS } from '../../../domain/premium-rates';
import { Program } from '../../../domain/program';
import { serverNow } from '../../../platform/clock';
import { performWrite } from '../../../platform/write';
import { Allocation, Funder } from './allocation';
import { requireOpenFiscalYear } from './fiscal-year';

export interface Writer {
  actor: string;
  idempotencyKey?: string | null;
}

export interface NewAllocation {
  funderId: string;
  fiscalYear: number;
  legalBasis: string;
  ceiling: number;
  premiumPerWorkerMonth: number;
  programs: Program[];
}

export interface CeilingRevision {
  allocationId: string;
  ceiling: number;
  legalBasis: string;
}

const snapshot = (a: Allocation) => ({
  id: a.id,
  fiscalYear: a.fiscalYear,
  funderId: a.funderId,
  legalBasis: a.legalBasis,
  ceiling: Number(a.ceiling),
  premiumPerWorkerMonth: Number(a.premiumPerWorkerMonth),
  programs: a.programs,
  committed: Number(a.committed),
  reserved: Number(a.reserved),
  realised: Number(a.realised),
  paidAfterYearEnd: Number(a.paidAfterYearEnd),
  version: a.version,
});

/**
 * An allocation for informal (bukan penerima upah) workers funds JKK and JKM, optionally JHT; JP
 * and JKP are for wage earners only. Its premium per worker-month is the normal rate of those
 * programs at the lowest income bracket, the one the city funds.
 */
function requireProgramsOpenToInformalWorkers(programs: Program[], premium: number) {
  const chosen = [...new Set(programs)];
  const closed = chosen.filter((p) => !PROGRAMS_OPEN_TO_INFORMAL_WORKERS.includes(p));
  if (closed.length > 0)
    throw badInput(
      `${closed.join(', ')} ${closed.length > 1 ? 'are' : 'is'} not open to informal (bukan penerima upah) workers: fund JKK and JKM, optionally JHT.`,
      { argument: 'programs', reason: 'PROGRAM_NOT_OPEN' },
    );
  if (!chosen.includes(Program.JKK) || !chosen.includes(Program.JKM))
    throw badInput('An allocation for informal workers funds both JKK and JKM (JHT optional).', {
      argument: 'programs',
      reason: 'PROGRAM_NOT_OPEN',
    });
  const expected = normalMonthlyPremium(chosen);
  if (premium !== expected) {
    throw badInput(
      `The premium of ${chosen.join(' + ')} at the Rp ${LOWEST_BRACKET.toLocaleString('en')} bracket is Rp ${expected.toLocaleString('en')} a worker-month, not Rp ${premium.toLocaleString('en')}.`,
      {
        argument: 'premiumPerWorkerMonth',
        reason: 'PREMIUM_MISMATCH',
      },
    );
  }
}

export function requirePositiveRupiah(amount: number, argument: string): number {
  if (!Number.isSafeInteger(amount) || amount <= 0)
    throw badInput(`${argument} must be a positive whole number of rupiah, got ${amount}.`, { argument });
  return amount;
}

function requireLegalBasis(text: string): string {
  const basis = text?.trim();
  if (!basis)
    throw badInput('legalBasis must name the regulation that authorises the spending.', { argument: 'legalBasis' });
  return basis;
}

export async function lockAllocation(tx: EntityManager, id: string): Promise<Allocation> {
  const allocation = await tx.getRepository(Allocation).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!allocation)
    throw notFound(`No allocation has the id "${id}".`, { argument: 'allocationId', reason: 'UNKNOWN_ALLOCATION' });
  return allocation;
}

export function createAllocation(db: DataSource, writer: Writer, input: NewAllocation): Promise<Allocation> {
  return performWrite(db, { operation: 'createAllocation', ...writer, input }, async ({ tx, record }) => {
    if (!Number.isInteger(input.fiscalYear) || input.fiscalYear < 2000 || input.fiscalYear > 2100) {
      throw badInput(`${input.fiscalYear} is not a plausible APBD fiscal year.`, { argument: 'fiscalYear' });
    }
    requirePositiveRupiah(input.ceiling, 'ceiling');
    requirePositiveRupiah(input.premiumPerWorkerMonth, 'premiumPerWorkerMonth');
    requireProgramsOpenToInformalWorkers(input.programs, input.premiumPerWorkerMonth);
    const legalBasis = requireLegalBasis(input.legalBasis);
    const funder = await tx.getRepository(Funder).findOneBy({ id: input.funderId });
    if (!funder) throw notFound(`No funder has the id "${input.funderId}".`, { argument: 'funderId' });
    // Ids read like the seed's: <funder>-<year>-<nn>; the funder row lock numbers them without gaps or races.
    await tx.query('SELECT id FROM funder WHERE id = $1 FOR UPDATE', [funder.id]);
    const [{ count }] = await tx.query(
      'SELECT count(*)::int AS count FROM allocation WHERE funder_id = $1 AND fiscal_year = $2',
      [funder.id, input.fiscalYear],
    );
    const repository = tx.getRepository(Allocation);
    const allocation = repository.create({
      id: `${funder.id}-${input.fiscalYear}-${String(count + 1).padStart(2, '0')}`,
      fiscalYear: input.fiscalYear,
      funderId: funder.id,
      legalBasis,
      ceiling: String(input.ceiling),
      premiumPerWorkerMonth: String(input.premiumPerWorkerMonth),
      programs: [...new Set(input.programs)],
      committed: '0',
      reserved: '0',
      realised: '0',
      paidAfterYearEnd: '0',
      version: 1,
      versionSince: serverNow(),
    });
    await repository.insert(allocation);
    const created = await repository.findOneByOrFail({ id: allocation.id });
    await record({ entity: 'allocation', entityId: created.id, before: null, after: snapshot(created) });
    return created;
  });
}

export function reviseAllocationCeiling(db: DataSource, writer: Writer, input: CeilingRevision): Promise<Allocation> {
  return performWrite(db, { operation: 'reviseAllocationCeiling', ...writer, input }, async ({ tx, record }) => {
    requirePositiveRupiah(input.ceiling, 'ceiling');
    const legalBasis = requireLegalBasis(input.legalBasis);
    const allocation = await lockAllocation(tx, input.allocationId);
    requireOpenFiscalYear(
      allocation,
      'can no longer have its ceiling revised: an APBD-Perubahan revises only the year in course',
    );
    const held = Number(allocation.committed) + Number(allocation.reserved);
    if (input.ceiling < held) {
      throw conflict(
        `The ceiling of ${allocation.id} cannot be revised to Rp ${input.ceiling.toLocaleString('id')}: Rp ${held.toLocaleString('id')} is already committed or held for enrollments.`,
        { reason: 'CEILING_BELOW_COMMITTED', committed: held },
      );
    }
    const before = snapshot(allocation);
    const revisedAt = serverNow();
    await tx.query(
      `INSERT INTO allocation_revision (allocation_id, version, ceiling, legal_basis, valid_since, superseded_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        allocation.id,
        allocation.version,
        allocation.ceiling,
        allocation.legalBasis,
        allocation.versionSince,
        revisedAt,
      ],
    );
    await tx.query(
      'UPDATE allocation SET ceiling = $2, legal_basis = $3, version = version + 1, version_since = $4 WHERE id = $1',
      [allocation.id, input.ceiling, legalBasis, revisedAt],
    );
    const revised = await tx.getRepository(Allocation).findOneByOrFail({ id: allocation.id });
    await record({ entity: 'allocation', entityId: allocation.id, before, after: snapshot(revised) });
    return revised;
  });
}
