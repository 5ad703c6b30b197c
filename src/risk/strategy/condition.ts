/**
 * Rule conditions compiled to predicates over the feature vector: each leaf becomes one closure that
 * reads one slot and compares it with constants fixed at compile time; `all`/`any`/`not` compose them.
 * Type errors (ordering a string, comparing a number feature with a string) are found here, with the
 * path, instead of silently never matching at run time.
 * Invariant: a comparison on a missing (null) value is false for every operator but `isMissing`.
 */
import { COMPARISON_OPS, type Condition, type StrategyIssue } from './document.ts';
import type { FeatureLayout, Vector } from './expression.ts';
import { join } from './validate.ts';

export type Predicate = (v: Vector) => boolean;

const ORDERING_OPS: ReadonlySet<string> = new Set(['lt', 'lte', 'gt', 'gte']);

export function compileCondition(condition: Condition, layout: FeatureLayout, path: string, issues: StrategyIssue[]): Predicate {
  if ('all' in condition) {
    const parts = condition.all.map((c, i) => compileCondition(c, layout, join(join(path, 'all'), i), issues));
    if (parts.length === 2) {
      const [a, b] = parts as [Predicate, Predicate];
      return (v) => a(v) && b(v);
    }
    return (v) => {
      for (let i = 0; i < parts.length; i++) if (!(parts[i] as Predicate)(v)) return false;
      return true;
    };
  }
  if ('any' in condition) {
    const parts = condition.any.map((c, i) => compileCondition(c, layout, join(join(path, 'any'), i), issues));
    return (v) => {
      for (let i = 0; i < parts.length; i++) if ((parts[i] as Predicate)(v)) return true;
      return false;
    };
  }
  if ('not' in condition) {
    const inner = compileCondition(condition.not, layout, join(path, 'not'), issues);
    return (v) => !inner(v);
  }

  const feature = layout.slots.get(condition.feature);
  if (feature === undefined) {
    issues.push({ path: join(path, 'feature'), message: `unknown feature "${condition.feature}"` });
    return () => false;
  }
  const slot = feature.slot;
  const typeOf = (value: number | string): string => (typeof value === 'number' ? 'number' : 'string');
  const mismatch = (valuePath: string, value: number | string): boolean => {
    if (typeOf(value) === feature.type) return false;
    issues.push({ path: valuePath, message: `feature "${condition.feature}" is a ${feature.type}; ${JSON.stringify(value)} is a ${typeOf(value)}` });
    return true;
  };

  switch (condition.op) {
    case 'isMissing':
      return (v) => v[slot] === null;
    case 'between': {
      if (feature.type !== 'number') issues.push({ path: join(path, 'op'), message: `"between" needs a number feature; "${condition.feature}" is a string` });
      const { min, max } = condition;
      return (v) => {
        const x = v[slot] as number | null;
        return x !== null && x >= min && x <= max;
      };
    }
    case 'in':
    case 'notIn': {
      condition.values.forEach((value, i) => mismatch(join(join(path, 'values'), i), value));
      const set = new Set<number | string>(condition.values);
      if (condition.op === 'in') return (v) => set.has(v[slot] as number | string);
      return (v) => {
        const x = v[slot] as number | string | null;
        return x !== null && !set.has(x);
      };
    }
    default: {
      const { op, value } = condition;
      if (!(COMPARISON_OPS as readonly string[]).includes(op)) {
        issues.push({ path: join(path, 'op'), message: `unknown operator "${String(op)}"` });
        return () => false;
      }
      if (mismatch(join(path, 'value'), value)) return () => false;
      if (ORDERING_OPS.has(op) && feature.type !== 'number') {
        issues.push({ path: join(path, 'op'), message: `"${op}" needs a number feature; "${condition.feature}" is a string` });
        return () => false;
      }
      return comparison(op, slot, value);
    }
  }
}

function comparison(op: (typeof COMPARISON_OPS)[number], slot: number, value: number | string): Predicate {
  switch (op) {
    case 'eq':
      return (v) => v[slot] === value;
    case 'ne':
      return (v) => {
        const x = v[slot];
        return x !== null && x !== value;
      };
    case 'lt':
      return (v) => {
        const x = v[slot] as number | null;
        return x !== null && x < (value as number);
      };
    case 'lte':
      return (v) => {
        const x = v[slot] as number | null;
        return x !== null && x <= (value as number);
      };
    case 'gt':
      return (v) => {
        const x = v[slot] as number | null;
        return x !== null && x > (value as number);
      };
    case 'gte':
      return (v) => {
        const x = v[slot] as number | null;
        return x !== null && x >= (value as number);
      };
  }
}
