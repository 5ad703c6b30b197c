/**
 * Exact decimals: a bigint coefficient and a base-10 scale (value = units / 10^scale). Used for rates
 * and percentages, which arrive as strings ("0.5", "12", "23.99") and must never pass through floats.
 */
import { err, ok, type Result } from './result.ts';
import { divideRounded, type RoundingMode } from './rounding.ts';
import { pow10 } from './money.ts';

export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL_PATTERN = /^(-)?(\d{1,30})(?:\.(\d{1,30}))?$/;

export function parseDecimal(text: unknown): Result<Decimal, 'invalid_decimal'> {
  if (typeof text !== 'string') return err('invalid_decimal', 'expected a decimal string such as "12.5"');
  const m = DECIMAL_PATTERN.exec(text);
  if (!m) return err('invalid_decimal', `"${text}" is not a decimal number`);
  const fraction = m[3] ?? '';
  const units = BigInt((m[2] as string) + fraction);
  return ok({ units: m[1] === '-' ? -units : units, scale: fraction.length });
}

/** A decimal known at compile time, e.g. `decimal('0.5')`; throws on malformed text (a bug). */
export function decimal(text: string): Decimal {
  const parsed = parseDecimal(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

export function isZero(d: Decimal): boolean {
  return d.units === 0n;
}

export function compareDecimal(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = a.units * pow10(scale - a.scale);
  const y = b.units * pow10(scale - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `d` rescaled to `scale` decimals with the named rounding. */
export function rescale(d: Decimal, scale: number, mode: RoundingMode): bigint {
  if (scale >= d.scale) return d.units * pow10(scale - d.scale);
  return divideRounded(d.units, pow10(d.scale - scale), mode);
}

/** Prints without trailing zeros beyond `minScale` decimals: {1250, 3} → "1.25". */
export function formatDecimal(d: Decimal, minScale = 0): string {
  let { units, scale } = d;
  while (scale > minScale && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  const negative = units < 0n;
  const abs = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const cut = abs.length - scale;
  return `${negative ? '-' : ''}${abs.slice(0, cut)}${scale > 0 ? `.${abs.slice(cut)}` : ''}`;
}

/** `amountMinor × d` rounded to an integer by `mode` (e.g. a fee of 0.5% of a principal). */
export function applyPercent(amountMinor: bigint, percent: Decimal, mode: RoundingMode): bigint {
  return divideRounded(amountMinor * percent.units, 100n * pow10(percent.scale), mode);
}
