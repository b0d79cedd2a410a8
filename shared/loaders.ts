/**
 * DataLoader builders: one batch query per table per request (STYLE.md habit 4).
 */
import DataLoader from 'dataloader';
import { observeBatch } from './metrics';

/** One row (or null) per key. */
export function loaderByKey<K, V>(
  fetch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => {
    observeBatch(keys.length);
    const rows = new Map((await fetch(keys)).map((r) => [keyOf(r), r]));
    return keys.map((k) => rows.get(k) ?? null);
  });
}

/** All rows per key (one-to-many), in the order the query returned them. */
export function loaderGrouped<K, V>(
  fetch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => {
    observeBatch(keys.length);
    const groups = new Map<K, V[]>();
    for (const row of await fetch(keys)) {
      const k = keyOf(row);
      const list = groups.get(k);
      if (list) list.push(row);
      else groups.set(k, [row]);
    }
    return keys.map((k) => groups.get(k) ?? []);
  });
}

/** `loadMany` that fails as a whole when one key failed (DataLoader puts the Error in its place). */
export async function loadAll<K, V>(loader: DataLoader<K, V>, keys: readonly K[]): Promise<V[]> {
  const found = await loader.loadMany(keys);
  const failed = found.find((v): v is Error => v instanceof Error);
  if (failed) throw failed;
  return found as V[];
}
