/**
 * Every way a person's record leaves the population office goes through here (a worker by NIK,
 * a village's roster, an entity call from another subgraph): each applies the village rule of
 * the caller and records the read for the audit.
 */
import { requireVillage } from '../../../contract/access';
import { badInput, conflict, DomainError, forbidden, notFound } from '../../../platform/errors';
import { parseNik } from '../../../domain/nik';
import { cursorBinding, decodeCursor, pageSize, toPage } from '../../kit/pagination';
import { Scope } from '../../../contract/scopes';
import { PopulationContext } from '../context';
import { Worker } from './worker';
import type { NikAlreadyRegistered } from './worker-registry';

export const MAX_ROSTER_PAGE = 2000;

/** Refuses a malformed NIK before it reaches SQL, saying what is wrong with it. */
export function requireWellFormedNik(nik: string): string {
  const check = parseNik(nik);
  if (!check.ok) throw badInput(`"${nik}" is not a valid NIK: ${check.reason}.`, { argument: 'nik' });
  return nik;
}

/**
 * The worker, or null when there is none. A village-scoped caller learns nothing about NIKs
 * outside their villages, not even whether they exist.
 */
export async function readWorker({ loaders, caller }: PopulationContext, nik: string): Promise<Worker | null> {
  const worker = await loaders.workerByNik.load(nik);
  if (caller.villageScoped && (!worker || !caller.seesVillage(worker.villageCode))) {
    throw forbidden(`The worker with NIK ${nik} lies outside the villages you are assigned to.`, { nik });
  }
  if (worker) loaders.personReads.record(worker.nik);
  return worker;
}

export async function requireWorker(context: PopulationContext, nik: string): Promise<Worker> {
  requireWellFormedNik(nik);
  return (
    (await readWorker(context, nik)) ?? Promise.reject(notFound(`No worker is registered with NIK ${nik}.`, { nik }))
  );
}

export async function readRoster(
  context: PopulationContext,
  villageCode: string,
  first: number,
  after?: string | null,
) {
  requireVillage(context.caller, villageCode, `Village ${villageCode}`);
  const size = pageSize(first, MAX_ROSTER_PAGE);
  const cursor = cursorBinding(`Village.workers ${villageCode}`, context.caller);
  const rows = await context.loaders.rosterOfVillage.load({
    villageCode,
    first: size,
    after: decodeCursor(after, cursor),
  });
  const page = toPage(rows, size, (w) => w.nik, cursor, after);
  for (const worker of page.nodes) context.loaders.personReads.record(worker.nik);
  // Counted only when asked for, so a roster without totalCount costs no extra statement.
  return Object.defineProperty(page, 'totalCount', {
    enumerable: true,
    get: async () => (await context.loaders.workerCountOfVillage.load(villageCode))?.count ?? 0,
  });
}

/**
 * The registered workers among `niks` (another owner checking a batch, e.g. batch enrollment):
 * malformed and unknown NIKs are left out, and so are workers outside a village-scoped caller's
 * villages, exactly as if they did not exist for that caller.
 */
export async function readWorkers({ loaders, caller }: PopulationContext, niks: string[]): Promise<Worker[]> {
  if (niks.length > MAX_ROSTER_PAGE)
    throw badInput(`Ask for at most ${MAX_ROSTER_PAGE} NIKs at once, not ${niks.length}.`, { argument: 'niks' });
  const found = await loaders.workerByNik.loadMany(niks.filter((nik) => parseNik(nik).ok));
  const visible = found.filter((w): w is Worker => w instanceof Worker && caller.seesVillage(w.villageCode));
  for (const worker of visible) loaders.personReads.record(worker.nik);
  return visible;
}

/**
 * A registration refused because the NIK is taken names the registered person only to a caller
 * who may read that person's record (in clear, in their villages), and then as a read: audited.
 * Anyone else learns that the NIK is registered, which the refusal cannot avoid saying, and no more.
 */
export function duplicateNikRefusal(
  { caller, loaders }: PopulationContext,
  refusal: NikAlreadyRegistered,
): DomainError {
  const { nik, fullName, villageCode } = refusal.registered;
  const mayRead =
    caller.has(Scope.WORKERS_READ) && caller.has(Scope.PERSONAL_DATA_READ) && caller.seesVillage(villageCode);
  if (!mayRead) return conflict(refusal.message, { reason: 'DUPLICATE_NIK' });
  loaders.personReads.record(nik);
  return conflict(
    `NIK ${nik} is already registered to ${fullName} in village ${villageCode}; correct that record instead.`,
    {
      reason: 'DUPLICATE_NIK',
      existing: { nik, fullName, villageCode },
    },
  );
}
