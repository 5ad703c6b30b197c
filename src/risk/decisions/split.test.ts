import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUCKETS, bucketOf } from './split.ts';

describe('bucketOf', () => {
  it('is stable and within 0–99', () => {
    fc.assert(fc.property(fc.string(), (key) => {
      const bucket = bucketOf(key);
      expect(bucket).toBe(bucketOf(key));
      expect(Number.isInteger(bucket) && bucket >= 0 && bucket < BUCKETS).toBe(true);
    }));
  });

  it('spreads sequential customer ids evenly enough for a 10% challenger', () => {
    const n = 100_000;
    let challenger = 0;
    for (let i = 0; i < n; i++) if (bucketOf(`cus_${i}`) < 10) challenger++;
    expect(challenger / n).toBeGreaterThan(0.09);
    expect(challenger / n).toBeLessThan(0.11);
  });
});
