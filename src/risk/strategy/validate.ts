/**
 * Checks that a parsed strategy document has the right shape, naming the path of every problem
 * (`rules[3].when.all[1].op: unknown operator "gtt"`). Shape only: which features exist, their types
 * and cycles between derived features are checked when the strategy is compiled.
 * Invariant: a document that passes is a `StrategyDocument` in every field the compiler reads.
 */
import { limits } from '../../kernel/limits.ts';
import { IDENTIFIER_TYPES } from '../identifiers.ts';
import { LIST_KINDS } from '../lists/list-index.ts';
import {
  COMPARISON_OPS,
  CONDITION_OPS,
  EXPRESSION_OPS,
  FEATURE_TYPES,
  OUTCOMES,
  SET_OPS,
  type StrategyDocument,
  type StrategyIssue,
} from './document.ts';

type Json = Record<string, unknown>;

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CODE_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

class Checker {
  readonly issues: StrategyIssue[] = [];

  fail(path: string, message: string): false {
    this.issues.push({ path, message });
    return false;
  }

  object(value: unknown, path: string): value is Json {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return true;
    return this.fail(path, 'must be an object');
  }

  array(value: unknown, path: string, maxLength = Number.POSITIVE_INFINITY): value is unknown[] {
    if (!Array.isArray(value)) return this.fail(path, 'must be an array');
    if (value.length > maxLength) return this.fail(path, `has ${value.length} items, more than the limit of ${maxLength}`);
    return true;
  }

  string(value: unknown, path: string, pattern?: RegExp): value is string {
    if (typeof value !== 'string' || value === '') return this.fail(path, 'must be a non-empty string');
    if (pattern && !pattern.test(value)) return this.fail(path, `"${value}" is not a valid name (${pattern.source})`);
    return true;
  }

  number(value: unknown, path: string): value is number {
    if (typeof value === 'number' && Number.isFinite(value)) return true;
    return this.fail(path, 'must be a finite number');
  }

  oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string, what: string): value is T {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return true;
    return this.fail(path, `unknown ${what} ${JSON.stringify(value)}; expected one of ${allowed.join(', ')}`);
  }

  scalar(value: unknown, path: string): boolean {
    if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string') return true;
    return this.fail(path, 'must be a number or a string');
  }

  onlyKeys(value: Json, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(value)) if (!allowed.includes(key)) this.fail(join(path, key), `unknown field "${key}"`);
  }
}

export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

export function validateStrategyShape(raw: unknown): { document: StrategyDocument } | { issues: StrategyIssue[] } {
  const c = new Checker();
  if (!c.object(raw, '')) return { issues: c.issues };
  c.onlyKeys(raw, ['kind', 'name', 'description', 'currency', 'inputs', 'features', 'lists', 'rules', 'scorecard', 'cutoff', 'scoreBands', 'decisionTable', 'scoreReasonCount'], '');
  if (raw.kind !== 'lendcore.strategy') c.fail('kind', 'must be "lendcore.strategy"');
  c.string(raw.name, 'name', /^[a-z0-9][a-z0-9-]{0,63}$/);
  if (raw.description !== undefined && typeof raw.description !== 'string') c.fail('description', 'must be a string');
  c.string(raw.currency, 'currency', /^[A-Z]{3}$/);
  if (raw.inputs !== undefined) checkInputs(c, raw.inputs);
  if (raw.features !== undefined && c.object(raw.features, 'features')) {
    const entries = Object.entries(raw.features);
    if (entries.length > limits.riskStrategyDerivedFeaturesMax) c.fail('features', `defines ${entries.length} features, more than the limit of ${limits.riskStrategyDerivedFeaturesMax}`);
    for (const [name, expression] of entries) {
      const path = join('features', name);
      if (!NAME_PATTERN.test(name)) c.fail(path, `"${name}" is not a valid feature name`);
      checkExpression(c, expression, path, 0);
    }
  }
  if (raw.lists !== undefined && c.array(raw.lists, 'lists')) raw.lists.forEach((check, i) => checkListCheck(c, check, join('lists', i)));
  if (c.array(raw.rules, 'rules', limits.riskStrategyRulesMax)) {
    const ids = new Set<string>();
    raw.rules.forEach((rule, i) => {
      const path = join('rules', i);
      if (!c.object(rule, path)) return;
      c.onlyKeys(rule, ['id', 'when', 'outcome', 'reason', 'description'], path);
      if (c.string(rule.id, join(path, 'id'), CODE_PATTERN)) {
        if (ids.has(rule.id)) c.fail(join(path, 'id'), `duplicate rule id "${rule.id}"`);
        ids.add(rule.id);
      }
      checkCondition(c, rule.when, join(path, 'when'), 0);
      c.oneOf(rule.outcome, OUTCOMES, join(path, 'outcome'), 'outcome');
      c.string(rule.reason, join(path, 'reason'), CODE_PATTERN);
    });
  }
  checkScorecard(c, raw.scorecard);
  if (raw.cutoff !== undefined && c.object(raw.cutoff, 'cutoff')) {
    c.onlyKeys(raw.cutoff, ['reject', 'review'], 'cutoff');
    if (raw.cutoff.reject !== undefined) c.number(raw.cutoff.reject, 'cutoff.reject');
    if (raw.cutoff.review !== undefined) c.number(raw.cutoff.review, 'cutoff.review');
  }
  checkScoreBands(c, raw.scoreBands);
  checkDecisionTable(c, raw.decisionTable);
  if (raw.scoreReasonCount !== undefined) {
    const n = raw.scoreReasonCount;
    if (!Number.isInteger(n) || (n as number) < 0 || (n as number) > limits.riskScoreReasonCodesMax) {
      c.fail('scoreReasonCount', `must be an integer from 0 to ${limits.riskScoreReasonCodesMax}`);
    }
  }
  return c.issues.length > 0 ? { issues: c.issues } : { document: raw as unknown as StrategyDocument };
}

function checkInputs(c: Checker, inputs: unknown): void {
  if (!c.array(inputs, 'inputs')) return;
  inputs.forEach((input, i) => {
    const path = join('inputs', i);
    if (!c.object(input, path)) return;
    c.onlyKeys(input, ['name', 'type'], path);
    c.string(input.name, join(path, 'name'), NAME_PATTERN);
    c.oneOf(input.type, FEATURE_TYPES, join(path, 'type'), 'type');
  });
}

function checkExpression(c: Checker, expression: unknown, path: string, depth: number): void {
  if (depth > limits.riskConditionDepthMax) {
    c.fail(path, `nests deeper than the limit of ${limits.riskConditionDepthMax}`);
    return;
  }
  if (typeof expression === 'string') return;
  if (typeof expression === 'number') {
    c.number(expression, path);
    return;
  }
  if (!c.object(expression, path)) return;
  const keys = Object.keys(expression);
  if (keys.length !== 1) {
    c.fail(path, `must have exactly one operator (${EXPRESSION_OPS.join(', ')})`);
    return;
  }
  const op = keys[0] as string;
  const opPath = join(path, op);
  if (!c.oneOf(op, EXPRESSION_OPS, opPath, 'expression operator')) return;
  const operands = expression[op];
  if (!c.array(operands, opPath)) return;
  const binary = op === 'sub' || op === 'ratio';
  if (binary ? operands.length !== 2 : operands.length < 1) {
    c.fail(opPath, binary ? `"${op}" takes exactly two operands` : `"${op}" takes at least one operand`);
  }
  operands.forEach((operand, i) => checkExpression(c, operand, join(opPath, i), depth + 1));
}

function checkCondition(c: Checker, condition: unknown, path: string, depth: number): void {
  if (depth > limits.riskConditionDepthMax) {
    c.fail(path, `nests deeper than the limit of ${limits.riskConditionDepthMax}`);
    return;
  }
  if (!c.object(condition, path)) return;
  for (const group of ['all', 'any'] as const) {
    if (group in condition) {
      c.onlyKeys(condition, [group], path);
      const items = condition[group];
      if (c.array(items, join(path, group))) {
        if (items.length === 0) c.fail(join(path, group), 'must not be empty');
        items.forEach((item, i) => checkCondition(c, item, join(join(path, group), i), depth + 1));
      }
      return;
    }
  }
  if ('not' in condition) {
    c.onlyKeys(condition, ['not'], path);
    checkCondition(c, condition.not, join(path, 'not'), depth + 1);
    return;
  }
  c.string(condition.feature, join(path, 'feature'));
  if (!c.oneOf(condition.op, CONDITION_OPS, join(path, 'op'), 'operator')) return;
  const op = condition.op;
  if ((COMPARISON_OPS as readonly string[]).includes(op)) {
    c.onlyKeys(condition, ['feature', 'op', 'value'], path);
    c.scalar(condition.value, join(path, 'value'));
  } else if ((SET_OPS as readonly string[]).includes(op)) {
    c.onlyKeys(condition, ['feature', 'op', 'values'], path);
    if (c.array(condition.values, join(path, 'values'), limits.riskConditionValuesMax)) {
      condition.values.forEach((v, i) => c.scalar(v, join(join(path, 'values'), i)));
    }
  } else if (op === 'between') {
    c.onlyKeys(condition, ['feature', 'op', 'min', 'max'], path);
    if (c.number(condition.min, join(path, 'min')) && c.number(condition.max, join(path, 'max')) && condition.min > condition.max) {
      c.fail(join(path, 'min'), 'must not be greater than max');
    }
  } else c.onlyKeys(condition, ['feature', 'op'], path);
}

function checkListCheck(c: Checker, check: unknown, path: string): void {
  if (!c.object(check, path)) return;
  c.onlyKeys(check, ['list', 'types', 'outcome', 'reason'], path);
  c.oneOf(check.list, LIST_KINDS, join(path, 'list'), 'list');
  if (c.array(check.types, join(path, 'types'))) {
    check.types.forEach((t, i) => c.oneOf(t, IDENTIFIER_TYPES, join(join(path, 'types'), i), 'identifier type'));
  }
  c.oneOf(check.outcome, OUTCOMES, join(path, 'outcome'), 'outcome');
  c.string(check.reason, join(path, 'reason'), CODE_PATTERN);
}

function checkScorecard(c: Checker, card: unknown): void {
  if (!c.object(card, 'scorecard')) return;
  if (card.kind !== 'lendcore.scorecard') c.fail('scorecard.kind', 'must be "lendcore.scorecard"');
  c.number(card.basePoints, 'scorecard.basePoints');
  if (!c.array(card.features, 'scorecard.features')) return;
  card.features.forEach((feature, i) => {
    const path = join('scorecard.features', i);
    if (!c.object(feature, path)) return;
    c.string(feature.name, join(path, 'name'));
    if (!c.oneOf(feature.kind, ['numeric', 'categorical'] as const, join(path, 'kind'), 'scorecard feature kind')) return;
    if (!c.array(feature.bins, join(path, 'bins'))) return;
    if (feature.bins.length === 0) c.fail(join(path, 'bins'), 'must not be empty');
    let previousUpper = Number.NEGATIVE_INFINITY;
    feature.bins.forEach((bin, b) => {
      const binPath = join(join(path, 'bins'), b);
      if (!c.object(bin, binPath)) return;
      c.number(bin.points, join(binPath, 'points'));
      if (feature.kind === 'numeric') {
        const last = b === (feature.bins as unknown[]).length - 1;
        if (last) {
          if (bin.upper !== null) c.fail(join(binPath, 'upper'), 'the last bin must be open-ended (upper: null)');
        } else if (c.number(bin.upper, join(binPath, 'upper'))) {
          if (bin.upper <= previousUpper) c.fail(join(binPath, 'upper'), 'bins must be in increasing order of upper');
          previousUpper = bin.upper;
        }
      } else if (c.array(bin.categories, join(binPath, 'categories'))) {
        bin.categories.forEach((cat, k) => c.string(cat, join(join(binPath, 'categories'), k)));
      }
    });
    c.number(feature.kind === 'numeric' ? feature.missingPoints : feature.otherPoints, join(path, feature.kind === 'numeric' ? 'missingPoints' : 'otherPoints'));
  });
}

function checkScoreBands(c: Checker, bands: unknown): void {
  if (!c.array(bands, 'scoreBands')) return;
  if (bands.length === 0) c.fail('scoreBands', 'must not be empty');
  let previousMin = Number.POSITIVE_INFINITY;
  bands.forEach((band, i) => {
    const path = join('scoreBands', i);
    if (!c.object(band, path)) return;
    c.onlyKeys(band, ['name', 'min'], path);
    c.string(band.name, join(path, 'name'), CODE_PATTERN);
    const last = i === bands.length - 1;
    if (last) {
      if (band.min !== null) c.fail(join(path, 'min'), 'the last score band must catch every score (min: null)');
    } else if (c.number(band.min, join(path, 'min'))) {
      if (band.min >= previousMin) c.fail(join(path, 'min'), 'score bands must be listed best first, in decreasing order of min');
      previousMin = band.min;
    }
  });
}

function checkDecisionTable(c: Checker, table: unknown): void {
  if (!c.object(table, 'decisionTable')) return;
  c.onlyKeys(table, ['incomeBands', 'cells'], 'decisionTable');
  if (c.array(table.incomeBands, 'decisionTable.incomeBands')) {
    if (table.incomeBands.length === 0) c.fail('decisionTable.incomeBands', 'must not be empty');
    table.incomeBands.forEach((band, i) => {
      const path = join('decisionTable.incomeBands', i);
      if (!c.object(band, path)) return;
      c.onlyKeys(band, ['name', 'monthlyIncomeMin'], path);
      c.string(band.name, join(path, 'name'), CODE_PATTERN);
      c.string(band.monthlyIncomeMin, join(path, 'monthlyIncomeMin'));
    });
  }
  if (c.array(table.cells, 'decisionTable.cells')) {
    table.cells.forEach((cell, i) => {
      const path = join('decisionTable.cells', i);
      if (!c.object(cell, path)) return;
      c.onlyKeys(cell, ['scoreBand', 'incomeBand', 'limit', 'priceTier'], path);
      c.string(cell.scoreBand, join(path, 'scoreBand'));
      c.string(cell.incomeBand, join(path, 'incomeBand'));
      c.string(cell.limit, join(path, 'limit'));
      c.string(cell.priceTier, join(path, 'priceTier'), CODE_PATTERN);
    });
  }
}
