import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../kernel/random.ts';
import { populationStability } from './psi.ts';

describe('population stability index', () => {
  it('is 0 for identical distributions, in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 300, max: 900 }), { minLength: 1, maxLength: 200 }), (scores) => {
        const expected = Float64Array.from(scores);
        const actual = Float64Array.from([...scores].reverse());
        const result = populationStability(expected, actual);
        expect(result.psi).toBe(0);
        expect(result.stability).toBe('stable');
      }),
    );
  });

  it('bands the expected scores into deciles and flags a moved population', () => {
    const random = seededRandom(7);
    const expected = Float64Array.from({ length: 5_000 }, () => 500 + 100 * random.next());
    const shifted = Float64Array.from({ length: 5_000 }, () => 540 + 100 * random.next());
    const result = populationStability(expected, shifted);
    expect(result.bands).toHaveLength(10);
    for (const band of result.bands) expect(band.expectedShare).toBeCloseTo(0.1, 2);
    expect(result.bands[0]?.lower).toBeNull();
    expect(result.bands[9]?.upper).toBeNull();
    expect(result.psi).toBeGreaterThan(0.25);
    expect(result.stability).toBe('major shift');
    expect(result.psi).toBeCloseTo(result.bands.reduce((sum, b) => sum + b.psi, 0), 12);
  });

  // Expected: 0…999, one tenth in each decile band. Actual: the same, but a share d of the rows moved
  // from the top band to the bottom one, so PSI = d × ln((0.1 + d) / (0.1 − d)) (before smoothing).
  it.each([
    { moved: 0.05, psi: 0.05 * Math.log(0.15 / 0.05), stability: 'stable' },
    { moved: 0.07, psi: 0.07 * Math.log(0.17 / 0.03), stability: 'shift' },
    { moved: 0.09, psi: 0.09 * Math.log(0.19 / 0.01), stability: 'major shift' },
  ])('reads 0.1 and 0.25 as the thresholds: $moved of the rows moved → $stability', ({ moved, psi, stability }) => {
    const expected = Float64Array.from({ length: 1_000 }, (_, i) => i);
    const shift = moved * 1_000;
    const actual = Float64Array.from({ length: 1_000 }, (_, i) => (i >= 1_000 - shift ? i - 900 : i));
    const result = populationStability(expected, actual);
    expect(result.bands[0]?.actual).toBe(100 + shift);
    expect(result.bands[9]?.actual).toBe(100 - shift);
    expect(result.psi).toBeCloseTo(psi, 1);
    expect(result.stability).toBe(stability);
  });
});
