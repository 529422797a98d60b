/**
 * DataLoader builders: one SQL statement per batch, whatever the number of keys, with
 * duplicate keys collapsed before they reach SQL.
 */
import DataLoader from 'dataloader';

/** One row (or null) per key. */
export function loaderByKey<K, V>(fetch: (keys: K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => {
    const rows = await fetch([...new Set(keys)]);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** Every row belonging to a key (a one-to-many relation), in the order fetched. */
export function loaderOfGroups<K, V>(fetch: (keys: K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => {
    const rows = await fetch([...new Set(keys)]);
    const groups = new Map<K, V[]>();
    for (const row of rows) {
      const key = keyOf(row);
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/**
 * For keys that carry arguments (e.g. a coverage date or a page): batches whose keys share the
 * same arguments are fetched together, so a list asked with one argument is one statement.
 */
export function loaderWithArguments<K extends object, V>(
  fetch: (keys: K[]) => Promise<V[]>,
  cacheKey: (key: K) => string,
): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>((keys) => fetch([...keys]), { cacheKeyFn: cacheKey });
}
