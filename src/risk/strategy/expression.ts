/**
 * Derived features: orders their definitions so each is computed after what it reads, rejects
 * unknown references and cycles (naming the path and the cycle), and compiles each expression to a
 * closure over the feature vector. No text is ever evaluated as code.
 * Invariants: a derived value is a finite number or missing (null) — never NaN or ±Infinity; any
 * missing operand, a non-number operand, or a zero divisor makes the result missing.
 */
import type { Expression, ExpressionOp, FeatureType, FeatureValue, StrategyIssue } from './document.ts';
import { join } from './validate.ts';

export type Vector = FeatureValue[];
export type NumberOf = (v: Vector) => number | null;

export interface FeatureLayout {
  /** Slot and type of every feature a condition may name. */
  readonly slots: ReadonlyMap<string, { readonly slot: number; readonly type: FeatureType }>;
}

/** Names each derived feature reads directly, with the path of the reference. */
function references(expression: Expression, path: string, out: { name: string; path: string }[]): void {
  if (typeof expression === 'string') out.push({ name: expression, path });
  else if (typeof expression === 'object') {
    const [op, operands] = Object.entries(expression)[0] as [ExpressionOp, Expression[]];
    operands.forEach((operand, i) => references(operand, join(join(path, op), i), out));
  }
}

/**
 * The derived features in an order where every feature comes after those it reads, or the issues
 * (unknown features, cycles) that make such an order impossible.
 */
export function orderDerived(
  features: Readonly<Record<string, Expression>>,
  known: ReadonlySet<string>,
): { order: string[] } | { issues: StrategyIssue[] } {
  const issues: StrategyIssue[] = [];
  const edges = new Map<string, { name: string; path: string }[]>();
  for (const [name, expression] of Object.entries(features)) {
    if (known.has(name)) issues.push({ path: join('features', name), message: `"${name}" is already a built-in or input feature` });
    const refs: { name: string; path: string }[] = [];
    references(expression, join('features', name), refs);
    for (const ref of refs) {
      if (!known.has(ref.name) && !(ref.name in features)) issues.push({ path: ref.path, message: `unknown feature "${ref.name}"` });
    }
    edges.set(name, refs.filter((ref) => ref.name in features));
  }
  if (issues.length > 0) return { issues };

  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string, path: string): boolean => {
    const s = state.get(name);
    if (s === 'done') return true;
    if (s === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      issues.push({ path, message: `cyclic feature definition: ${cycle.join(' → ')}` });
      return false;
    }
    state.set(name, 'visiting');
    stack.push(name);
    for (const ref of edges.get(name) ?? []) if (!visit(ref.name, ref.path)) return false;
    stack.pop();
    state.set(name, 'done');
    order.push(name);
    return true;
  };
  for (const name of Object.keys(features)) if (!visit(name, join('features', name))) return { issues };
  return { order };
}

/** Compiles an expression whose references are known to exist in `layout`. */
export function compileExpression(expression: Expression, layout: FeatureLayout, path: string, issues: StrategyIssue[]): NumberOf {
  if (typeof expression === 'number') return () => expression;
  if (typeof expression === 'string') {
    const feature = layout.slots.get(expression);
    if (feature === undefined) {
      issues.push({ path, message: `unknown feature "${expression}"` });
      return () => null;
    }
    if (feature.type !== 'number') issues.push({ path, message: `feature "${expression}" is a ${feature.type}; arithmetic needs a number` });
    const slot = feature.slot;
    return (v) => {
      const x = v[slot];
      return typeof x === 'number' ? x : null;
    };
  }
  const [op, operands] = Object.entries(expression)[0] as [ExpressionOp, Expression[]];
  const parts = operands.map((operand, i) => compileExpression(operand, layout, join(join(path, op), i), issues));
  return combine(op, parts);
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function combine(op: ExpressionOp, parts: readonly NumberOf[]): NumberOf {
  if (op === 'sub' || op === 'ratio') {
    const [left, right] = parts as [NumberOf, NumberOf];
    if (op === 'sub') {
      return (v) => {
        const a = left(v);
        const b = right(v);
        return a === null || b === null ? null : finite(a - b);
      };
    }
    return (v) => {
      const a = left(v);
      const b = right(v);
      return a === null || b === null || b === 0 ? null : finite(a / b);
    };
  }
  const step: (acc: number, x: number) => number =
    op === 'add' ? (acc, x) => acc + x : op === 'mul' ? (acc, x) => acc * x : op === 'min' ? Math.min : Math.max;
  return (v) => {
    let acc = parts[0]!(v);
    if (acc === null) return null;
    for (let i = 1; i < parts.length; i++) {
      const x = parts[i]!(v);
      if (x === null) return null;
      acc = step(acc, x);
    }
    return finite(acc);
  };
}
