/**
 * The audit trail: every write records who made it, when, what it changed (old and new values)
 * and under which idempotency key, in the same transaction as the change itself, so the trail
 * can never miss a write that happened nor show one that did not.
 */
import { EntityManager } from 'typeorm';

export interface Change {
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

export interface AuditContext {
  actor: string;
  operation: string;
  idempotencyKey?: string | null;
}

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/** Records many changes in one statement (a batch enrollment writes hundreds). */
export async function recordChanges(tx: EntityManager, context: AuditContext, changes: Change[]): Promise<void> {
  if (changes.length === 0) return;
  await tx.query(
    `INSERT INTO audit_log (actor, operation, entity, entity_id, old_value, new_value, idempotency_key)
     SELECT $1, $2, entity, entity_id, old_value::jsonb, new_value::jsonb, $3
     FROM unnest($4::text[], $5::text[], $6::text[], $7::text[]) AS c(entity, entity_id, old_value, new_value)`,
    [
      context.actor,
      context.operation,
      context.idempotencyKey ?? null,
      changes.map((c) => c.entity),
      changes.map((c) => c.entityId),
      changes.map((c) => json(c.before)),
      changes.map((c) => json(c.after)),
    ],
  );
}
