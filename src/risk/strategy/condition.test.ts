import { describe, expect, it } from 'vitest';
import type { Condition, FeatureType, FeatureValue, StrategyIssue } from './document.ts';
import { compileCondition } from './condition.ts';
import type { FeatureLayout } from './expression.ts';

const layout: FeatureLayout = {
  slots: new Map<string, { slot: number; type: FeatureType }>([
    ['n', { slot: 0, type: 'number' }],
    ['s', { slot: 1, type: 'string' }],
  ]),
};

function holds(condition: Condition, n: FeatureValue, s: FeatureValue = 'x'): boolean {
  const issues: StrategyIssue[] = [];
  const predicate = compileCondition(condition, layout, 'when', issues);
  expect(issues).toEqual([]);
  return predicate([n, s]);
}

const leaf = (op: string, rest: object): Condition => ({ feature: 'n', op, ...rest }) as Condition;
const MISSING: Condition = { feature: 'n', op: 'isMissing' };
const PRESENT: Condition = { not: MISSING };

// [operator, condition, value of n, expected]
const table: [string, Condition, FeatureValue, boolean][] = [
  ['eq', leaf('eq', { value: 5 }), 5, true],
  ['eq', leaf('eq', { value: 5 }), 6, false],
  ['eq', leaf('eq', { value: 5 }), null, false],
  ['ne', leaf('ne', { value: 5 }), 6, true],
  ['ne', leaf('ne', { value: 5 }), 5, false],
  ['ne', leaf('ne', { value: 5 }), null, false],
  ['lt', leaf('lt', { value: 5 }), 4, true],
  ['lt', leaf('lt', { value: 5 }), 5, false],
  ['lt', leaf('lt', { value: 5 }), null, false],
  ['lte', leaf('lte', { value: 5 }), 5, true],
  ['lte', leaf('lte', { value: 5 }), 6, false],
  ['lte', leaf('lte', { value: 5 }), null, false],
  ['gt', leaf('gt', { value: 5 }), 6, true],
  ['gt', leaf('gt', { value: 5 }), 5, false],
  ['gt', leaf('gt', { value: 5 }), null, false],
  ['gte', leaf('gte', { value: 5 }), 5, true],
  ['gte', leaf('gte', { value: 5 }), 4, false],
  ['gte', leaf('gte', { value: -0.5 }), -0.5, true],
  ['gte', leaf('gte', { value: 5 }), null, false],
  ['in', leaf('in', { values: [1, 2, 3] }), 2, true],
  ['in', leaf('in', { values: [1, 2, 3] }), 4, false],
  ['in', leaf('in', { values: [1, 2, 3] }), null, false],
  ['notIn', leaf('notIn', { values: [1, 2, 3] }), 4, true],
  ['notIn', leaf('notIn', { values: [1, 2, 3] }), 2, false],
  ['notIn', leaf('notIn', { values: [1, 2, 3] }), null, false],
  ['between', leaf('between', { min: 1, max: 3 }), 1, true],
  ['between', leaf('between', { min: 1, max: 3 }), 3, true],
  ['between', leaf('between', { min: 1, max: 3 }), 3.01, false],
  ['between', leaf('between', { min: 1, max: 3 }), 0, false],
  ['between', leaf('between', { min: 1, max: 3 }), null, false],
  ['isMissing', leaf('isMissing', {}), null, true],
  ['isMissing', leaf('isMissing', {}), 0, false],
  ['all', { all: [PRESENT, MISSING] }, 1, false],
  ['all', { all: [leaf('gt', { value: 0 }), leaf('lt', { value: 2 })] }, 1, true],
  ['all', { all: [leaf('gt', { value: 0 }), leaf('lt', { value: 2 }), leaf('ne', { value: 1 })] }, 1, false],
  ['any', { any: [leaf('eq', { value: 9 }), leaf('eq', { value: 1 })] }, 1, true],
  ['any', { any: [leaf('eq', { value: 9 }), leaf('eq', { value: 8 })] }, 1, false],
  ['not', { not: leaf('eq', { value: 1 }) }, 1, false],
  ['not', { not: leaf('eq', { value: 1 }) }, null, true],
  ['nested', { any: [{ all: [leaf('gte', { value: 10 }), { not: leaf('in', { values: [11, 12] }) }] }, MISSING] }, 11, false],
  ['nested', { any: [{ all: [leaf('gte', { value: 10 }), { not: leaf('in', { values: [11, 12] }) }] }, MISSING] }, 13, true],
  ['nested', { any: [{ all: [leaf('gte', { value: 10 }), { not: leaf('in', { values: [11, 12] }) }] }, MISSING] }, null, true],
];

describe('compileCondition', () => {
  it.each(table)('%s: %j on n=%j is %s', (_op, condition, n, expected) => {
    expect(holds(condition, n)).toBe(expected);
  });

  it.each<[string, Condition, FeatureValue, boolean]>([
    ['eq', { feature: 's', op: 'eq', value: 'salaried' }, 'salaried', true],
    ['ne', { feature: 's', op: 'ne', value: 'salaried' }, 'student', true],
    ['in', { feature: 's', op: 'in', values: ['a', 'b'] }, 'b', true],
    ['notIn', { feature: 's', op: 'notIn', values: ['a', 'b'] }, 'c', true],
    ['notIn', { feature: 's', op: 'notIn', values: ['a', 'b'] }, null, false],
  ])('string %s: %j on s=%j is %s', (_op, condition, s, expected) => {
    expect(holds(condition, 0, s)).toBe(expected);
  });

  it.each<[Condition, string, string]>([
    [{ feature: 'nope', op: 'eq', value: 1 }, 'when.feature', 'unknown feature "nope"'],
    [{ feature: 's', op: 'lt', value: 'a' }, 'when.op', '"lt" needs a number feature'],
    [{ feature: 'n', op: 'eq', value: 'five' }, 'when.value', 'feature "n" is a number'],
    [{ all: [{ feature: 'n', op: 'gt', value: 1 }, { feature: 'n', op: 'in', values: [1, 'x'] }] }, 'when.all[1].values[1]', 'is a string'],
    [{ not: { feature: 's', op: 'between', min: 1, max: 2 } }, 'when.not.op', '"between" needs a number feature'],
  ])('rejects %j at %s', (condition, path, message) => {
    const issues: StrategyIssue[] = [];
    compileCondition(condition, layout, 'when', issues);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe(path);
    expect(issues[0]?.message).toContain(message);
  });
});
