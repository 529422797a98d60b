/**
 * Cursor pagination shared by every list a client can page through, keyed by the last row's
 * natural key, so rows inserted meanwhile never shift a page. That key may be a NIK, so a cursor
 * is sealed: AES-256-GCM under a key derived from the configured cursor secret, with the list and
 * the caller as associated data. It reveals nothing, cannot be forged or edited into a search,
 * and opens only the list it was issued for, for the caller it was issued to.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ClassType, Directive, Field, ObjectType } from 'type-graphql';
import type { Caller } from './caller';
import { loadConfig } from './config';
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

/** Which list a cursor belongs to (with its arguments, e.g. the village of a roster) and who may use it. */
export interface CursorBinding {
  list: string;
  caller: string;
}

export const cursorBinding = (list: string, caller: Caller): CursorBinding => ({ list, caller: caller.claims.subject });

/** Derived once per process: settings do not change while it runs. */
let sealingKey: Buffer | undefined;
function cursorKey(): Buffer {
  sealingKey ??= Buffer.from(hkdfSync('sha256', loadConfig().cursorSecret, 'ambon-coverage', 'page-cursor aes-256-gcm', 32));
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
  const refused = () => badInput('The cursor was not issued for this list and caller, or was altered: page again from the start.', { argument: 'after' });
  const raw = Buffer.from(cursor, 'base64url');
  if (raw.length <= IV_BYTES + TAG_BYTES || raw.toString('base64url') !== cursor) throw refused();
  try {
    const decipher = createDecipheriv('aes-256-gcm', cursorKey(), raw.subarray(0, IV_BYTES));
    decipher.setAAD(associatedData(binding));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    const key = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
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

/** Builds a page from `size + 1` fetched rows: the extra row only says that more exist. */
export function toPage<T>(rows: T[], size: number, keyOf: (row: T) => string, binding: CursorBinding): Page<T> {
  const nodes = rows.slice(0, size);
  return {
    nodes,
    pageInfo: { hasNextPage: rows.length > size, endCursor: nodes.length ? encodeCursor(keyOf(nodes[nodes.length - 1]), binding) : null },
  };
}
