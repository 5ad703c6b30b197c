/**
 * Logistic regression by Newton's method (iteratively reweighted least squares) with a small ridge
 * penalty on the coefficients (never on the intercept), which keeps the Hessian positive definite
 * when features are collinear or a feature separates the classes. Iterations are bounded by
 * `limits.scorecardRegressionIterationsMax`; the fit stops earlier once no parameter moves more than
 * `tolerance`. Models the log-odds of the positive label: logit P(y = 1) = intercept + Σ coefficient × x.
 */
import { assert } from '../../kernel/assert.ts';
import { limits } from '../../kernel/limits.ts';

export interface LogisticFit {
  readonly intercept: number;
  readonly coefficients: readonly number[];
  readonly iterations: number;
  readonly converged: boolean;
}

export interface LogisticOptions {
  /** Ridge penalty λ in −loglik + λ/2 ‖β‖². */
  readonly l2: number;
  readonly tolerance: number;
  readonly iterationsMax: number;
}

export const defaultLogisticOptions: LogisticOptions = {
  l2: 1e-3,
  tolerance: 1e-7,
  iterationsMax: limits.scorecardRegressionIterationsMax,
};

export interface LogisticStart {
  readonly intercept: number;
  readonly coefficients: readonly number[];
}

/**
 * Fits on `x`, `rowCount` rows of `featureCount` values each (row-major), against labels `y` (0 or 1),
 * starting from `start` (a previous fit of nearly the same model converges in fewer steps) or zero.
 */
export function fitLogistic(
  x: Float64Array,
  featureCount: number,
  y: Uint8Array,
  options: LogisticOptions = defaultLogisticOptions,
  start?: LogisticStart,
): LogisticFit {
  const rowCount = y.length;
  assert(x.length === rowCount * featureCount, 'design matrix size does not match the labels');
  assert(start === undefined || start.coefficients.length === featureCount, 'one starting coefficient per feature');
  const size = featureCount + 1; // parameter 0 is the intercept
  const beta = start === undefined ? new Float64Array(size) : Float64Array.from([start.intercept, ...start.coefficients]);
  const iterationsMax = Math.min(options.iterationsMax, limits.scorecardRegressionIterationsMax);
  let iterations = 0;
  let converged = false;
  const gradient = new Float64Array(size);
  const hessian = new Float64Array(size * size);
  const row = new Float64Array(size);
  while (iterations < iterationsMax && !converged) {
    iterations++;
    gradient.fill(0);
    hessian.fill(0);
    for (let r = 0; r < rowCount; r++) {
      row[0] = 1;
      let eta = beta[0] as number;
      for (let j = 0; j < featureCount; j++) {
        const v = x[r * featureCount + j] as number;
        row[j + 1] = v;
        eta += (beta[j + 1] as number) * v;
      }
      const p = 1 / (1 + Math.exp(-eta));
      const residual = (y[r] as number) - p;
      const weight = p * (1 - p);
      for (let a = 0; a < size; a++) {
        const ra = row[a] as number;
        gradient[a] = (gradient[a] as number) + ra * residual;
        const wa = weight * ra;
        for (let b = 0; b <= a; b++) hessian[a * size + b] = (hessian[a * size + b] as number) + wa * (row[b] as number);
      }
    }
    for (let a = 1; a < size; a++) {
      gradient[a] = (gradient[a] as number) - options.l2 * (beta[a] as number);
      hessian[a * size + a] = (hessian[a * size + a] as number) + options.l2;
    }
    const step = solveSymmetric(hessian, gradient, size);
    let largest = 0;
    for (let a = 0; a < size; a++) {
      beta[a] = (beta[a] as number) + (step[a] as number);
      largest = Math.max(largest, Math.abs(step[a] as number));
    }
    converged = largest < options.tolerance;
  }
  return { intercept: beta[0] as number, coefficients: Array.from(beta.subarray(1)), iterations, converged };
}

/**
 * Solves H s = g by Cholesky decomposition; only the lower triangle of `h` is read. H is the
 * penalised Hessian of a convex loss, so it is positive definite unless there is a bug.
 */
function solveSymmetric(h: Float64Array, g: Float64Array, size: number): Float64Array {
  const l = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      let s = h[i * size + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * size + k] as number) * (l[j * size + k] as number);
      if (i === j) {
        // A zero pivot means a feature with no variance left unpenalised (the intercept column is
        // never zero), so nudge it rather than divide by zero.
        l[i * size + i] = Math.sqrt(Math.max(s, 1e-12));
      } else {
        l[i * size + j] = s / (l[j * size + j] as number);
      }
    }
  }
  const z = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let s = g[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * size + k] as number) * (z[k] as number);
    z[i] = s / (l[i * size + i] as number);
  }
  const solution = new Float64Array(size);
  for (let i = size - 1; i >= 0; i--) {
    let s = z[i] as number;
    for (let k = i + 1; k < size; k++) s -= (l[k * size + i] as number) * (solution[k] as number);
    solution[i] = s / (l[i * size + i] as number);
  }
  return solution;
}
