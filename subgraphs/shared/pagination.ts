/**
 * Cursor pagination shared by every list a client can page through, shaped as Relay connections
 * (`edges { cursor node }`, `nodes`, `pageInfo`) so Apollo Client's `relayStylePagination()` merges
 * pages as they come. Cursors are opaque and made and read only by `encodeCursor`/`decodeCursor`
 * below; they follow the rows' natural order, so rows inserted meanwhile never shift a page.
 * Lists page forward: `first` (up to the limit each list states) and `after`.
 */
import { ClassType, Directive, Field, ObjectType } from 'type-graphql';
import { badInput } from './errors';

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
export const AFTER_ARGUMENT = "A cursor from an earlier page (its `endCursor`, or an edge's `cursor`): the rows after it. Omit it for the first page.";

export const encodeCursor = (key: string) => Buffer.from(key, 'utf8').toString('base64url');

export function decodeCursor(cursor: string | null | undefined): string | null {
  if (cursor === null || cursor === undefined) return null;
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!key || encodeCursor(key) !== cursor) throw badInput(`"${cursor}" is not a cursor this API issued.`);
  return key;
}

export function pageSize(first: number, max: number): number {
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw badInput(`first must be between 1 and ${max}, got ${first}.`, { argument: 'first' });
  }
  return first;
}

/** A page whose edges are made only when asked for: a cursor per row costs nothing unless selected. */
class LazyPage<T> implements Page<T> {
  constructor(
    readonly nodes: T[],
    readonly pageInfo: PageInfo,
    private readonly keyOf: (row: T) => string,
  ) {}

  get edges(): Edge<T>[] {
    return this.nodes.map((node) => ({ cursor: encodeCursor(this.keyOf(node)), node }));
  }
}

/**
 * Builds a page from `size + 1` fetched rows: the extra row only says that more exist.
 * `after` is the cursor the page was asked after, if any. Add fields such as `totalCount` with
 * `Object.assign` (a spread would lose the edges).
 */
export function toPage<T>(rows: T[], size: number, keyOf: (row: T) => string, after?: string | null): Page<T> {
  const nodes = rows.slice(0, size);
  return new LazyPage(nodes, {
    hasNextPage: rows.length > size,
    hasPreviousPage: after !== null && after !== undefined,
    startCursor: nodes.length ? encodeCursor(keyOf(nodes[0])) : null,
    endCursor: nodes.length ? encodeCursor(keyOf(nodes[nodes.length - 1])) : null,
  }, keyOf);
}

/**
 * Pages a list already read whole for every parent of a request in one statement (a card's
 * payments or claims: one row per month or per event, so a few dozen at most), in the order of
 * `keyOf`, which must be unique within the list.
 */
export function pageOfList<T>(items: T[], keyOf: (row: T) => string, first: number, max: number, after?: string | null): Page<T> {
  const size = pageSize(first, max);
  const afterKey = decodeCursor(after);
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const rest = afterKey === null ? sorted : sorted.filter((item) => keyOf(item) > afterKey);
  return toPage(rest.slice(0, size + 1), size, keyOf, after);
}
