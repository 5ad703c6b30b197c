/**
 * Shares as percent text with two decimals, computed exactly on bigints (half even): ratios of money
 * never pass through floating point. A share of nothing is null, not zero.
 */
import { formatScaled } from '../kernel/money.ts';
import { divideRounded } from '../kernel/rounding.ts';

/** `part / whole` as a percent with two decimals ("1.25"); null when `whole` is 0. */
export function percentOf(part: bigint, whole: bigint): string | null {
  if (whole === 0n) return null;
  return formatScaled(divideRounded(part * 10_000n, whole, 'halfEven'), 2);
}
