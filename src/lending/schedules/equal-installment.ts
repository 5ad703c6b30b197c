/**
 * The two equal amounts a schedule is built around, computed exactly and rounded once:
 * - the equal installment (annuity) B·r·(1+r)ⁿ / ((1+r)ⁿ − 1) on the exact rational rate r, evaluated
 *   in bigint rationals with no intermediate rounding, then rounded half up to the installment multiple;
 * - the equal principal part B / n, rounded half up to the multiple.
 * The last installment absorbs what the rounding leaves (amortize.ts), as Fineract does.
 */
import { assert } from '../../kernel/assert.ts';
import { divideRounded } from '../../kernel/rounding.ts';
import type { Fraction } from './periodic-rate.ts';

/** Equal installment repaying `balanceMinor` over `count` periods at `rate` per period. */
export function equalInstallmentMinor(balanceMinor: bigint, rate: Fraction, count: number, multipleMinor: bigint): bigint {
  assert(count > 0 && multipleMinor > 0n && rate.den > 0n && rate.num >= 0n, 'equal installment: bad arguments');
  if (rate.num === 0n) return equalPrincipalMinor(balanceMinor, count, multipleMinor);
  const n = BigInt(count);
  const growth = (rate.den + rate.num) ** n; // (1 + r)ⁿ · denⁿ
  const base = rate.den ** n;
  const numerator = balanceMinor * rate.num * growth;
  const denominator = rate.den * (growth - base);
  return divideRounded(numerator, denominator * multipleMinor, 'halfUp') * multipleMinor;
}

/** Equal principal part of `balanceMinor` over `count` periods, rounded half up to the multiple. */
export function equalPrincipalMinor(balanceMinor: bigint, count: number, multipleMinor: bigint): bigint {
  assert(count > 0 && multipleMinor > 0n, 'equal principal: bad arguments');
  return divideRounded(balanceMinor, BigInt(count) * multipleMinor, 'halfUp') * multipleMinor;
}
