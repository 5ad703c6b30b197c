import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { BUILTIN_FEATURES, BUILTIN_SLOT } from '../features/catalog.ts';
import { loadStrategy, type CompiledStrategy, type StrategyInput } from './compile.ts';
import type { FeatureValue } from './document.ts';
import { parseStrategyText } from './parse.ts';

const DEFAULT_TEXT = readFileSync(new URL('../strategies/default-consumer.json', import.meta.url), 'utf8');
const fresh = (): Record<string, any> => JSON.parse(DEFAULT_TEXT);

function compiled(doc: unknown): CompiledStrategy {
  const result = loadStrategy(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.strategy;
}

function issuesOf(doc: unknown): { path: string; message: string }[] {
  const result = loadStrategy(doc);
  expect(result.ok).toBe(false);
  return result.ok ? [] : [...result.issues];
}

/** A good applicant: 30 years old, 15,000.00 a month, asking 30,000.00 over 12 months. */
function input(overrides: Record<string, FeatureValue> = {}, fields: Record<string, unknown> = { employmentType: 'salaried' }, listHitMasks = [0, 0, 0]): StrategyInput {
  const builtins: FeatureValue[] = BUILTIN_FEATURES.map((name) => (name.startsWith('history.') ? null : 0));
  const values: Record<string, FeatureValue> = { requestedAmountMinor: 3_000_000, monthlyIncomeMinor: 1_500_000, termMonths: 12, age: 30, 'graph.componentPeople': 1, ...overrides };
  for (const [name, value] of Object.entries(values)) builtins[BUILTIN_SLOT.get(name)!] = value;
  const income = values.monthlyIncomeMinor;
  return { builtins, fields, monthlyIncomeMinor: typeof income === 'number' ? BigInt(income) : null, listHitMasks };
}

describe('the default consumer strategy', () => {
  const strategy = compiled(fresh());

  it('approves a good applicant with the limit and price tier of their cell', () => {
    const result = strategy.evaluate(input());
    expect(result.outcome).toBe('approve');
    expect(result.score).toBe(670);
    expect(result.scoreBand).toBe('B');
    expect(result.incomeBand).toBe('mid');
    expect(result.limitMinor).toBe(3_000_000n);
    expect(result.priceTier).toBe('P2');
    expect(result.ruleHits).toEqual([]);
  });

  it('computes derived features, missing when a divisor is 0', () => {
    const v = strategy.evaluate(input()).vector;
    const at = (name: string): FeatureValue => v[strategy.featureNames.indexOf(name)] as FeatureValue;
    expect(at('loanToIncome')).toBe(2);
    expect(at('installmentToIncome')).toBeCloseTo(2 / 12);
    const broke = strategy.evaluate(input({ monthlyIncomeMinor: 0 }));
    expect(broke.vector[strategy.featureNames.indexOf('loanToIncome')]).toBeNull();
    expect(broke.outcome).toBe('reject');
    expect(broke.reasonCodes).toEqual(['NO_INCOME']);
  });

  it.each<[string, Record<string, FeatureValue>, Record<string, unknown> | undefined, number[] | undefined, string, string[]]>([
    ['a reject rule', { age: 17 }, undefined, undefined, 'reject', ['UNDERAGE']],
    ['a black-list hit on the phone', {}, undefined, [0b10, 0, 0], 'reject', ['BLACKLISTED']],
    ['a black-list hit on an unchecked type (address)', {}, undefined, [0b100000, 0, 0], 'approve', []],
    ['a review rule', { 'velocity.idNumber.day': 3 }, undefined, undefined, 'review', ['MULTI_APPLY_DAY']],
    ['a white list over a review rule', { 'velocity.idNumber.day': 3 }, undefined, [0, 0, 0b1], 'approve', ['WHITELISTED']],
    ['a reject rule over the white list', { age: 70 }, undefined, [0, 0, 0b1], 'reject', ['OVER_AGE']],
    ['a grey-list hit', {}, undefined, [0, 0b1000, 0], 'review', ['GREYLISTED']],
    ['a string input', {}, { employmentType: 'unemployed' }, undefined, 'reject', ['UNEMPLOYED']],
  ])('%s', (_name, overrides, fields, masks, outcome, reasons) => {
    const result = strategy.evaluate(input(overrides, fields, masks));
    expect(result.outcome).toBe(outcome);
    expect(result.reasonCodes).toEqual(reasons);
    if (outcome !== 'approve') expect(result.limitMinor).toBeNull();
  });

  it('rejects below the score cutoff, giving the features that cost the most points', () => {
    const result = strategy.evaluate(input({ age: 19, monthlyIncomeMinor: 200_000, requestedAmountMinor: 1_500_000, 'history.utilization': 0.95 }, { employmentType: 'student' }));
    expect(result.score).toBeLessThan(520);
    expect(result.outcome).toBe('reject');
    expect(result.reasonCodes[0]).toBe('SCORE_BELOW_REJECT_CUTOFF');
    expect(result.reasonCodes.slice(1)).toEqual(['score:monthlyIncomeMinor', 'score:loanToIncome', 'score:age']);
    expect(result.ruleHits).toContain('H04');
  });

  it('reads the same document written in YAML', () => {
    const parsed = parseStrategyText(stringify(fresh()));
    expect('value' in parsed && compiled(parsed.value).evaluate(input()).outcome).toBe('approve');
  });
});

describe('strategy validation', () => {
  it.each<[string, (doc: Record<string, any>) => void, string, string]>([
    ['an unknown operator deep in a rule', (d) => (d.rules[3].when = { all: [{ feature: 'age', op: 'gt', value: 1 }, { feature: 'age', op: 'gtt', value: 2 }] }), 'rules[3].when.all[1].op', 'unknown operator "gtt"'],
    ['an unknown feature in a rule', (d) => (d.rules[0].when.feature = 'agee'), 'rules[0].when.feature', 'unknown feature "agee"'],
    ['an unknown feature in a derived feature', (d) => (d.features.loanToIncome = { ratio: ['requestedAmountMinor', 'monthlyIncme'] }), 'features.loanToIncome.ratio[1]', 'unknown feature "monthlyIncme"'],
    ['a cycle between derived features', (d) => {
      d.features.a = { add: ['b', 1] };
      d.features.b = { mul: ['loanToIncome', 'a'] };
    }, 'features.b.mul[1]', 'cyclic feature definition: a → b → a'],
    ['a feature defined in terms of itself', (d) => (d.features.selfish = { add: ['selfish', 1] }), 'features.selfish.add[0]', 'selfish → selfish'],
    ['ratio with three operands', (d) => (d.features.loanToIncome = { ratio: ['age', 'age', 'age'] }), 'features.loanToIncome.ratio', 'exactly two operands'],
    ['an unknown expression operator', (d) => (d.features.loanToIncome = { pow: ['age', 2] }), 'features.loanToIncome.pow', 'unknown expression operator'],
    ['a string compared with a number feature', (d) => (d.rules[1].when.value = '65'), 'rules[1].when.value', 'is a string'],
    ['a bad outcome', (d) => (d.rules[2].outcome = 'deny'), 'rules[2].outcome', 'unknown outcome "deny"'],
    ['a duplicate rule id', (d) => (d.rules[1].id = 'P01'), 'rules[1].id', 'duplicate rule id'],
    ['an unknown list', (d) => (d.lists[0].list = 'red'), 'lists[0].list', 'unknown list'],
    ['an unknown identifier type', (d) => (d.lists[0].types[1] = 'email'), 'lists[0].types[1]', 'unknown identifier type'],
    ['an unknown scorecard feature', (d) => (d.scorecard.features[2].name = 'nope'), 'scorecard.features[2].name', 'unknown feature "nope"'],
    ['score bands out of order', (d) => (d.scoreBands[1].min = 700), 'scoreBands[1].min', 'decreasing order'],
    ['a missing decision-table cell', (d) => d.decisionTable.cells.pop(), 'decisionTable.cells', 'no cell for score band "D" and income band "high"'],
    ['a limit that is not an amount', (d) => (d.decisionTable.cells[0].limit = '20000.001'), 'decisionTable.cells[0].limit', 'is not an amount'],
    ['an unknown top-level field', (d) => (d.rulez = []), 'rulez', 'unknown field'],
    ['an input shadowing a built-in feature', (d) => d.inputs.push({ name: 'age', type: 'number' }), 'inputs[1].name', 'already a feature'],
    ['a condition nested past the limit', (d) => {
      let when: unknown = { feature: 'age', op: 'gt', value: 1 };
      for (let i = 0; i < 20; i++) when = { not: when };
      d.rules[0].when = when;
    }, 'rules[0].when.not.not.not.not.not.not.not.not.not.not.not.not.not.not.not.not.not', 'nests deeper'],
  ])('%s is refused at its path', (_name, spoil, path, message) => {
    const doc = fresh();
    spoil(doc);
    const issues = issuesOf(doc);
    expect(issues.map((i) => i.path)).toContain(path);
    expect(issues.find((i) => i.path === path)?.message).toContain(message);
  });

  it('refuses text that is neither JSON nor YAML, and a non-object document', () => {
    expect(parseStrategyText('{"kind": ')).toMatchObject({ issues: [{ path: '', message: expect.stringContaining('not JSON') }] });
    expect(issuesOf([1, 2])).toEqual([{ path: '', message: 'must be an object' }]);
  });

  it('refuses more rules than the limit', () => {
    const doc = fresh();
    doc.rules = Array.from({ length: 2_001 }, (_, i) => ({ ...doc.rules[0], id: `R${i}` }));
    expect(issuesOf(doc)[0]?.message).toContain('more than the limit of 2000');
  });
});
