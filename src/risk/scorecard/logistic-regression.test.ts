import { describe, expect, it } from 'vitest';
import { limits } from '../../kernel/limits.ts';
import { seededRandom } from '../../kernel/random.ts';
import { defaultLogisticOptions, fitLogistic } from './logistic-regression.ts';

/** Rows drawn from a known model: logit P(y = 1) = 0.5 + 1.5 x1 − 0.8 x2. */
function sample(rows: number, seed: number): { x: Float64Array; y: Uint8Array } {
  const random = seededRandom(seed);
  const x = new Float64Array(rows * 2);
  const y = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const x1 = random.next() * 2 - 1;
    const x2 = random.next() * 2 - 1;
    x[r * 2] = x1;
    x[r * 2 + 1] = x2;
    y[r] = random.chance(1 / (1 + Math.exp(-(0.5 + 1.5 * x1 - 0.8 * x2)))) ? 1 : 0;
  }
  return { x, y };
}

describe('logistic regression', () => {
  it('recovers the coefficients of the model that generated the data', () => {
    const { x, y } = sample(50_000, 1);
    const fit = fitLogistic(x, 2, y);
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(0.5, 1);
    expect(fit.coefficients[0]).toBeCloseTo(1.5, 1);
    expect(fit.coefficients[1]).toBeCloseTo(-0.8, 1);
  });

  it('sets the gradient of the penalised likelihood to zero', () => {
    const { x, y } = sample(2_000, 2);
    const l2 = 5;
    const fit = fitLogistic(x, 2, y, { ...defaultLogisticOptions, l2 });
    let gradient0 = 0;
    let gradient1 = 0;
    let gradient2 = 0;
    for (let r = 0; r < y.length; r++) {
      const x1 = x[r * 2] as number;
      const x2 = x[r * 2 + 1] as number;
      const residual = (y[r] as number) - 1 / (1 + Math.exp(-(fit.intercept + (fit.coefficients[0] as number) * x1 + (fit.coefficients[1] as number) * x2)));
      gradient0 += residual;
      gradient1 += residual * x1;
      gradient2 += residual * x2;
    }
    expect(gradient0).toBeCloseTo(0, 6);
    expect(gradient1).toBeCloseTo(l2 * (fit.coefficients[0] as number), 6);
    expect(gradient2).toBeCloseTo(l2 * (fit.coefficients[1] as number), 6);
  });

  it('stays finite when one feature separates the classes perfectly, or is a copy of another', () => {
    const x = Float64Array.from([-1, -1, -2, -2, 1, 1, 2, 2]); // two identical columns, 4 rows
    const fit = fitLogistic(x, 2, Uint8Array.from([0, 0, 1, 1]));
    expect(fit.coefficients.every(Number.isFinite)).toBe(true);
    expect(fit.coefficients[0]).toBeCloseTo(fit.coefficients[1] as number, 9);
    expect(fit.coefficients[0]).toBeGreaterThan(0);
  });

  it(`never runs more than limits.scorecardRegressionIterationsMax (${limits.scorecardRegressionIterationsMax}) iterations`, () => {
    const { x, y } = sample(500, 3);
    const unbounded = fitLogistic(x, 2, y, { l2: 0, tolerance: 0, iterationsMax: Number.POSITIVE_INFINITY });
    expect(unbounded.iterations).toBe(limits.scorecardRegressionIterationsMax);
    expect(unbounded.converged).toBe(false);
    expect(fitLogistic(x, 2, y, { ...defaultLogisticOptions, iterationsMax: 2 }).iterations).toBe(2);
  });

  it('converges in fewer steps from a nearby start', () => {
    const { x, y } = sample(5_000, 4);
    const cold = fitLogistic(x, 2, y);
    const warm = fitLogistic(x, 2, y, defaultLogisticOptions, { intercept: cold.intercept, coefficients: cold.coefficients });
    expect(warm.iterations).toBeLessThan(cold.iterations);
    expect(warm.coefficients[0]).toBeCloseTo(cold.coefficients[0] as number, 6);
  });
});
