/**
 * Training a scorecard from labelled rows: bin every candidate column (binning.ts), keep those with
 * information value ≥ `minIv`, fit a logistic regression of the good:bad log-odds on the bins' WoE,
 * drop any feature whose coefficient is not positive and refit (a non-positive coefficient would
 * make points run against WoE, so a safer bin would cost points), then scale to points.
 * Invariants: every coefficient is positive and a bin's points = factor × coefficient × WoE, so
 * points rise with WoE in every feature; the rows are WoE-encoded through `compileScorecard` itself,
 * so the scorecard scores exactly the bins the regression was fitted on; the score equals
 * offset + factor × fitted log-odds of good. A numeric value missing in training has its own WoE;
 * a missing value never seen in training, like a category never seen, gets the neutral WoE 0, except
 * that an unseen category scores as the pool of rare categories when there is one.
 * "Weak" features are those whose bins do not separate goods from bads beyond chance (G-test at 5%),
 * and, when a minimum is set, those with a lower IV. Measured on the German and Taiwan credit data,
 * keeping significant features with IV below the conventional 0.02 improved held-out AUC, so the
 * minimum defaults to 0.
 */
import { err, ok, type Result } from '../../kernel/result.ts';
import { limits } from '../../kernel/limits.ts';
import { binCategorical, binNumeric, type Binning, type BinningOptions, type Trend } from './binning.ts';
import { badLabels, datasetColumn, tableRecords, type CsvTable } from './csv-dataset.ts';
import type { ScorecardErrorCode } from './errors.ts';
import { defaultLogisticOptions, fitLogistic, type LogisticFit, type LogisticOptions, type LogisticStart } from './logistic-regression.ts';
import { discrimination, type Discrimination } from './metrics.ts';
import { compileScorecard, type Scorecard, type ScorecardFeature, type ScorecardScaling } from './model.ts';
import { defaultScaling, pointsScale } from './scaling.ts';
import { separatesClasses, Z_FIVE_PERCENT } from './likelihood-ratio.ts';
import { informationValue, weightsOfEvidence, type BinCounts } from './woe.ts';

export interface TrainSpec {
  readonly target: { readonly column: string; readonly bad: string };
  readonly exclude?: readonly string[];
  readonly scaling?: ScorecardScaling;
  /** Features with a lower information value are dropped before the regression. */
  readonly minIv?: number;
  readonly binning?: Partial<BinningOptions>;
  readonly regression?: Partial<LogisticOptions>;
}

export const defaultBinningOptions: BinningOptions = {
  fineClasses: 10,
  maxBins: 8,
  minBinShare: 0.05,
  categoriesMax: limits.scorecardCategoriesMax,
};

export const DEFAULT_MIN_IV = 0;

export interface FeatureSummary {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  readonly iv: number;
  /** Number of bins, not counting the missing-value bin. */
  readonly bins: number;
  readonly trend: Trend;
  readonly coefficient: number;
}

export type DropReason = 'iv_below_minimum' | 'not_significant' | 'wrong_sign' | 'too_many_categories';

export interface DroppedFeature {
  readonly name: string;
  readonly reason: DropReason;
  readonly iv?: number;
}

export interface TrainedScorecard {
  readonly scorecard: Scorecard;
  readonly features: readonly FeatureSummary[];
  readonly dropped: readonly DroppedFeature[];
  readonly train: Discrimination;
}

interface Candidate {
  readonly name: string;
  readonly binning: Binning;
  /** Good and bad counts per bin, with the missing-value bin last when there is one. */
  readonly counts: readonly BinCounts[];
  /** WoE per bin, in the binning's order. */
  readonly woes: readonly number[];
  /** WoE of a missing (numeric) or unseen (categorical) value. */
  readonly fallbackWoe: number;
  readonly iv: number;
}

export function trainScorecard(table: CsvTable, spec: TrainSpec): Result<TrainedScorecard, ScorecardErrorCode> {
  const targetIndex = table.header.indexOf(spec.target.column);
  if (targetIndex < 0) return err('target_column_missing', `no column ${JSON.stringify(spec.target.column)} in the header`, 'target');
  const exclude = new Set(spec.exclude ?? []);
  for (const name of exclude) {
    if (!table.header.includes(name)) return err('exclude_column_unknown', `no column ${JSON.stringify(name)} to exclude`, 'exclude');
  }
  const labels = badLabels(table, spec.target.column, spec.target.bad);
  if (!labels.ok) return labels;
  const bad = labels.value;

  const binningOptions = { ...defaultBinningOptions, ...spec.binning };
  const minIv = spec.minIv ?? DEFAULT_MIN_IV;
  const dropped: DroppedFeature[] = [];
  const candidates: Candidate[] = [];
  table.header.forEach((name, index) => {
    if (index === targetIndex || exclude.has(name)) return;
    const binned = binColumn(table, index, bad, binningOptions);
    const reason = binned.ok ? weakness(binned.value, minIv) : 'too_many_categories';
    if (reason !== null) dropped.push(binned.ok ? { name, reason, iv: binned.value.iv } : { name, reason });
    else if (binned.ok) candidates.push(binned.value);
  });
  candidates.sort((a, b) => b.iv - a.iv);

  const records = tableRecords(table);
  const fitted = fitPositive(woeDesign(spec, candidates, records), candidates, bad, { ...defaultLogisticOptions, ...spec.regression }, dropped);
  if (fitted === null) return err('no_features', 'no column separates goods from bads well enough to keep');
  const { features, fit } = fitted;
  const scorecard = scorecardOf(spec, features, fit, pointsScale(spec.scaling ?? defaultScaling));
  const score = compileScorecard(scorecard);
  return ok({
    scorecard,
    features: features.map((f, i) => ({
      name: f.name,
      kind: f.binning.kind,
      iv: f.iv,
      bins: f.binning.counts.length,
      trend: f.binning.kind === 'numeric' ? f.binning.trend : 'none',
      coefficient: fit.coefficients[i] as number,
    })),
    dropped,
    train: discrimination(Float64Array.from(records, (record) => score(record).score), bad),
  });
}

/** Why a binned column is too weak to keep, or null when it is kept. */
function weakness(candidate: Candidate, minIv: number): DropReason | null {
  if (candidate.iv < minIv) return 'iv_below_minimum';
  if (!separatesClasses(candidate.counts, Z_FIVE_PERCENT)) return 'not_significant';
  return null;
}

/**
 * Each row's WoE per candidate (row-major), read through the compiled scorecard whose points are the
 * WoE themselves, so training sees every row exactly as scoring will.
 */
function woeDesign(spec: TrainSpec, candidates: readonly Candidate[], records: readonly Record<string, string>[]): Float64Array {
  const encode = compileScorecard(scorecardOf(spec, candidates, { intercept: 0, coefficients: candidates.map(() => 1) }, { factor: 1, offset: 0 }));
  const width = candidates.length;
  const design = new Float64Array(records.length * width);
  records.forEach((record, r) => encode(record).byFeature.forEach((f, j) => (design[r * width + j] = f.points)));
  return design;
}

/**
 * Fits the good:bad log-odds on the candidates' WoE, dropping the feature with the most negative
 * coefficient and refitting (from the previous fit) until every coefficient is positive. Null when
 * no feature is left.
 */
function fitPositive(
  design: Float64Array,
  candidates: readonly Candidate[],
  bad: Uint8Array,
  options: LogisticOptions,
  dropped: DroppedFeature[],
): { readonly features: readonly Candidate[]; readonly fit: LogisticFit } | null {
  const good = bad.map((b) => 1 - b);
  let selected = candidates.map((_, j) => j);
  let start: LogisticStart | undefined;
  while (selected.length > 0) {
    const fit = fitLogistic(selectColumns(design, candidates.length, selected), selected.length, good, options, start);
    const worst = fit.coefficients.reduce((w, c, i) => (c < (fit.coefficients[w] as number) ? i : w), 0);
    if ((fit.coefficients[worst] as number) > 0) return { features: selected.map((j) => candidates[j] as Candidate), fit };
    const feature = candidates[selected[worst] as number] as Candidate;
    dropped.push({ name: feature.name, reason: 'wrong_sign', iv: feature.iv });
    selected = selected.filter((_, i) => i !== worst);
    start = { intercept: fit.intercept, coefficients: fit.coefficients.filter((_, i) => i !== worst) };
  }
  return null;
}

function binColumn(table: CsvTable, index: number, bad: Uint8Array, options: BinningOptions): Result<Candidate, 'too_many_categories'> {
  const column = datasetColumn(table, index);
  if (column.kind === 'numeric') {
    const binning = binNumeric(column.values, bad, options);
    const hasMissing = binning.missing.good + binning.missing.bad > 0;
    const counted = hasMissing ? [...binning.counts, binning.missing] : binning.counts;
    const woes = weightsOfEvidence(counted);
    return ok({
      name: column.name,
      binning,
      counts: counted,
      woes: woes.slice(0, binning.counts.length),
      fallbackWoe: hasMissing ? (woes[woes.length - 1] as number) : 0,
      iv: informationValue(counted),
    });
  }
  const binned = binCategorical(column.values, bad, options);
  if (!binned.ok) return binned;
  const binning = binned.value;
  const woes = weightsOfEvidence(binning.counts);
  return ok({
    name: column.name,
    binning,
    counts: binning.counts,
    woes,
    fallbackWoe: binning.rareGroup === null ? 0 : (woes[binning.rareGroup] as number),
    iv: informationValue(binning.counts),
  });
}

/** The scorecard document for these features: each bin's points are factor × coefficient × WoE. */
function scorecardOf(
  spec: TrainSpec,
  features: readonly Candidate[],
  fit: { readonly intercept: number; readonly coefficients: readonly number[] },
  scale: { readonly factor: number; readonly offset: number },
): Scorecard {
  return {
    kind: 'lendcore.scorecard',
    version: 1,
    target: { column: spec.target.column, bad: spec.target.bad },
    scaling: spec.scaling ?? defaultScaling,
    intercept: fit.intercept,
    basePoints: scale.offset + scale.factor * fit.intercept,
    features: features.map((feature, i): ScorecardFeature => {
      const coefficient = fit.coefficients[i] as number;
      const points = (woe: number): number => scale.factor * coefficient * woe;
      const { binning, name, iv } = feature;
      if (binning.kind === 'numeric') {
        return {
          name,
          kind: 'numeric',
          coefficient,
          iv,
          bins: feature.woes.map((woe, b) => ({ upper: binning.uppers[b] ?? null, woe, points: points(woe) })),
          missingPoints: points(feature.fallbackWoe),
        };
      }
      return {
        name,
        kind: 'categorical',
        coefficient,
        iv,
        bins: feature.woes.map((woe, b) => ({ categories: binning.groups[b] as string[], woe, points: points(woe) })),
        otherPoints: points(feature.fallbackWoe),
      };
    }),
  };
}

/** The design matrix restricted to the columns `selected`, row-major. */
function selectColumns(design: Float64Array, width: number, selected: readonly number[]): Float64Array {
  const rowCount = design.length / width;
  const out = new Float64Array(rowCount * selected.length);
  for (let r = 0; r < rowCount; r++) for (let k = 0; k < selected.length; k++) out[r * selected.length + k] = design[r * width + (selected[k] as number)] as number;
  return out;
}
