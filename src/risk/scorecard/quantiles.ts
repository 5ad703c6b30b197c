/**
 * Quantile cut points, shared by fine classing (binning) and by the score bands of the stability
 * index. A cut is always a value seen in the data and a value belongs below a cut when it is less
 * than it, the same `value < upper` rule as the scorecard; ties never straddle a cut, so a value held
 * by many rows gives fewer, larger groups rather than two groups with the same values.
 */

/** Cuts that split ascending `sorted` values into at most `groups` groups of roughly equal size. */
export function quantileCuts(sorted: Float64Array, groups: number): number[] {
  const cuts: number[] = [];
  const n = sorted.length;
  if (n === 0) return cuts;
  const lowest = sorted[0] as number;
  for (let q = 1; q < groups; q++) {
    const cut = sorted[Math.floor((q * n) / groups)] as number;
    const previous = cuts.length === 0 ? lowest : (cuts[cuts.length - 1] as number);
    if (cut > previous) cuts.push(cut);
  }
  return cuts;
}

/** Index of the group `value` falls in: the first cut it is below, or `cuts.length` for the last group. */
export function groupOf(cuts: readonly number[], value: number): number {
  let low = 0;
  let high = cuts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (value < (cuts[middle] as number)) high = middle;
    else low = middle + 1;
  }
  return low;
}
