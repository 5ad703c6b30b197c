import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { apportion, divideRounded, type RoundingMode } from './rounding.ts';

describe('divideRounded', () => {
  const cases: [bigint, bigint, RoundingMode, bigint][] = [
    [5n, 2n, 'halfEven', 2n],
    [7n, 2n, 'halfEven', 4n],
    [-5n, 2n, 'halfEven', -2n],
    [5n, 2n, 'halfUp', 3n],
    [-5n, 2n, 'halfUp', -3n],
    [5n, 2n, 'halfDown', 2n],
    [7n, 3n, 'down', 2n],
    [7n, 3n, 'up', 3n],
    [-7n, 3n, 'floor', -3n],
    [-7n, 3n, 'ceiling', -2n],
    [7n, -3n, 'floor', -3n],
    [6n, 3n, 'up', 2n],
  ];
  it.each(cases)('%s / %s %s = %s', (n, d, mode, q) => {
    expect(divideRounded(n, d, mode)).toBe(q);
  });

  it('stays within one unit of the exact quotient', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.constantFrom<RoundingMode>('halfEven', 'halfUp', 'halfDown', 'down', 'up', 'floor', 'ceiling'), (n, d, mode) => {
        const q = divideRounded(n, d, mode);
        const diff = q * d - n;
        expect(diff < 0n ? -diff : diff).toBeLessThan(d);
      }),
    );
  });
});

describe('apportion', () => {
  it('gives the units left to the largest remainders, the later part first on a tie', () => {
    // 3.33 × 1/2 six times: 1.665 each, 9.99 in all: three parts round up, the last three.
    expect(apportion(Array(6).fill(333n), 1n, 2n)).toEqual([166n, 166n, 166n, 167n, 167n, 167n]);
    expect(apportion([100n, 5n, 0n], 1n, 3n)).toEqual([33n, 2n, 0n]);
    expect(apportion([], 1n, 3n)).toEqual([]);
  });

  it('adds up to the share of the sum, each part within a unit of its exact share and never above its value', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { maxLength: 30 }), fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.bigInt({ min: 0n, max: 1000n }), (values, den, per) => {
        const num = (den * per) / 1000n;
        const parts = apportion(values, num, den);
        expect(parts.reduce((sum, p) => sum + p, 0n)).toBe(divideRounded(values.reduce((sum, v) => sum + v, 0n) * num, den, 'halfEven'));
        parts.forEach((p, i) => {
          const exact = values[i]! * num;
          expect(p * den <= exact + den && p * den >= exact - den).toBe(true);
          expect(p <= values[i]! && p >= 0n).toBe(true);
        });
      }),
    );
  });
});

