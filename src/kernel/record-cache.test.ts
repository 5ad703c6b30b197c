import { describe, expect, it } from 'vitest';
import { limits } from './limits.ts';
import { createRecordCache } from './record-cache.ts';

describe('record cache', () => {
  it('answers hits from memory and reads only the misses, once each, keeping what it found', async () => {
    const cache = createRecordCache<string>();
    cache.add('t1', 'a', 'A');
    const asked: string[][] = [];
    const lookUp = cache.readThrough(async (_tenantId, ids) => {
      asked.push([...ids]);
      return ids.map((id) => (id === 'none' ? null : id.toUpperCase()));
    });
    expect(await lookUp('t1', ['a', 'b', 'none', 'b'])).toEqual(['A', 'B', null, 'B']);
    expect(asked).toEqual([['b', 'none']]);
    expect(await lookUp('t1', ['b'])).toEqual(['B']);
    expect(asked).toHaveLength(1);
  });

  it('keeps tenants apart', () => {
    const cache = createRecordCache<string>();
    cache.add('t1', 'a', 'one');
    expect(cache.get('t2', 'a')).toBeUndefined();
  });

  it('holds at most limits.recordCacheEntriesMax records, dropping the least recently used', () => {
    const cache = createRecordCache<number>();
    for (let n = 0; n < limits.recordCacheEntriesMax; n++) cache.add('t', String(n), n);
    expect(cache.get('t', '0')).toBe(0); // used: now the most recent
    cache.add('t', 'new', -1);
    expect(cache.get('t', '0')).toBe(0);
    expect(cache.get('t', '1')).toBeUndefined();
    expect(cache.get('t', 'new')).toBe(-1);
  });
});
