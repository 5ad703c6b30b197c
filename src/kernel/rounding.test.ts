import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { divideRounded, type RoundingMode } from './rounding.ts';

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
