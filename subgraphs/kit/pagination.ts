/**
 * Cursor pagination shared by every list a client can page through, shaped as Relay connections
 * (`edges { cursor node }`, `nodes`, `pageInfo`) so Apollo Client's `relayStylePagination()` merges
 * pages as they come. Lists page forward: `first` (up to the limit each list states) and `after`.
 * Cursors are keyed by a row's natural key, so rows inserted meanwhile never shift a page. That key
 * may be a NIK, so a cursor is sealed: AES-256-GCM under a key derived from the configured cursor
 * secret, with the list and the caller as associated data. It reveals nothing, cannot be forged or
 * edited into a search, and opens only the list it was issued for, for the caller it was issued to.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ClassType, Directive, Field, ObjectType } from 'type-graphql';
import type { Caller } from '../../contract/caller';
import { badInput } from '../../platform/errors';

@Directive('@shareable')
@ObjectType({ description: 'Where a page sits in its list (Relay cursor connections).' })
export class PageInfo {
  @Field(() => String, { nullable: true, description: 'Pass as `after` to fetch the next page.' })
  endCursor: string | null;

  @Field({ description: 'Whether rows follow this page.' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: "The first row's cursor; null on an empty page." })
  startCursor: string | null;

  @Field({ description: 'Whether rows precede this page: true when it was asked for `after` a cursor.' })
  hasPreviousPage: boolean;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Page<T> {
  nodes: T[];
  readonly edges: Edge<T>[];
  pageInfo: PageInfo;
}

/**
 * The base of a page type; subclass it with `@ObjectType()` to name the page (`WorkerConnection`).
 * Its edge type is named after the item (`WorkerEdge`); `shareable` when several subgraphs
 * declare the same connection.
 */
export function connectionOf<T extends object>(itemType: ClassType<T>, options: { shareable?: boolean } = {}) {
  const typeName = itemType.name;
  @ObjectType(`${typeName}Edge`, { description: `One ${typeName} in a page, with the cursor that points at it.` })
  class ItemEdge implements Edge<T> {
    @Field({ description: `Pass as \`after\` to fetch the rows after this ${typeName}.` })
    cursor: string;

    @Field(() => itemType, { description: `The ${typeName}.` })
    node: T;
  }
  if (options.shareable) Directive('@shareable')(ItemEdge);

  @ObjectType()
  class Connection implements Page<T> {
    @Field(() => [ItemEdge], { description: 'The rows of this page, each with its cursor.' })
    edges: Edge<T>[];

    @Field(() => [itemType], { description: 'The rows of this page (the `node` of each edge).' })
    nodes: T[];

    @Field(() => PageInfo, { description: 'Cursors and whether more rows exist.' })
    pageInfo: PageInfo;
  }
  return Connection;
}

/** The arguments every connection takes, described once. */
export const FIRST_ARGUMENT = 'How many rows to return: 1 up to the page-size limit the field states.';
export const AFTER_ARGUMENT =
  "A cursor from an earlier page (its `endCursor`, or an edge's `cursor`): the rows after it. Omit it for the first page.";

/** Which list a cursor belongs to (with its arguments, e.g. the village of a roster) and who may use it. */
export interface CursorBinding {
  list: string;
  caller: string;
}

export const cursorBinding = (list: string, caller: Caller): CursorBinding => ({ list, caller: caller.claims.subject });

/**
 * Derived when a subgraph starts, from its settings' cursor secret (startSubgraph): a cursor is
 * sealed and opened inside resolvers, far from the settings, and the key is the same for the whole process.
 */
let sealingKey: Buffer | undefined;
export function sealCursorsWith(cursorSecret: string): void {
  sealingKey = Buffer.from(hkdfSync('sha256', cursorSecret, 'ambon-coverage', 'page-cursor aes-256-gcm', 32));
}
function cursorKey(): Buffer {
  if (!sealingKey)
    throw new Error(
      "Page cursors are sealed with a started subgraph's cursor secret: start the subgraph first (startSubgraph)",
    );
  return sealingKey;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const associatedData = (binding: CursorBinding) => Buffer.from(`${binding.list}\u0000${binding.caller}`, 'utf8');

export function encodeCursor(key: string, binding: CursorBinding): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', cursorKey(), iv);
  cipher.setAAD(associatedData(binding));
  const sealed = Buffer.concat([cipher.update(key, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
}

/** The row key inside a cursor; BAD_USER_INPUT for anything this list did not issue to this caller. */
export function decodeCursor(cursor: string | null | undefined, binding: CursorBinding): string | null {
  if (cursor === null || cursor === undefined) return null;
  const refused = () =>
    badInput('The cursor was not issued for this list and caller, or was altered: page again from the start.', {
      argument: 'after',
    });
  const raw = Buffer.from(cursor, 'base64url');
  if (raw.length <= IV_BYTES + TAG_BYTES || raw.toString('base64url') !== cursor) throw refused();
  try {
    const decipher = createDecipheriv('aes-256-gcm', cursorKey(), raw.subarray(0, IV_BYTES));
    decipher.setAAD(associatedData(binding));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    const key = Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
    if (!key) throw refused();
    return key;
  } catch {
    throw refused();
  }
}

export function pageSize(first: number, max: number): number {
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw badInput(`first must be between 1 and ${max}, got ${first}.`, { argument: 'first' });
  }
  return first;
}

/** A page whose edges are made only when asked for: sealing a cursor per row costs nothing unless selected. */
class LazyPage<T> implements Page<T> {
  constructor(
    readonly nodes: T[],
    readonly pageInfo: PageInfo,
    private readonly keyOf: (row: T) => string,
    private readonly binding: CursorBinding,
  ) {}

  get edges(): Edge<T>[] {
    return this.nodes.map((node) => ({ cursor: encodeCursor(this.keyOf(node), this.binding), node }));
  }
}

/**
 * Builds a page from `size + 1` fetched rows: the extra row only says that more exist.
 * `after` is the cursor the page was asked after, if any. Add fields such as `totalCount` with
 * `Object.assign` (a spread would lose the edges).
 */
export function toPage<T>(
  rows: T[],
  size: number,
  keyOf: (row: T) => string,
  binding: CursorBinding,
  after?: string | null,
): Page<T> {
  const nodes = rows.slice(0, size);
  return new LazyPage(
    nodes,
    {
      hasNextPage: rows.length > size,
      hasPreviousPage: after !== null && after !== undefined,
      startCursor: nodes.length ? encodeCursor(keyOf(nodes[0]), binding) : null,
      endCursor: nodes.length ? encodeCursor(keyOf(nodes[nodes.length - 1]), binding) : null,
    },
    keyOf,
    binding,
  );
}

/**
 * Pages a list already read whole for every parent of a request in one statement (a card's
 * payments or claims: one row per month or per event, so a few dozen at most), in the order of
 * `keyOf`, which must be unique within the list.
 */
export function pageOfList<T>(
  items: T[],
  keyOf: (row: T) => string,
  first: number,
  max: number,
  binding: CursorBinding,
  after?: string | null,
): Page<T> {
  const size = pageSize(first, max);
  const afterKey = decodeCursor(after, binding);
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const rest = afterKey === null ? sorted : sorted.filter((item) => keyOf(item) > afterKey);
  return toPage(rest.slice(0, size + 1), size, keyOf, binding, after);
}
