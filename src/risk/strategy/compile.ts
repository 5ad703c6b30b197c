/**
 * Compiles a validated strategy document once into plain closures: feature slots are resolved,
 * conditions become predicates, the scorecard a scorer, the decision table a lookup keyed by band.
 * Evaluating an application then runs only those closures — no document is read per request, and no
 * user-supplied text is ever run as code.
 * Invariants: every feature a rule, expression, scorecard or list check names exists with a matching
 * type; the decision table has exactly one cell for every (score band, income band); the outcome
 * follows the precedence written in ./document.ts.
 */
import { parseAmount, parseCurrency, type Currency } from '../../kernel/money.ts';
import { compileScorecard, reasonCodes as scorecardReasons, type ScoreRecord } from '../scorecard/model.ts';
import { IDENTIFIER_TYPE_INDEX } from '../identifiers.ts';
import { LIST_KINDS, type ListKind } from '../lists/list-index.ts';
import { BUILTIN_FEATURES, BUILTIN_TYPE } from '../features/catalog.ts';
import { compileCondition, type Predicate } from './condition.ts';
import type { FeatureType, FeatureValue, Outcome, Rule, StrategyDocument, StrategyIssue } from './document.ts';
import { compileExpression, orderDerived, type FeatureLayout, type Vector } from './expression.ts';
import { join, validateStrategyShape } from './validate.ts';

/** What the engine hands a strategy: the built-in features and the raw application fields. */
export interface StrategyInput {
  /** Built-in feature values in catalog slot order (BUILTIN_FEATURES). */
  readonly builtins: readonly FeatureValue[];
  readonly fields: Readonly<Record<string, unknown>>;
  /** For the income band; null falls in the lowest band. */
  readonly monthlyIncomeMinor: bigint | null;
  /** Per list (black, grey, white): a bit per identifier type (IDENTIFIER_TYPE_INDEX) that is on it. */
  readonly listHitMasks: readonly number[];
}

export interface StrategyEvaluation {
  readonly outcome: Outcome;
  readonly score: number;
  readonly scoreBand: string;
  readonly incomeBand: string;
  /** Only an approval carries a limit and a price tier. */
  readonly limitMinor: bigint | null;
  readonly priceTier: string | null;
  readonly reasonCodes: readonly string[];
  /** Ids of every rule whose condition held, and `list:<list>:<reason>` for every list check that hit. */
  readonly ruleHits: readonly string[];
  /** The full feature vector, in `featureNames` order. */
  readonly vector: Vector;
}

export interface CompiledStrategy {
  readonly name: string;
  readonly currency: Currency;
  readonly document: StrategyDocument;
  readonly featureNames: readonly string[];
  evaluate(input: StrategyInput): StrategyEvaluation;
}

export type StrategyCompilation = { readonly ok: true; readonly strategy: CompiledStrategy } | { readonly ok: false; readonly issues: readonly StrategyIssue[] };

export const SCORE_REJECT_REASON = 'SCORE_BELOW_REJECT_CUTOFF';
export const SCORE_REVIEW_REASON = 'SCORE_BELOW_REVIEW_CUTOFF';
const DEFAULT_SCORE_REASON_COUNT = 3;

/** Validates the shape of a parsed document, then compiles it. */
export function loadStrategy(raw: unknown): StrategyCompilation {
  const shaped = validateStrategyShape(raw);
  if ('issues' in shaped) return { ok: false, issues: shaped.issues };
  return compileStrategy(shaped.document);
}

export function compileStrategy(document: StrategyDocument): StrategyCompilation {
  const issues: StrategyIssue[] = [];
  const currency = parseCurrency(document.currency);
  if (!currency.ok) return { ok: false, issues: [{ path: 'currency', message: `unknown currency "${document.currency}"` }] };

  // Layout: built-ins, then declared inputs, then derived features in dependency order.
  const slots = new Map<string, { slot: number; type: FeatureType }>();
  BUILTIN_FEATURES.forEach((name, slot) => slots.set(name, { slot, type: BUILTIN_TYPE }));
  const inputs = document.inputs ?? [];
  inputs.forEach((input, i) => {
    if (slots.has(input.name)) issues.push({ path: join(join('inputs', i), 'name'), message: `"${input.name}" is already a feature` });
    else slots.set(input.name, { slot: slots.size, type: input.type });
  });
  const derivedDefinitions = document.features ?? {};
  const ordered = orderDerived(derivedDefinitions, new Set(slots.keys()));
  if ('issues' in ordered) return { ok: false, issues: [...issues, ...ordered.issues] };
  for (const name of ordered.order) slots.set(name, { slot: slots.size, type: 'number' });
  const layout: FeatureLayout = { slots };
  const derived = ordered.order.map((name) => ({
    slot: slots.get(name)!.slot,
    compute: compileExpression(derivedDefinitions[name]!, layout, join('features', name), issues),
  }));

  const rules = compileRuleSet(document.rules, layout, issues);
  const lists = compileListChecks(document);
  const score = compileScoring(document, layout, issues);
  const table = compileDecisionTable(document, currency.value, issues);
  if (issues.length > 0) return { ok: false, issues };

  const featureNames = [...slots.keys()];
  const width = featureNames.length;
  const inputSlots = inputs.map((input) => ({ name: input.name, slot: slots.get(input.name)!.slot, type: input.type }));
  const cutoffReject = document.cutoff?.reject ?? Number.NEGATIVE_INFINITY;
  const cutoffReview = document.cutoff?.review ?? Number.NEGATIVE_INFINITY;
  const ruleCount = rules.predicates.length;

  const evaluate = (input: StrategyInput): StrategyEvaluation => {
    const v: Vector = new Array<FeatureValue>(width);
    for (let i = 0; i < input.builtins.length; i++) v[i] = input.builtins[i] as FeatureValue;
    for (const { name, slot, type } of inputSlots) v[slot] = coerce(input.fields[name], type);
    for (const { slot, compute } of derived) v[slot] = compute(v);

    const ruleHits: string[] = [];
    const reasons: [string[], string[], string[]] = [[], [], []]; // approve, review, reject
    for (const check of lists) {
      if (((input.listHitMasks[check.list] as number) & check.typeMask) === 0) continue;
      ruleHits.push(check.hitName);
      reasons[check.outcome]!.push(check.reason);
    }
    for (let i = 0; i < ruleCount; i++) {
      if (!(rules.predicates[i] as Predicate)(v)) continue;
      ruleHits.push(rules.ids[i] as string);
      reasons[rules.outcomes[i] as number]!.push(rules.reasons[i] as string);
    }

    const scored = score.scorer(v);
    const cell = table.lookup(scored.band, input.monthlyIncomeMinor);
    let outcome: Outcome;
    let reasonCodes: string[];
    if (reasons[REJECT]!.length > 0) [outcome, reasonCodes] = ['reject', reasons[REJECT]!];
    else if (scored.score < cutoffReject) [outcome, reasonCodes] = ['reject', [SCORE_REJECT_REASON, ...score.reasons(scored, v)]];
    else if (reasons[APPROVE]!.length > 0) [outcome, reasonCodes] = ['approve', reasons[APPROVE]!];
    else if (reasons[REVIEW]!.length > 0 || scored.score < cutoffReview) {
      outcome = 'review';
      reasonCodes = scored.score < cutoffReview ? [...reasons[REVIEW]!, SCORE_REVIEW_REASON, ...score.reasons(scored, v)] : reasons[REVIEW]!;
    } else [outcome, reasonCodes] = ['approve', []];
    const approved = outcome === 'approve';
    return {
      outcome,
      score: scored.score,
      scoreBand: scored.band,
      incomeBand: cell.incomeBand,
      limitMinor: approved ? cell.limitMinor : null,
      priceTier: approved ? cell.priceTier : null,
      reasonCodes: [...new Set(reasonCodes)],
      ruleHits,
      vector: v,
    };
  };

  return { ok: true, strategy: { name: document.name, currency: currency.value, document, featureNames, evaluate } };
}

const APPROVE = 0;
const REVIEW = 1;
const REJECT = 2;
const OUTCOME_INDEX: Readonly<Record<Outcome, number>> = { approve: APPROVE, review: REVIEW, reject: REJECT };

export interface CompiledRuleSet {
  readonly ids: readonly string[];
  readonly reasons: readonly string[];
  readonly outcomes: readonly number[];
  readonly predicates: readonly Predicate[];
}

/** Compiles rules to parallel arrays of predicates, ids, reasons and outcome indexes. */
export function compileRuleSet(rules: readonly Rule[], layout: FeatureLayout, issues: StrategyIssue[]): CompiledRuleSet {
  return {
    ids: rules.map((r) => r.id),
    reasons: rules.map((r) => r.reason),
    outcomes: rules.map((r) => OUTCOME_INDEX[r.outcome]),
    predicates: rules.map((r, i) => compileCondition(r.when, layout, join(join('rules', i), 'when'), issues)),
  };
}

function compileListChecks(document: StrategyDocument): { list: number; typeMask: number; outcome: number; reason: string; hitName: string }[] {
  return (document.lists ?? []).map((check) => ({
    list: LIST_KINDS.indexOf(check.list as ListKind),
    typeMask: check.types.reduce((mask, type) => mask | (1 << IDENTIFIER_TYPE_INDEX[type]), 0),
    outcome: OUTCOME_INDEX[check.outcome],
    reason: check.reason,
    hitName: `list:${check.list}:${check.reason}`,
  }));
}

interface Scored {
  readonly score: number;
  readonly band: string;
  readonly byFeature: ReturnType<ScoreRecord>;
}

function compileScoring(document: StrategyDocument, layout: FeatureLayout, issues: StrategyIssue[]): {
  scorer: (v: Vector) => Scored;
  reasons: (scored: Scored, v: Vector) => string[];
} {
  const card = document.scorecard;
  const features = card.features.map((feature, i) => {
    const known = layout.slots.get(feature.name);
    if (known === undefined) issues.push({ path: join(join('scorecard.features', i), 'name'), message: `unknown feature "${feature.name}"` });
    return { name: feature.name, slot: known?.slot ?? -1 };
  });
  const scoreRecord = compileScorecard(card);
  const bandMins = document.scoreBands.map((b) => b.min ?? Number.NEGATIVE_INFINITY);
  const bandNames = document.scoreBands.map((b) => b.name);
  const reasonCount = document.scoreReasonCount ?? DEFAULT_SCORE_REASON_COUNT;
  return {
    scorer: (v) => {
      const record: Record<string, FeatureValue> = {};
      for (const { name, slot } of features) record[name] = v[slot] as FeatureValue;
      const byFeature = scoreRecord(record);
      let band = bandNames.length - 1;
      for (let i = 0; i < bandMins.length; i++) {
        if (byFeature.score >= (bandMins[i] as number)) {
          band = i;
          break;
        }
      }
      return { score: byFeature.score, band: bandNames[band] as string, byFeature };
    },
    reasons: (scored) => scorecardReasons(scored.byFeature, reasonCount).map((name) => `score:${name}`),
  };
}

function compileDecisionTable(document: StrategyDocument, currency: Currency, issues: StrategyIssue[]): {
  lookup: (scoreBand: string, monthlyIncomeMinor: bigint | null) => { incomeBand: string; limitMinor: bigint; priceTier: string };
} {
  const table = document.decisionTable;
  const incomeMins: bigint[] = [];
  table.incomeBands.forEach((band, i) => {
    const path = join(join('decisionTable.incomeBands', i), 'monthlyIncomeMin');
    const amount = parseAmount(band.monthlyIncomeMin, currency, { allowZero: true });
    if (!amount.ok) {
      issues.push({ path, message: `"${band.monthlyIncomeMin}" is not an amount in ${document.currency}` });
      return;
    }
    if (i === 0 && amount.value !== 0n) issues.push({ path, message: 'the first income band must start at 0' });
    if (i > 0 && incomeMins.length > 0 && amount.value <= (incomeMins[incomeMins.length - 1] as bigint)) {
      issues.push({ path, message: 'income bands must be listed lowest first, in increasing order' });
    }
    incomeMins.push(amount.value);
  });
  const scoreBands = new Set(document.scoreBands.map((b) => b.name));
  const incomeBands = new Set(table.incomeBands.map((b) => b.name));
  const cells = new Map<string, { limitMinor: bigint; priceTier: string }>();
  table.cells.forEach((cell, i) => {
    const path = join('decisionTable.cells', i);
    if (!scoreBands.has(cell.scoreBand)) issues.push({ path: join(path, 'scoreBand'), message: `unknown score band "${cell.scoreBand}"` });
    if (!incomeBands.has(cell.incomeBand)) issues.push({ path: join(path, 'incomeBand'), message: `unknown income band "${cell.incomeBand}"` });
    const limit = parseAmount(cell.limit, currency, { allowZero: true });
    if (!limit.ok) issues.push({ path: join(path, 'limit'), message: `"${cell.limit}" is not an amount in ${document.currency}` });
    const key = cellKey(cell.scoreBand, cell.incomeBand);
    if (cells.has(key)) issues.push({ path, message: `a second cell for score band "${cell.scoreBand}" and income band "${cell.incomeBand}"` });
    cells.set(key, { limitMinor: limit.ok ? limit.value : 0n, priceTier: cell.priceTier });
  });
  for (const s of scoreBands) {
    for (const inc of incomeBands) {
      if (!cells.has(cellKey(s, inc))) issues.push({ path: 'decisionTable.cells', message: `no cell for score band "${s}" and income band "${inc}"` });
    }
  }
  const incomeNames = table.incomeBands.map((b) => b.name);
  return {
    lookup: (scoreBand, monthlyIncomeMinor) => {
      let band = 0;
      if (monthlyIncomeMinor !== null) while (band + 1 < incomeMins.length && monthlyIncomeMinor >= (incomeMins[band + 1] as bigint)) band++;
      const incomeBand = incomeNames[band] as string;
      const cell = cells.get(cellKey(scoreBand, incomeBand))!;
      return { incomeBand, limitMinor: cell.limitMinor, priceTier: cell.priceTier };
    },
  };
}

function cellKey(scoreBand: string, incomeBand: string): string {
  return `${scoreBand}\u0000${incomeBand}`;
}

/** An application field as the declared input type; anything else is missing. */
function coerce(value: unknown, type: FeatureType): FeatureValue {
  if (type === 'string') {
    if (typeof value === 'string') return value;
    return typeof value === 'number' && Number.isFinite(value) ? String(value) : null;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const x = Number(value);
    return Number.isFinite(x) ? x : null;
  }
  return null;
}
