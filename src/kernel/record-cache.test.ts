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

  it('holds at most its capacity, dropping what was least recently added or used a generation (half the capacity) at a time', () => {
    const cache = createRecordCache<number>(4);
    cache.add('t', 'a', 1);
    cache.add('t', 'b', 2); // the young generation (2 records) is full
    cache.add('t', 'c', 3); // a and b are now the old generation
    expect(cache.get('t', 'a')).toBe(1); // used: back in the young generation, beside c
    cache.add('t', 'd', 4); // young full again: c and a age, b is dropped
    expect(cache.get('t', 'b')).toBeUndefined();
    expect([cache.get('t', 'a'), cache.get('t', 'c'), cache.get('t', 'd')]).toEqual([1, 3, 4]);
  });

  it('holds limits.recordCacheEntriesMax records by default', () => {
    const cache = createRecordCache<number>();
    for (let n = 0; n < limits.recordCacheEntriesMax; n++) cache.add('t', String(n), n);
    expect(cache.get('t', '0')).toBe(0);
    for (let n = 0; n < limits.recordCacheEntriesMax; n++) cache.add('t', `new ${n}`, n);
    expect(cache.get('t', '1')).toBeUndefined();
  });
});
