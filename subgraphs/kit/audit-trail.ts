/**
 * Lets auditors read a subgraph's audit trail: each subgraph exposes `<name>AuditTrail`, built
 * here once. The entry type is shared by all subgraphs (hence @shareable).
 */
import { Arg, ClassType, Ctx, Directive, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { DataSource } from 'typeorm';
import { RequiresScopes } from '../../contract/access';
import { Scope } from '../../contract/scopes';
import type { Caller } from '../../contract/caller';
import { maskRecordedValue } from '../../contract/personal-data';
import {
  AFTER_ARGUMENT,
  connectionOf,
  CursorBinding,
  cursorBinding,
  decodeCursor,
  FIRST_ARGUMENT,
  pageSize,
  toPage,
} from './pagination';
import { ENTITY_ID_DESCRIPTION, entityId } from '../../contract/entity-id';
import { DateTimeScalar, JSONObjectScalar } from '../../platform/scalars';

@Directive('@shareable')
@ObjectType({ description: 'One recorded change: who made it, when, and the values before and after.' })
export class AuditEntry {
  /** Opaque: every subgraph numbers its own trail, and a client cache must not merge their entries. */
  @Field(() => ID, { description: ENTITY_ID_DESCRIPTION })
  id: string;

  /** The row's place in its subgraph's trail, which cursors follow. */
  sequence: string;

  @Field(() => DateTimeScalar, { description: 'When the change committed.' })
  at: string;

  @Field({ description: 'Who made the change.' })
  actor: string;

  @Field({ description: 'The mutation that made it, e.g. "registerWorker".' })
  operation: string;

  @Field({ description: 'The kind of record changed, e.g. "worker".' })
  entity: string;

  @Field({ description: "The changed record's key, e.g. a NIK or an allocation id." })
  entityId: string;

  // A JSON object, not JSON inside a string: clients read it without parsing twice.
  @Field(() => JSONObjectScalar, {
    nullable: true,
    description:
      'The record before the change, as a JSON object (masked like every other view); null when it was created.',
  })
  oldValue: Record<string, unknown> | null;

  @Field(() => JSONObjectScalar, {
    nullable: true,
    description:
      'The record after the change, as a JSON object (masked like every other view); null when it was removed.',
  })
  newValue: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: 'The idempotency key the client sent with the write, if any.' })
  idempotencyKey: string | null;
}

export const MAX_AUDIT_PAGE = 500;

@Directive('@shareable')
@ObjectType({ description: 'A page of an audit trail.' })
export class AuditEntryConnection extends connectionOf(AuditEntry, { shareable: true }) {}

interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  operation: string;
  entity: string;
  entity_id: string;
  old_value: unknown;
  new_value: unknown;
  idempotency_key: string | null;
}

export async function readAuditTrail(
  db: DataSource,
  subgraph: string,
  filter: { entity?: string | null; entityId?: string | null; first: number; after?: string | null },
  cursor: CursorBinding,
  /** Without `personal-data:read` the trail is masked like every other view. */
  masked = true,
) {
  const shown = (value: unknown) => (masked ? maskRecordedValue(value) : value);
  const size = pageSize(filter.first, MAX_AUDIT_PAGE);
  const after = decodeCursor(filter.after, cursor);
  const rows: AuditRow[] = await db.query(
    `SELECT * FROM audit_log
     WHERE ($1::varchar IS NULL OR entity = $1) AND ($2::varchar IS NULL OR entity_id = $2) AND ($3::bigint IS NULL OR id > $3)
     ORDER BY id LIMIT $4`,
    [filter.entity ?? null, filter.entityId ?? null, after, size + 1],
  );
  const entries = rows.map<AuditEntry>((r) => ({
    id: entityId('AuditEntry', `${subgraph}/${r.id}`),
    sequence: String(r.id),
    at: r.at.toISOString(),
    actor: r.actor,
    operation: r.operation,
    entity: r.entity,
    entityId: shown(r.entity_id) as string,
    oldValue: r.old_value == null ? null : (shown(r.old_value) as Record<string, unknown>),
    newValue: r.new_value == null ? null : (shown(r.new_value) as Record<string, unknown>),
    idempotencyKey: r.idempotency_key,
  }));
  return toPage(entries, size, (e) => e.sequence, cursor, filter.after);
}

/** A resolver class adding `<subgraph>AuditTrail` to one subgraph's schema. */
export function auditTrailResolver(subgraph: string): ClassType {
  @Resolver()
  class AuditTrailResolver {
    @Query(() => AuditEntryConnection, {
      name: `${subgraph}AuditTrail`,
      description: `Recorded changes to ${subgraph} records, oldest first; at most ${MAX_AUDIT_PAGE} a page.`,
    })
    @RequiresScopes(Scope.AUDIT_READ)
    auditTrail(
      @Ctx() { db, caller }: { db: DataSource; caller: Caller },
      @Arg('entity', () => String, {
        nullable: true,
        description: 'Only changes to this kind of record, e.g. "worker".',
      })
      entity?: string,
      @Arg('entityId', () => String, { nullable: true, description: 'Only changes to this record, by its key.' })
      entityId?: string,
      @Arg('first', () => Int, { defaultValue: 50, description: FIRST_ARGUMENT }) first = 50,
      @Arg('after', () => String, { nullable: true, description: AFTER_ARGUMENT }) after?: string,
    ) {
      const cursor = cursorBinding(`${subgraph}AuditTrail ${entity ?? ''} ${entityId ?? ''}`, caller);
      return readAuditTrail(
        db,
        subgraph,
        { entity, entityId, first, after },
        cursor,
        !caller.has(Scope.PERSONAL_DATA_READ),
      );
    }
  }
  return AuditTrailResolver;
}
