/**
 * Coarse classing of one feature against the good/bad label.
 * Numeric: fine classes at quantiles, then adjacent classes are merged, one pair at a time, until
 * (1) WoE is strictly monotonic in the value when a trend is imposed, (2) every bin holds at least
 * `minBinRows` rows, and (3) there are at most `maxBins` bins, merging the pair that loses the least IV.
 * The trend is chosen from the data: ascending or descending, whichever fits the labels better, and
 * no trend at all when unconstrained bins fit significantly better (likelihood-ratio test at 1%): the
 * constraint is applied where it holds. Fine classes are the distinct values when there are fewer
 * than `fineClasses` of them (codes, statuses), else quantiles. Missing values form their own bin outside the ordering.
 * Categorical: one bin per category; categories rarer than `minBinRows` are pooled, and the pool
 * joins the bin with the closest odds if it is itself too small; unseen categories later score as
 * the pool. Merging never reorders values, so numeric bins stay contiguous ranges.
 */
import { err, ok, type Result } from '../../kernel/result.ts';
import { groupOf, quantileCuts } from './quantiles.ts';
import { logLikelihood, significantGain, Z_ONE_PERCENT } from './likelihood-ratio.ts';
import { informationValue, WOE_SMOOTHING, type BinCounts } from './woe.ts';

export interface BinningOptions {
  /** Fine classes before merging. */
  readonly fineClasses: number;
  readonly maxBins: number;
  /** Smallest bin, as a share of the rows with a value. */
  readonly minBinShare: number;
  /** Most distinct text values a categorical column may have (more looks like an identifier). */
  readonly categoriesMax: number;
}

export type Trend = 'ascending' | 'descending' | 'none';

export interface NumericBinning {
  readonly kind: 'numeric';
  /** Exclusive upper bounds; the last bin is open-ended, so there is one fewer bound than bins. */
  readonly uppers: readonly number[];
  readonly counts: readonly BinCounts[];
  /** Rows with no value; zero counts when none was missing. */
  readonly missing: BinCounts;
  /** How WoE moves as the value grows. */
  readonly trend: Trend;
}

export interface CategoricalBinning {
  readonly kind: 'categorical';
  readonly groups: readonly (readonly string[])[];
  readonly counts: readonly BinCounts[];
  /** The group rare categories were pooled into; unseen categories score as it. Null when none was rare. */
  readonly rareGroup: number | null;
}

export type Binning = NumericBinning | CategoricalBinning;

interface Bin {
  /** Exclusive upper bound; +Infinity for the last bin. */
  readonly upper: number;
  readonly good: number;
  readonly bad: number;
}

/** Smoothed good:bad odds. Every bin's WoE is ln(odds) plus one constant, so odds order bins as WoE does. */
function odds(bin: BinCounts): number {
  return (bin.good + WOE_SMOOTHING) / (bin.bad + WOE_SMOOTHING);
}

function rows(bin: BinCounts): number {
  return bin.good + bin.bad;
}

export function binNumeric(values: Float64Array, bad: Uint8Array, options: BinningOptions): NumericBinning {
  let missingBad = 0;
  let missingRows = 0;
  const present: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) {
      missingRows++;
      missingBad += bad[i] as number;
    } else present.push(values[i] as number);
  }
  const sorted = Float64Array.from(present).sort();
  const cuts = fineCuts(sorted, options.fineClasses);
  const goodCounts = new Array<number>(cuts.length + 1).fill(0);
  const badCounts = new Array<number>(cuts.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (Number.isNaN(value)) continue;
    const group = groupOf(cuts, value);
    const counts = bad[i] ? badCounts : goodCounts;
    counts[group] = (counts[group] as number) + 1;
  }
  const fine: Bin[] = goodCounts.map((good, i) => ({ upper: cuts[i] ?? Number.POSITIVE_INFINITY, good, bad: badCounts[i] as number }));
  const minBinRows = Math.max(1, Math.ceil(options.minBinShare * present.length));
  const free = coarsen(fine, 'none', minBinRows, options.maxBins);
  const monotone = (['ascending', 'descending'] as const)
    .map((trend) => ({ trend, bins: coarsen(fine, trend, minBinRows, options.maxBins) }))
    .reduce((a, b) => (logLikelihood(b.bins) > logLikelihood(a.bins) ? b : a));
  const chosen = monotoneHolds(monotone.bins, free) ? monotone : { trend: 'none' as const, bins: free };
  return {
    kind: 'numeric',
    uppers: chosen.bins.slice(0, -1).map((b) => b.upper),
    counts: chosen.bins.map(({ good, bad: badCount }) => ({ good, bad: badCount })),
    missing: { good: missingRows - missingBad, bad: missingBad },
    trend: chosen.bins.length < 2 ? 'none' : chosen.trend,
  };
}

/**
 * Whether the data are consistent with a monotonic trend: the unconstrained bins must not fit the
 * labels better beyond chance (at 1%, degrees of freedom = the extra bins). Small samples keep the
 * simpler monotonic shape; large ones keep a U-shape or a step the data clearly show.
 */
function monotoneHolds(monotone: readonly Bin[], free: readonly Bin[]): boolean {
  return !significantGain(logLikelihood(free) - logLikelihood(monotone), free.length - monotone.length, Z_ONE_PERCENT);
}

/** Every distinct value when there are few (codes, counts, statuses), else quantile cuts. */
function fineCuts(sorted: Float64Array, fineClasses: number): number[] {
  const distinct: number[] = [];
  for (let i = 1; i < sorted.length && distinct.length < fineClasses; i++) {
    if ((sorted[i] as number) > (sorted[i - 1] as number)) distinct.push(sorted[i] as number);
  }
  return distinct.length < fineClasses ? distinct : quantileCuts(sorted, fineClasses);
}

/** Merges adjacent fine classes until the binning satisfies trend, size and count, one merge at a time. */
function coarsen(fine: readonly Bin[], trend: Trend, minBinRows: number, maxBins: number): Bin[] {
  let bins: readonly Bin[] = fine;
  for (;;) {
    const left = nextMerge(bins, trend, minBinRows, maxBins);
    if (left === null) return [...bins];
    bins = mergedPair(bins, left);
  }
}

/** The bins with bin `left` and the one after it joined into one. */
function mergedPair(bins: readonly Bin[], left: number): Bin[] {
  const a = bins[left] as Bin;
  const b = bins[left + 1] as Bin;
  return [...bins.slice(0, left), { upper: b.upper, good: a.good + b.good, bad: a.bad + b.bad }, ...bins.slice(left + 2)];
}

/** The left index of the adjacent pair to merge next, or null when the bins are final. */
function nextMerge(bins: readonly Bin[], trend: Trend, minBinRows: number, maxBins: number): number | null {
  if (bins.length < 2) return null;
  if (trend !== 'none') {
    for (let i = 0; i + 1 < bins.length; i++) {
      const step = odds(bins[i + 1] as Bin) - odds(bins[i] as Bin);
      if (trend === 'ascending' ? step <= 0 : step >= 0) return i;
    }
  }
  let smallest = 0;
  for (let i = 1; i < bins.length; i++) if (rows(bins[i] as Bin) < rows(bins[smallest] as Bin)) smallest = i;
  if (rows(bins[smallest] as Bin) < minBinRows) return closerNeighbourPair(bins, smallest);
  if (bins.length <= maxBins) return null;
  let cheapest = 0;
  let cheapestLoss = Number.POSITIVE_INFINITY;
  const iv = informationValue(bins);
  for (let i = 0; i + 1 < bins.length; i++) {
    const loss = iv - informationValue(mergedPair(bins, i));
    if (loss < cheapestLoss) {
      cheapestLoss = loss;
      cheapest = i;
    }
  }
  return cheapest;
}

/** The pair joining bin `index` with whichever neighbour has the closer odds. */
function closerNeighbourPair(bins: readonly Bin[], index: number): number {
  if (index === 0) return 0;
  if (index === bins.length - 1) return index - 1;
  const own = Math.log(odds(bins[index] as Bin));
  const toLeft = Math.abs(own - Math.log(odds(bins[index - 1] as Bin)));
  const toRight = Math.abs(own - Math.log(odds(bins[index + 1] as Bin)));
  return toLeft <= toRight ? index - 1 : index;
}

export function binCategorical(
  values: readonly string[],
  bad: Uint8Array,
  options: BinningOptions,
): Result<CategoricalBinning, 'too_many_categories'> {
  const byCategory = new Map<string, { good: number; bad: number }>();
  for (let i = 0; i < values.length; i++) {
    const category = values[i] as string;
    let counts = byCategory.get(category);
    if (counts === undefined) {
      if (byCategory.size >= options.categoriesMax) return err('too_many_categories', `more than ${options.categoriesMax} distinct values`);
      counts = { good: 0, bad: 0 };
      byCategory.set(category, counts);
    }
    if (bad[i]) counts.bad++;
    else counts.good++;
  }
  const minBinRows = Math.max(1, Math.ceil(options.minBinShare * values.length));
  const groups: { categories: string[]; good: number; bad: number }[] = [];
  const rare = { categories: [] as string[], good: 0, bad: 0 };
  for (const [category, counts] of [...byCategory].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const target = rows(counts) < minBinRows ? rare : { categories: [], good: 0, bad: 0 };
    target.categories.push(category);
    target.good += counts.good;
    target.bad += counts.bad;
    if (target !== rare) groups.push(target);
  }
  let rareGroup: (typeof groups)[number] | null = null;
  if (rare.categories.length > 0) {
    if (rows(rare) >= minBinRows || groups.length === 0) {
      rareGroup = rare;
      groups.push(rare);
    } else {
      const own = Math.log(odds(rare));
      rareGroup = groups.reduce((a, b) => (Math.abs(Math.log(odds(b)) - own) < Math.abs(Math.log(odds(a)) - own) ? b : a));
      rareGroup.categories.push(...rare.categories);
      rareGroup.good += rare.good;
      rareGroup.bad += rare.bad;
    }
  }
  groups.sort((a, b) => odds(a) - odds(b));
  return ok({
    kind: 'categorical',
    groups: groups.map((g) => g.categories),
    counts: groups.map(({ good, bad: badCount }) => ({ good, bad: badCount })),
    rareGroup: rareGroup === null ? null : groups.indexOf(rareGroup),
  });
}
