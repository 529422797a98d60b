/**
 * Raw reads that come back in an entity's own shape: the select list names every column the entity
 * maps under its property name, taken from the entity's metadata, so a query module never keeps a
 * second list of columns that can fall behind the entity (as coverage periods once lost `recordedAt`).
 */
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

const lists = new WeakMap<DataSource, Map<string, string>>();

/** `alias.column AS "<prefix>property", …` for every selectable column of `entity`. */
export function entityColumns(db: DataSource, entity: EntityTarget<ObjectLiteral>, alias: string, prefix = ''): string {
  const metadata = db.getMetadata(entity);
  const cacheKey = `${metadata.tableName}|${alias}|${prefix}`;
  const cache = lists.get(db) ?? lists.set(db, new Map()).get(db)!;
  let list = cache.get(cacheKey);
  if (list === undefined) {
    list = metadata.columns
      .filter((column) => column.isSelect)
      .map((column) => `${alias}.${column.databaseName} AS "${prefix}${column.propertyName}"`)
      .join(', ');
    cache.set(cacheKey, list);
  }
  return list;
}

/** The properties of `entity` read under `prefix` from a joined row, or null when its key is null (an outer join found none). */
export function entityFromRow<T extends object>(
  db: DataSource,
  entity: new () => T,
  row: Record<string, unknown>,
  prefix = '',
): T | null {
  const metadata = db.getMetadata(entity);
  if (row[`${prefix}${metadata.primaryColumns[0].propertyName}`] == null) return null;
  const value = new entity() as Record<string, unknown>;
  for (const column of metadata.columns)
    if (column.isSelect) value[column.propertyName] = row[`${prefix}${column.propertyName}`];
  return value as T;
}

/** Rows selected with `entityColumns` (no prefix), as instances of the entity. */
export const asEntities = <T extends object>(entity: new () => T, rows: object[]): T[] =>
  rows.map((row) => Object.assign(new entity(), row));
