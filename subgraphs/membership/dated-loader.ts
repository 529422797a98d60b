/**
 * The shape every "as of a day" read of membership shares: a DataLoader over (key, day) pairs that
 * asks its query once per day in the batch, whatever the number of keys, so a roster asked "as of
 * 2021-06-30" is one statement whatever its length.
 */
import DataLoader from 'dataloader';
import { loaderWithArguments } from '../../platform/loaders';

export interface DatedKey {
  key: string;
  asOf: string;
}

const cacheKeyOf = ({ key, asOf }: DatedKey) => `${key}|${asOf}`;

/** `fetchDay` answers the keys of one day; a key it leaves out is answered null. */
export function datedLoader<V>(
  fetchDay: (keys: string[], asOf: string) => Promise<Map<string, V>>,
): DataLoader<DatedKey, V | null, string> {
  return loaderWithArguments<DatedKey, V | null>(async (keys) => {
    const days = new Map<string, Set<string>>();
    for (const { key, asOf } of keys) days.set(asOf, (days.get(asOf) ?? new Set()).add(key));
    const found = new Map<string, V>();
    for (const [asOf, group] of days) {
      for (const [key, value] of await fetchDay([...group], asOf)) found.set(cacheKeyOf({ key, asOf }), value);
    }
    return keys.map((k) => found.get(cacheKeyOf(k)) ?? null);
  }, cacheKeyOf);
}
