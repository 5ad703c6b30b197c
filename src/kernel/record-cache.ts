/**
 * A bounded in-process cache of records that never change once committed — append-only rows such as
 * offers and credit lines, and the immutable part of ledger accounts — by tenant and id. It needs no
 * invalidation, even with several processes on one database, because such a record, once stored, is
 * the same forever: a hit is what a read would find, and a miss reads the database. Only committed records may go in (a caller adds what it
 * wrote after its transaction commits, or what it read).
 *
 * At most `capacity` records are held (default `limits.recordCacheEntriesMax`), in two generations of
 * half that each, keyed by tenant then id (a look-up builds no key). Records go into the young
 * generation, and a hit in the old one moves its record there; when the young generation is full it
 * becomes the old one and the old one is dropped. So a record goes only after half the capacity of
 * other records went in since it was last added or used, the least recently used a generation at a
 * time, and a hit in the young generation (the hot path: the ledger looks up two accounts a transfer)
 * reads two maps and writes nothing.
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
  assert(Number.isInteger(capacity) && capacity > 1, 'a record cache holds at least two records');
  const generationMax = Math.floor(capacity / 2);
  type Generation = Map<string, Map<string, T>>;
  let young: Generation = new Map();
  let youngSize = 0;
  let old: Generation = new Map();

  const keep = (tenantId: string, id: string, record: T): void => {
    if (youngSize >= generationMax) {
      old = young;
      young = new Map();
      youngSize = 0;
    }
    let records = young.get(tenantId);
    if (!records) young.set(tenantId, (records = new Map()));
    records.set(id, record);
    youngSize++;
  };

  const get = (tenantId: string, id: string): T | undefined => {
    const hit = young.get(tenantId)?.get(id);
    if (hit !== undefined) return hit;
    const aging = old.get(tenantId)?.get(id);
    if (aging !== undefined) keep(tenantId, id, aging);
    return aging;
  };

  const add = (tenantId: string, id: string, record: T): void => {
    if (!young.get(tenantId)?.has(id)) keep(tenantId, id, record);
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
