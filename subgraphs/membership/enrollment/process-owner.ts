/**
 * This process's id as the owner of the enrollments it opens. Kept apart from the heartbeat
 * (intent-owners.ts), which releases orphaned intents through enrollment-intents.ts, so that
 * opening an intent and releasing one do not import each other.
 */
import { DataSource } from 'typeorm';

const owners = new WeakMap<DataSource, string>();

/** This process's id for intents opened through `db`, or null before it serves. */
export function ownerOf(db: DataSource): string | null {
  return owners.get(db) ?? null;
}

export function becomeOwner(db: DataSource, id: string): void {
  owners.set(db, id);
}

export function stopOwning(db: DataSource): void {
  owners.delete(db);
}
