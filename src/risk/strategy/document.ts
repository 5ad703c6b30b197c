/**
 * The strategy document: what a risk analyst writes (JSON or YAML) and what is stored, versioned, with
 * every decision. It names its extra application inputs, derives features with a small safe expression
 * form, lists rules (condition → outcome + reason code), embeds a scorecard, and gives the decision
 * table that turns a score band and an income band into a limit and a price tier.
 *
 * How the parts combine, in this precedence (fixed, so every strategy reads the same way):
 *   1. any reject hit — a list check or a rule with outcome `reject` — rejects;
 *   2. a score below `cutoff.reject` rejects;
 *   3. any approve hit (e.g. a white-list check, a known-good-customer rule) approves, skipping review;
 *   4. any review hit, or a score below `cutoff.review`, sends the application to review;
 *   5. otherwise it is approved.
 * An approved application gets the limit and price tier of its decision-table cell; others get none.
 *
 * Condition semantics: a comparison on a missing feature is false (so `ne` and `notIn` are false on a
 * missing value too) — test for absence with `isMissing`. `between` includes both ends.
 */
import type { Scorecard } from '../scorecard/model.ts';
import type { IdentifierType } from '../identifiers.ts';
import type { ListKind } from '../lists/list-index.ts';

export const OUTCOMES = ['approve', 'review', 'reject'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const FEATURE_TYPES = ['number', 'string'] as const;
export type FeatureType = (typeof FEATURE_TYPES)[number];

/** A feature value: numbers and strings; null when missing. Never money in a computation. */
export type FeatureValue = number | string | null;

export const COMPARISON_OPS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte'] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];
export const SET_OPS = ['in', 'notIn'] as const;
export type SetOp = (typeof SET_OPS)[number];
export const CONDITION_OPS = [...COMPARISON_OPS, ...SET_OPS, 'between', 'isMissing'] as const;

export type Condition =
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition }
  | { readonly feature: string; readonly op: ComparisonOp; readonly value: number | string }
  | { readonly feature: string; readonly op: SetOp; readonly values: readonly (number | string)[] }
  | { readonly feature: string; readonly op: 'between'; readonly min: number; readonly max: number }
  | { readonly feature: string; readonly op: 'isMissing' };

export const EXPRESSION_OPS = ['add', 'sub', 'mul', 'ratio', 'min', 'max'] as const;
export type ExpressionOp = (typeof EXPRESSION_OPS)[number];

/**
 * A derived feature: a number, the name of another feature, or one operator over operands.
 * `sub` and `ratio` take exactly two operands; `ratio` is missing when the divisor is 0 or missing.
 * Any missing operand makes the result missing.
 */
export type Expression = number | string | { readonly [op in ExpressionOp]?: readonly Expression[] };

export interface Rule {
  readonly id: string;
  readonly when: Condition;
  readonly outcome: Outcome;
  readonly reason: string;
}

export interface ListCheck {
  readonly list: ListKind;
  readonly types: readonly IdentifierType[];
  readonly outcome: Outcome;
  readonly reason: string;
}

export interface InputField {
  readonly name: string;
  readonly type: FeatureType;
}

/** Score bands, best first: a score falls in the first band whose `min` it reaches; the last has `min: null`. */
export interface ScoreBand {
  readonly name: string;
  readonly min: number | null;
}

/** Income bands, lowest first: monthly income falls in the last band whose minimum it reaches. */
export interface IncomeBand {
  readonly name: string;
  /** Amount in major units as a decimal string, e.g. "8000.00"; the first band's is "0". */
  readonly monthlyIncomeMin: string;
}

export interface DecisionTableCell {
  readonly scoreBand: string;
  readonly incomeBand: string;
  /** Amount in major units as a decimal string. */
  readonly limit: string;
  readonly priceTier: string;
}

export interface StrategyDocument {
  readonly kind: 'lendcore.strategy';
  readonly name: string;
  readonly description?: string;
  readonly currency: string;
  readonly inputs?: readonly InputField[];
  readonly features?: Readonly<Record<string, Expression>>;
  readonly lists?: readonly ListCheck[];
  readonly rules: readonly Rule[];
  readonly scorecard: Scorecard;
  readonly cutoff?: { readonly reject?: number; readonly review?: number };
  readonly scoreBands: readonly ScoreBand[];
  readonly decisionTable: { readonly incomeBands: readonly IncomeBand[]; readonly cells: readonly DecisionTableCell[] };
  /** Scorecard features reported as reasons when the score drives a reject or review (default 3). */
  readonly scoreReasonCount?: number;
}

/** A problem in a strategy document, at a path such as `rules[3].when.all[1].op`. */
export interface StrategyIssue {
  readonly path: string;
  readonly message: string;
}
