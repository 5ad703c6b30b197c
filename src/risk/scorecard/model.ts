/**
 * The scorecard document and how it scores one record. A scorecard is data, produced by
 * `lendcore risk train` or written by an analyst, embedded in strategies and stored with decisions:
 * each feature is cut into bins, each bin carries its weight of evidence and its points, and a
 * record's score is the base points plus the points of the bin each feature falls in.
 * Scores and points are plain numbers: they are model outputs, never money.
 * Invariants: numeric bins are ordered by `upper` with the last bin open-ended (`upper: null`); a
 * value falls in the first bin whose `upper` it is below (`value < upper`); a missing or unparseable
 * value scores the feature's `missing` bin; a category outside every bin scores `otherPoints`.
 */

export interface NumericBin {
  /** Exclusive upper bound; null for the last, open-ended bin. */
  readonly upper: number | null;
  readonly woe: number;
  readonly points: number;
}

export interface CategoricalBin {
  readonly categories: readonly string[];
  readonly woe: number;
  readonly points: number;
}

export type ScorecardFeature =
  | {
      readonly name: string;
      readonly kind: 'numeric';
      readonly coefficient: number;
      readonly iv: number;
      readonly bins: readonly NumericBin[];
      readonly missingPoints: number;
    }
  | {
      readonly name: string;
      readonly kind: 'categorical';
      readonly coefficient: number;
      readonly iv: number;
      readonly bins: readonly CategoricalBin[];
      /** Points for a category not seen in training (and for a missing value). */
      readonly otherPoints: number;
    };

export interface ScorecardScaling {
  /** Score at `baseOdds` good:bad odds (default 600). */
  readonly basePoints: number;
  /** Good:bad odds at `basePoints` (default 50). */
  readonly baseOdds: number;
  /** Points to double the odds (default 20). */
  readonly pdo: number;
}

export interface Scorecard {
  readonly kind: 'lendcore.scorecard';
  readonly version: 1;
  readonly target: { readonly column: string; readonly bad: string };
  readonly scaling: ScorecardScaling;
  readonly intercept: number;
  /** Points every record starts with (the intercept's share of the scaled score). */
  readonly basePoints: number;
  readonly features: readonly ScorecardFeature[];
}

export type FeatureValue = number | string | null | undefined;

export interface FeaturePoints {
  readonly name: string;
  readonly points: number;
  /** The most points any bin of this feature gives: `maxPoints - points` is what the value cost. */
  readonly maxPoints: number;
}

export interface ScoreResult {
  readonly score: number;
  readonly byFeature: readonly FeaturePoints[];
}

export type ScoreRecord = (record: Readonly<Record<string, FeatureValue>>) => ScoreResult;

/** Compiles a scorecard once into a closure that scores a record without interpreting the document. */
export function compileScorecard(card: Scorecard): ScoreRecord {
  const scorers = card.features.map((feature) => {
    const allPoints = feature.kind === 'numeric'
      ? [...feature.bins.map((b) => b.points), feature.missingPoints]
      : [...feature.bins.map((b) => b.points), feature.otherPoints];
    const maxPoints = Math.max(...allPoints);
    if (feature.kind === 'numeric') {
      const uppers = feature.bins.map((b) => (b.upper === null ? Number.POSITIVE_INFINITY : b.upper));
      const points = feature.bins.map((b) => b.points);
      return { name: feature.name, maxPoints, score: (value: FeatureValue): number => {
        const x = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
        if (Number.isNaN(x)) return feature.missingPoints;
        for (let i = 0; i < uppers.length; i++) if (x < (uppers[i] as number)) return points[i] as number;
        return points[points.length - 1] as number;
      } };
    }
    const byCategory = new Map<string, number>();
    for (const bin of feature.bins) for (const c of bin.categories) byCategory.set(c, bin.points);
    return { name: feature.name, maxPoints, score: (value: FeatureValue): number =>
      value === null || value === undefined ? feature.otherPoints : byCategory.get(String(value)) ?? feature.otherPoints };
  });
  return (record) => {
    let score = card.basePoints;
    const byFeature: FeaturePoints[] = [];
    for (const s of scorers) {
      const points = s.score(record[s.name]);
      score += points;
      byFeature.push({ name: s.name, points, maxPoints: s.maxPoints });
    }
    return { score, byFeature };
  };
}

/** Reason codes: the features that cost the applicant the most points, worst first. */
export function reasonCodes(result: ScoreResult, count: number): string[] {
  return [...result.byFeature]
    .filter((f) => f.maxPoints - f.points > 0)
    .sort((a, b) => b.maxPoints - b.points - (a.maxPoints - a.points))
    .slice(0, count)
    .map((f) => f.name);
}
