/**
 * A bounded in-process cache of records that never change once committed — append-only rows such as
 * offers and credit lines — by tenant and id. It needs no invalidation, even with several processes
 * on one database, because such a record, once stored, is the same forever: a hit is what a read
 * would find, and a miss reads the database. Only committed records may go in (a caller adds what it
 * wrote after its transaction commits, or what it read). At most `capacity` records are held
 * (default `limits.recordCacheEntriesMax`); the least recently used go first.
 */
import { assert } from './assert.ts';
import { limits } from './limits.ts';

export interface RecordCache<T> {
  get(tenantId: string, id: string): T | undefined;
  add(tenantId: string, id: string, record: T): void;
  /** A look-up by ids that answers hits from the cache and asks `read` for the rest, keeping what it finds. */
  readThrough(read: (tenantId: string, ids: readonly string[]) => Promise<readonly (T | null)[]>): (tenantId: string, ids: readonly string[]) => Promise<(T | null)[]>;
}

export function createRecordCache<T>(capacity: number = limits.recordCacheEntriesMax): RecordCache<T> {
  assert(Number.isInteger(capacity) && capacity > 0, 'a record cache holds at least one record');
  // A Map iterates in insertion order: re-inserting on every hit keeps the least recently used first.
  const entries = new Map<string, T>();
  const keyOf = (tenantId: string, id: string): string => `${tenantId}\u0000${id}`;

  const get = (tenantId: string, id: string): T | undefined => {
    const key = keyOf(tenantId, id);
    const record = entries.get(key);
    if (record !== undefined) {
      entries.delete(key);
      entries.set(key, record);
    }
    return record;
  };

  const add = (tenantId: string, id: string, record: T): void => {
    const key = keyOf(tenantId, id);
    entries.delete(key);
    entries.set(key, record);
    if (entries.size > capacity) entries.delete(entries.keys().next().value as string);
  };

  return {
    get,
    add,
    readThrough: (read) => async (tenantId, ids) => {
      const found = ids.map((id) => get(tenantId, id) ?? null);
      const missing = [...new Set(ids.filter((_, i) => found[i] === null))];
      if (missing.length === 0) return found;
      const fromStore = await read(tenantId, missing);
      const byId = new Map<string, T>();
      missing.forEach((id, i) => {
        const record = fromStore[i];
        if (record !== null && record !== undefined) {
          byId.set(id, record);
          add(tenantId, id, record);
        }
      });
      return ids.map((id, i) => found[i] ?? byId.get(id) ?? null);
    },
  };
}
