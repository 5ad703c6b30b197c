/**
 * Population stability index: how far the score distribution of an `actual` population has moved
 * from an `expected` one (usually the training population). Bands are cut at the expected scores'
 * deciles (quantiles.ts); PSI = Σ (actual share − expected share) × ln(actual share / expected share),
 * the same divergence as information value, with the same smoothing for empty bands (woe.ts).
 * Conventional reading: below 0.1 stable, below 0.25 a shift worth watching, above a major shift.
 */
import { groupOf, quantileCuts } from './quantiles.ts';
import { divergenceTerms } from './woe.ts';

export type StabilityLevel = 'stable' | 'shift' | 'major shift';

export interface StabilityBand {
  /** Inclusive lower bound; null for the first band. */
  readonly lower: number | null;
  /** Exclusive upper bound; null for the last band. */
  readonly upper: number | null;
  readonly expected: number;
  readonly actual: number;
  readonly expectedShare: number;
  readonly actualShare: number;
  /** This band's term of the index. */
  readonly psi: number;
}

export interface Stability {
  readonly psi: number;
  readonly bands: readonly StabilityBand[];
  readonly stability: StabilityLevel;
}

export const PSI_SHIFT = 0.1;
export const PSI_MAJOR_SHIFT = 0.25;
export const PSI_BANDS = 10;

export function populationStability(expected: Float64Array, actual: Float64Array, bands = PSI_BANDS): Stability {
  const cuts = quantileCuts(Float64Array.from(expected).sort(), bands);
  const expectedCounts = bandCounts(cuts, expected);
  const actualCounts = bandCounts(cuts, actual);
  const terms = divergenceTerms(actualCounts, expectedCounts);
  const psi = terms.reduce((total, t) => total + t, 0);
  return {
    psi,
    bands: terms.map((term, i) => ({
      lower: i === 0 ? null : (cuts[i - 1] as number),
      upper: cuts[i] ?? null,
      expected: expectedCounts[i] as number,
      actual: actualCounts[i] as number,
      expectedShare: (expectedCounts[i] as number) / expected.length,
      actualShare: (actualCounts[i] as number) / actual.length,
      psi: term,
    })),
    stability: psi < PSI_SHIFT ? 'stable' : psi < PSI_MAJOR_SHIFT ? 'shift' : 'major shift',
  };
}

function bandCounts(cuts: readonly number[], scores: Float64Array): number[] {
  const counts = new Array<number>(cuts.length + 1).fill(0);
  for (const score of scores) {
    const band = groupOf(cuts, score);
    counts[band] = (counts[band] as number) + 1;
  }
  return counts;
}
