/**
 * Weight of evidence and information value of a binned feature, and the divergence behind both.
 * WoE of a bin = ln(share of all goods in it / share of all bads in it): positive means safer than
 * average. IV = Σ (good share − bad share) × WoE. The population stability index is the same
 * divergence between two populations' shares, so it is computed here too (psi.ts).
 * A bin with no goods or no bads would have an infinite WoE: every cell gets `smoothing` added
 * (0.5 by default, the Haldane–Anscombe correction) before shares are taken, so shares still sum to one.
 */

export interface BinCounts {
  readonly good: number;
  readonly bad: number;
}

export const WOE_SMOOTHING = 0.5;

/** Shares of `counts` after adding `smoothing` to every cell. */
function smoothedShares(counts: readonly number[], smoothing: number): number[] {
  const total = counts.reduce((sum, c) => sum + c, 0) + smoothing * counts.length;
  return counts.map((c) => (c + smoothing) / total);
}

/** Per-group terms of the symmetric divergence Σ (a − b) ln(a / b) between two count distributions. */
export function divergenceTerms(countsA: readonly number[], countsB: readonly number[], smoothing = WOE_SMOOTHING): number[] {
  const a = smoothedShares(countsA, smoothing);
  const b = smoothedShares(countsB, smoothing);
  return a.map((share, i) => {
    const other = b[i] as number;
    return (share - other) * Math.log(share / other);
  });
}

/** WoE of each bin, ln(good share / bad share), with smoothed shares. */
export function weightsOfEvidence(bins: readonly BinCounts[], smoothing = WOE_SMOOTHING): number[] {
  const good = smoothedShares(bins.map((b) => b.good), smoothing);
  const bad = smoothedShares(bins.map((b) => b.bad), smoothing);
  return good.map((share, i) => Math.log(share / (bad[i] as number)));
}

/** IV of a binned feature: Σ (good share − bad share) × WoE. */
export function informationValue(bins: readonly BinCounts[], smoothing = WOE_SMOOTHING): number {
  return divergenceTerms(bins.map((b) => b.good), bins.map((b) => b.bad), smoothing).reduce((total, t) => total + t, 0);
}
