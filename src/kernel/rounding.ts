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
