/**
 * Money: amounts are `bigint` minor units of an ISO 4217 currency. This module is the only place that
 * turns decimal strings into minor units and back; no function anywhere accepts a float amount.
 * Invariants: an amount fits a signed 64-bit integer (the ledger's column type); a parsed string never
 * has more decimals than its currency's exponent; printed amounts carry exactly that many decimals.
 */
import { err, ok, type Result } from './result.ts';

/** ISO 4217 minor-unit exponents of the currencies lendcore accepts. */
const EXPONENTS: Readonly<Record<string, number>> = {
  CNY: 2, HKD: 2, USD: 2, EUR: 2, GBP: 2, SGD: 2, AUD: 2, CAD: 2, CHF: 2, NZD: 2, SEK: 2, NOK: 2,
  DKK: 2, PLN: 2, CZK: 2, HUF: 2, RON: 2, MXN: 2, BRL: 2, INR: 2, IDR: 2, MYR: 2, PHP: 2, THB: 2,
  TWD: 2, ZAR: 2, TRY: 2, RUB: 2, AED: 2, SAR: 2, ILS: 2, EGP: 2, NGN: 2, KES: 2, PKR: 2, BDT: 2,
  MOP: 2, ARS: 2, COP: 2, PEN: 2,
  JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, UGX: 0, XAF: 0, XOF: 0, PYG: 0, KMF: 0, GNF: 0, RWF: 0,
  VUV: 0, XPF: 0, BIF: 0, DJF: 0,
  BHD: 3, KWD: 3, OMR: 3, JOD: 3, IQD: 3, LYD: 3, TND: 3,
};

export type Currency = string & { readonly __brand: 'Currency' };

export const INT64_MAX = 9_223_372_036_854_775_807n;
export const INT64_MIN = -9_223_372_036_854_775_808n;

export type MoneyErrorCode = 'unknown_currency' | 'invalid_amount' | 'amount_precision_exceeded' | 'amount_out_of_range' | 'amount_must_be_positive';

export interface Money {
  readonly minor: bigint;
  readonly currency: Currency;
}

export function parseCurrency(code: unknown): Result<Currency, 'unknown_currency'> {
  if (typeof code === 'string' && Object.hasOwn(EXPONENTS, code)) return ok(code as Currency);
  return err('unknown_currency', `unknown currency ${JSON.stringify(code)}`);
}

/** A currency known at compile time, e.g. `currency('CNY')`; throws on an unknown code (a bug). */
export function currency(code: string): Currency {
  const parsed = parseCurrency(code);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

export function currencyExponent(c: Currency): number {
  return EXPONENTS[c] as number;
}

const POW10: bigint[] = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));
export function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n);
}

const AMOUNT_PATTERN = /^(-)?(\d{1,30})(?:\.(\d{1,30}))?$/;

export interface ParseAmountOptions {
  /** Accept negative amounts (adjustments); default false. */
  readonly allowNegative?: boolean;
  /** Accept zero; default true. */
  readonly allowZero?: boolean;
}

/**
 * Parses a decimal string in major units ("305.00", "305", "0.5") into minor units of `c`.
 * More decimals than the currency has is an error, never silently rounded.
 */
export function parseAmount(text: unknown, c: Currency, options: ParseAmountOptions = {}): Result<bigint, MoneyErrorCode> {
  if (typeof text !== 'string') return err('invalid_amount', 'amount must be a decimal string such as "305.00"');
  const m = AMOUNT_PATTERN.exec(text);
  if (!m) return err('invalid_amount', `"${text}" is not a decimal amount`);
  const exponent = currencyExponent(c);
  const fraction = m[3] ?? '';
  if (fraction.length > exponent) {
    return err('amount_precision_exceeded', `"${text}" has more than ${exponent} decimals for ${c}`);
  }
  const digits = (m[2] as string) + fraction.padEnd(exponent, '0');
  let minor = BigInt(digits);
  if (m[1] === '-') minor = -minor;
  if (minor > INT64_MAX || minor < INT64_MIN) return err('amount_out_of_range', `"${text}" is beyond the 64-bit range`);
  if (minor < 0n && !options.allowNegative) return err('amount_must_be_positive', `"${text}" is negative`);
  if (minor === 0n && options.allowZero === false) return err('amount_must_be_positive', 'amount must be greater than zero');
  return ok(minor);
}

/** Prints minor units as a decimal string with exactly the currency's decimals: 30500n CNY → "305.00". */
export function formatAmount(minor: bigint, c: Currency): string {
  return formatScaled(minor, currencyExponent(c));
}

/** Prints `value / 10^scale` with exactly `scale` decimals. */
export function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const abs = (negative ? -value : value).toString();
  if (scale === 0) return (negative ? '-' : '') + abs;
  const padded = abs.padStart(scale + 1, '0');
  const cut = padded.length - scale;
  return `${negative ? '-' : ''}${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

export function money(minor: bigint, c: Currency): Money {
  return { minor, currency: c };
}

/** JSON shape of an amount: `{ amount: "305.00", currency: "CNY" }`. */
export function moneyToJson(m: Money): { amount: string; currency: string } {
  return { amount: formatAmount(m.minor, m.currency), currency: m.currency };
}
