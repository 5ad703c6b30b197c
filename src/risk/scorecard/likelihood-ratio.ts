/**
 * Likelihood-ratio (G) tests on binned labels, used to decide what the data support: whether a
 * feature's bins separate goods from bads at all (train.ts), and whether unconstrained bins beat
 * monotonic ones by more than chance (binning.ts). G = 2 × (log-likelihood gain), compared with the
 * chi-square quantile for the extra parameters; the quantile uses the Wilson–Hilferty approximation,
 * within about 1% of the exact value for the degrees of freedom bins give.
 */
import type { BinCounts } from './woe.ts';

/** One-sided normal quantiles for the tests' false-positive rates. */
export const Z_FIVE_PERCENT = 1.645;
export const Z_ONE_PERCENT = 2.326;

/** Log-likelihood of the labels when each bin predicts its own bad rate. */
export function logLikelihood(bins: readonly BinCounts[]): number {
  let total = 0;
  for (const { good, bad } of bins) {
    const n = good + bad;
    if (good > 0) total += good * Math.log(good / n);
    if (bad > 0) total += bad * Math.log(bad / n);
  }
  return total;
}

/** Whether a log-likelihood gain from `extraParameters` more parameters is beyond chance at quantile z. */
export function significantGain(gain: number, extraParameters: number, z: number): boolean {
  const degrees = Math.max(1, extraParameters);
  const v = 2 / (9 * degrees);
  const critical = degrees * (1 - v + z * Math.sqrt(v)) ** 3;
  return 2 * gain > critical;
}

/** Whether the bins separate goods from bads beyond chance, against one pooled bin. */
export function separatesClasses(bins: readonly BinCounts[], z: number): boolean {
  const pooled = bins.reduce((all, b) => ({ good: all.good + b.good, bad: all.bad + b.bad }), { good: 0, bad: 0 });
  return significantGain(logLikelihood(bins) - logLikelihood([pooled]), bins.length - 1, z);
}
