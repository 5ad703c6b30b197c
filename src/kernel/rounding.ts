/**
 * Named rounding of exact integer quotients. Every division of money names its rule here; nothing in
 * lendcore divides money with `/` on numbers. Accrual uses halfEven, display halfUp, unless a product
 * says otherwise.
 */
import { assert } from './assert.ts';

export type RoundingMode = 'halfEven' | 'halfUp' | 'halfDown' | 'down' | 'up' | 'floor' | 'ceiling';

export const ROUNDING_MODES: readonly RoundingMode[] = ['halfEven', 'halfUp', 'halfDown', 'down', 'up', 'floor', 'ceiling'];

/** n / d rounded by `mode`; d must not be zero. "down"/"up" are toward/away from zero. */
export function divideRounded(n: bigint, d: bigint, mode: RoundingMode): bigint {
  assert(d !== 0n, 'division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const q = n / d; // truncates toward zero
  const r = n - q * d;
  if (r === 0n) return q;
  const sign = n < 0n ? -1n : 1n;
  const absR2 = (r < 0n ? -r : r) * 2n;
  switch (mode) {
    case 'down':
      return q;
    case 'up':
      return q + sign;
    case 'floor':
      return sign < 0n ? q - 1n : q;
    case 'ceiling':
      return sign > 0n ? q + 1n : q;
    case 'halfUp':
      return absR2 >= d ? q + sign : q;
    case 'halfDown':
      return absR2 > d ? q + sign : q;
    case 'halfEven':
      if (absR2 > d) return q + sign;
      if (absR2 < d) return q;
      return q % 2n === 0n ? q : q + sign;
  }
}

/** Rounds `value` to the nearest multiple of `step` (> 0) by `mode`. */
export function roundToMultiple(value: bigint, step: bigint, mode: RoundingMode): bigint {
  assert(step > 0n, 'step must be positive');
  return divideRounded(value, step, mode) * step;
}

/**
 * Each of `values` × num ÷ den, rounded so that the parts add up to the share of their sum rounded
 * half even (largest remainder): each part is its exact share rounded down, and the units left go
 * one each to the parts with the largest remainders, the later part first on a tie (as a schedule
 * puts its rounding on its last installment). With values ≥ 0 and 0 ≤ num ≤ den, no part exceeds
 * its value: a part rounded up had a remainder, so its exact share was below its value.
 */
export function apportion(values: readonly bigint[], num: bigint, den: bigint): bigint[] {
  assert(den > 0n && num >= 0n, 'a share is a non-negative fraction');
  const parts = values.map((v) => (v * num) / den);
  const total = divideRounded(values.reduce((sum, v) => sum + v, 0n) * num, den, 'halfEven');
  let left = total - parts.reduce((sum, p) => sum + p, 0n);
  const byRemainder = values
    .map((v, i) => ({ i, remainder: v * num - parts[i]! * den }))
    .filter((x) => x.remainder > 0n)
    .sort((a, b) => (a.remainder === b.remainder ? b.i - a.i : a.remainder > b.remainder ? -1 : 1));
  for (const { i } of byRemainder) {
    if (left <= 0n) break;
    parts[i]! += 1n;
    left -= 1n;
  }
  assert(left === 0n, 'the units left are fewer than the parts with a remainder');
  return parts;
}
