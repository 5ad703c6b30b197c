/**
 * The root finder behind every APR: the rate i ≥ 0 at which the discounted payments equal the
 * discounted advances, Σ aₖ / Dₖ(i) = 0, with payments positive and advances negative. Each flow sits
 * `whole` unit periods plus a `fraction` of one from the start; its discount factor is
 * - `simpleFraction` (Regulation Z Appendix J): (1 + fraction·i)(1 + i)^whole;
 * - `compound` (IRR, EU Annex I): (1 + i)^(whole + fraction).
 * float64 is deliberate here: the output is a rate, reported to 4 decimals of a percent, and Newton
 * steps need transcendental powers; the amounts come from exact bigint minor units (below 2^53).
 * Method: Newton from a simple-interest guess; if it leaves the domain or stalls, bisection-safeguarded
 * Newton on a bracket found by doubling the upper rate (so irregular flows, 0% and rates far above
 * 1,000% a year all solve). Iterations are bounded by `limits.aprSolverIterationsMax`.
 */
import { limits } from '../../kernel/limits.ts';
import { err, ok, type Result } from '../../kernel/result.ts';

export interface TimedFlow {
  /** Positive for a payment, negative for an advance. */
  readonly amount: number;
  readonly whole: number;
  readonly fraction: number;
}

export type Compounding = 'simpleFraction' | 'compound';

/** Upper bound of the bracket search: a rate of 10^9 per unit period. */
const RATE_CEILING = 1e9;
const TOLERANCE = 1e-14;

export function solveRate(flows: readonly TimedFlow[], compounding: Compounding): Result<number, 'no_rate_solves'> {
  const n = flows.length;
  const amounts = new Float64Array(n);
  const wholes = new Float64Array(n);
  const fractions = new Float64Array(n);
  let net = 0;
  let weighted = 0;
  for (let k = 0; k < n; k += 1) {
    const f = flows[k]!;
    amounts[k] = f.amount;
    wholes[k] = compounding === 'compound' ? f.whole + f.fraction : f.whole;
    fractions[k] = compounding === 'compound' ? 0 : f.fraction;
    net += f.amount;
    weighted += f.amount * (f.whole + f.fraction);
  }
  const evaluate = (i: number): [number, number] => presentValue(amounts, wholes, fractions, i);
  if (Math.abs(net) <= 1e-9 * scaleOf(amounts)) return ok(0);
  const guess = weighted > 0 ? net / weighted : 0.01;
  const newton = plainNewton(evaluate, guess > 0 ? guess : 0.01);
  if (newton !== null) return ok(newton);
  return bracketed(evaluate);
}

/** Σ aₖ/Dₖ(i) and its derivative in i. */
function presentValue(amounts: Float64Array, wholes: Float64Array, fractions: Float64Array, i: number): [number, number] {
  let value = 0;
  let slope = 0;
  const logGrowth = Math.log1p(i);
  for (let k = 0; k < amounts.length; k += 1) {
    const w = wholes[k]!;
    const f = fractions[k]!;
    const simple = 1 + f * i;
    const discounted = amounts[k]! / (simple * Math.exp(w * logGrowth));
    value += discounted;
    slope -= discounted * (f / simple + w / (1 + i));
  }
  return [value, slope];
}

function scaleOf(amounts: Float64Array): number {
  let scale = 0;
  for (const a of amounts) scale = Math.max(scale, Math.abs(a));
  return scale;
}

function plainNewton(evaluate: (i: number) => [number, number], start: number): number | null {
  let i = start;
  for (let iteration = 0; iteration < 50; iteration += 1) {
    const [value, slope] = evaluate(i);
    if (!Number.isFinite(value) || !Number.isFinite(slope) || slope === 0) return null;
    const next = i - value / slope;
    if (!(next > -0.99) || !Number.isFinite(next)) return null;
    if (Math.abs(next - i) <= TOLERANCE * (1 + Math.abs(next))) return next >= 0 ? next : null;
    i = next;
  }
  return null;
}

function bracketed(evaluate: (i: number) => [number, number]): Result<number, 'no_rate_solves'> {
  let lo = 0;
  const [valueAtZero] = evaluate(0);
  const signAtZero = Math.sign(valueAtZero);
  let hi = 0.125;
  let valueHi = evaluate(hi)[0];
  while (Math.sign(valueHi) === signAtZero && hi < RATE_CEILING) {
    lo = hi;
    hi *= 2;
    valueHi = evaluate(hi)[0];
  }
  if (Math.sign(valueHi) === signAtZero || valueHi === 0 && signAtZero === 0) {
    return err('no_rate_solves', 'no rate from 0% up equates the payments to the advances');
  }
  let i = (lo + hi) / 2;
  for (let iteration = 0; iteration < limits.aprSolverIterationsMax; iteration += 1) {
    const [value, slope] = evaluate(i);
    if (value === 0) return ok(i);
    if (Math.sign(value) === signAtZero) lo = i;
    else hi = i;
    const newton = slope !== 0 ? i - value / slope : Number.NaN;
    const next = newton > lo && newton < hi ? newton : (lo + hi) / 2;
    if (Math.abs(next - i) <= TOLERANCE * (1 + Math.abs(next)) || hi - lo <= TOLERANCE * (1 + hi)) return ok(next);
    i = next;
  }
  return err('no_rate_solves', `the rate did not converge in ${limits.aprSolverIterationsMax} iterations`);
}
