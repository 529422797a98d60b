/**
 * The population office's register of workers: registration, corrections and moves. Birth date
 * and sex always come from the NIK, so the record can never disagree with the identity number.
 */
import { DataSource, EntityManager } from 'typeorm';
import { badInput, DomainError, ErrorCode, notFound } from '../../../platform/errors';
import { parseNik } from '../../../domain/nik';
import { performWrite } from '../../../platform/write';
import { Worker } from './worker';

export interface Writer {
  actor: string;
  idempotencyKey?: string | null;
}

export interface Registration {
  nik: string;
  fullName: string;
  occupation: string;
  villageCode: string;
}

export interface Correction {
  fullName?: string | null;
  occupation?: string | null;
}

/**
 * The NIK is taken. The refusal itself names nobody: whether the caller may learn whose record it
 * is depends on what they may read (worker-reads.ts, `duplicateNikRefusal`).
 */
export class NikAlreadyRegistered extends DomainError {
  constructor(readonly registered: Worker) {
    super(ErrorCode.CONFLICT, `NIK ${registered.nik} is already registered; correct that record instead.`, {
      reason: 'DUPLICATE_NIK',
    });
  }
}

const snapshot = (w: Worker) => ({
  nik: w.nik,
  fullName: w.fullName,
  birthDate: w.birthDate,
  sex: w.sex,
  occupation: w.occupation,
  villageCode: w.villageCode,
});

function requireText(value: string | null | undefined, argument: string): string {
  const text = value?.trim();
  if (!text) throw badInput(`${argument} must not be empty.`, { argument });
  if (text.length > 200) throw badInput(`${argument} is longer than 200 characters.`, { argument });
  // A NUL or other control character is no part of a name; PostgreSQL refuses NUL outright.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (/[\u0000-\u001f\u007f]/.test(text))
    throw badInput(`${argument} holds a control character; send printable text.`, {
      argument,
      reason: 'CONTROL_CHARACTER',
    });
  return text;
}

/** A NIK with a real date whose district of registration exists in Kemendagri's table. */
export async function requireValidNik(db: DataSource | EntityManager, nik: string) {
  const check = parseNik(nik);
  if (!check.ok)
    throw badInput(`"${nik}" is not a valid NIK: ${check.reason}.`, { argument: 'nik', reason: 'INVALID_NIK' });
  const [district] = await db.query('SELECT code FROM district WHERE code = $1', [check.value.districtCode]);
  if (!district) {
    throw badInput(
      `"${nik}" is not a valid NIK: it was issued in district ${check.value.districtCode}, which does not exist.`,
      {
        argument: 'nik',
        reason: 'INVALID_NIK',
      },
    );
  }
  return check.value;
}

async function requireVillage(tx: EntityManager, code: string): Promise<void> {
  const [village] = await tx.query('SELECT code FROM village WHERE code = $1', [code]);
  if (!village)
    throw notFound(`No village has the code "${code}".`, { argument: 'villageCode', reason: 'UNKNOWN_VILLAGE' });
}

async function lockWorker(tx: EntityManager, nik: string): Promise<Worker> {
  const worker = await tx.getRepository(Worker).findOne({ where: { nik }, lock: { mode: 'pessimistic_write' } });
  if (!worker) throw notFound(`No worker is registered with NIK ${nik}.`, { nik });
  return worker;
}

export function registerWorker(db: DataSource, writer: Writer, input: Registration): Promise<Worker> {
  return performWrite(db, { operation: 'registerWorker', ...writer, input }, async ({ tx, record }) => {
    const nik = await requireValidNik(tx, input.nik);
    const fullName = requireText(input.fullName, 'fullName');
    const occupation = requireText(input.occupation, 'occupation');
    await requireVillage(tx, input.villageCode);
    const existing = await tx.getRepository(Worker).findOneBy({ nik: nik.nik });
    if (existing) throw new NikAlreadyRegistered(existing);
    const worker = tx.getRepository(Worker).create({
      nik: nik.nik,
      fullName,
      occupation,
      villageCode: input.villageCode,
      birthDate: nik.birthDate,
      sex: nik.sex as Worker['sex'],
    });
    await tx.getRepository(Worker).insert(worker);
    await record({ entity: 'worker', entityId: worker.nik, before: null, after: snapshot(worker) });
    return worker;
  });
}

export function correctWorker(db: DataSource, writer: Writer, nik: string, correction: Correction): Promise<Worker> {
  return performWrite(
    db,
    { operation: 'correctWorker', ...writer, input: { nik, ...correction } },
    async ({ tx, record }) => {
      if (correction.fullName == null && correction.occupation == null) {
        throw badInput('Say what to correct: fullName, occupation or both.', { argument: 'correction' });
      }
      const worker = await lockWorker(tx, nik);
      const before = snapshot(worker);
      if (correction.fullName != null) worker.fullName = requireText(correction.fullName, 'fullName');
      if (correction.occupation != null) worker.occupation = requireText(correction.occupation, 'occupation');
      await tx.query('UPDATE worker SET full_name = $2, occupation = $3, updated_at = now() WHERE nik = $1', [
        nik,
        worker.fullName,
        worker.occupation,
      ]);
      await record({ entity: 'worker', entityId: nik, before, after: snapshot(worker) });
      return worker;
    },
  );
}

export function moveWorker(db: DataSource, writer: Writer, nik: string, villageCode: string): Promise<Worker> {
  return performWrite(
    db,
    { operation: 'moveWorker', ...writer, input: { nik, villageCode } },
    async ({ tx, record }) => {
      const worker = await lockWorker(tx, nik);
      await requireVillage(tx, villageCode);
      if (worker.villageCode === villageCode) return worker;
      const before = snapshot(worker);
      worker.villageCode = villageCode;
      await tx.query('UPDATE worker SET village_code = $2, updated_at = now() WHERE nik = $1', [nik, villageCode]);
      await record({ entity: 'worker', entityId: nik, before, after: snapshot(worker) });
      return worker;
    },
  );
}
