/**
 * Cursor pagination shared by every list a client can page through. Cursors are opaque
 * (base64 of the last row's natural key), so rows inserted meanwhile never shift a page.
 */
import { ClassType, Directive, Field, ObjectType } from 'type-graphql';
import { badInput } from './errors';

@Directive('@shareable')
@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true, description: 'Pass as `after` to fetch the next page.' })
  endCursor: string | null;

  @Field()
  hasNextPage: boolean;
}

export interface Page<T> {
  nodes: T[];
  pageInfo: PageInfo;
}

/** The base of a page type; subclass it with `@ObjectType()` to name the page. */
export function connectionOf<T extends object>(itemType: ClassType<T>) {
  @ObjectType()
  class Connection implements Page<T> {
    @Field(() => [itemType])
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;
  }
  return Connection;
}

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

/** Builds a page from `size + 1` fetched rows: the extra row only says that more exist. */
export function toPage<T>(rows: T[], size: number, keyOf: (row: T) => string): Page<T> {
  const nodes = rows.slice(0, size);
  return {
    nodes,
    pageInfo: { hasNextPage: rows.length > size, endCursor: nodes.length ? encodeCursor(keyOf(nodes[nodes.length - 1])) : null },
  };
}
