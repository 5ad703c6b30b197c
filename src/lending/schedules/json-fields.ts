/**
 * Readers for the fields of the loan-math JSON inputs (schedule spec, APR request): each reads one
 * field, applies its default, and on bad input stops with a `SpecErrorCode` naming the field as a
 * dotted path (`rate.per`, `payments.1.amount`). A reader throws `FieldError`; the parse functions
 * catch it at their boundary and return it as a Result, so the throw never leaves a parser.
 */
import { compareDecimal, decimal, parseDecimal, type Decimal } from '../../kernel/decimal.ts';
import { limits } from '../../kernel/limits.ts';
import { localDate, parseLocalDate, toEpochDay, type LocalDate } from '../../kernel/local-date.ts';
import { parseAmount, parseCurrency, type Currency } from '../../kernel/money.ts';
import { err, type Err } from '../../kernel/result.ts';
import { FREQUENCY_UNITS, type Frequency, type FrequencyUnit } from './types.ts';

/**
 * Bad-input codes, in the order a field is checked:
 * `missing_field` (required and absent), `invalid_type` (not an object/number/string as needed),
 * `unknown_value` (not one of the allowed words), `unknown_currency`, `invalid_amount`,
 * `amount_precision_exceeded`, `amount_must_be_positive`, `invalid_decimal`, `invalid_date`
 * (malformed or not a calendar date), `out_of_range` (a number outside its bounds),
 * `date_out_of_order` (a date not after the one it must follow), `too_many_cash_flows`.
 */
export type SpecErrorCode =
  | 'missing_field'
  | 'invalid_type'
  | 'unknown_value'
  | 'unknown_currency'
  | 'invalid_amount'
  | 'amount_precision_exceeded'
  | 'amount_must_be_positive'
  | 'invalid_decimal'
  | 'invalid_date'
  | 'out_of_range'
  | 'date_out_of_order'
  | 'too_many_cash_flows';

export class FieldError extends Error {
  constructor(
    readonly code: SpecErrorCode,
    message: string,
    readonly param: string,
  ) {
    super(message);
  }
}

/** Runs a reader-based parse, turning its FieldError into an Err. */
export function catchFieldError<T>(parse: () => T): T | Err<SpecErrorCode> {
  try {
    return parse();
  } catch (error) {
    if (error instanceof FieldError) return err(error.code, error.message, error.param);
    throw error;
  }
}

export type JsonObject = Readonly<Record<string, unknown>>;

export function fail(code: SpecErrorCode, param: string, message: string): never {
  throw new FieldError(code, message, param);
}

export function path(parent: string, key: string | number): string {
  return parent === '' ? String(key) : `${parent}.${key}`;
}

export function asObject(value: unknown, param: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('invalid_type', param, `${param || 'input'} must be a JSON object`);
  return value as JsonObject;
}

export function asArray(value: unknown, param: string): readonly unknown[] {
  if (!Array.isArray(value)) fail('invalid_type', param, `${param} must be a JSON array`);
  return value;
}

export function required(object: JsonObject, key: string, parent = ''): unknown {
  const value = object[key];
  if (value === undefined || value === null) fail('missing_field', path(parent, key), `${path(parent, key)} is required`);
  return value;
}

export function readCurrency(value: unknown, param: string): Currency {
  const parsed = parseCurrency(value);
  if (!parsed.ok) fail('unknown_currency', param, `${param}: ${parsed.message}`);
  return parsed.value;
}

export function readAmount(value: unknown, c: Currency, param: string, options: { allowZero: boolean }): bigint {
  const parsed = parseAmount(value, c, { allowZero: options.allowZero });
  if (!parsed.ok) {
    const code = parsed.code === 'amount_out_of_range' ? 'out_of_range' : parsed.code === 'unknown_currency' ? 'unknown_currency' : parsed.code;
    fail(code, param, `${param}: ${parsed.message}`);
  }
  return parsed.value;
}

export function readDate(value: unknown, param: string): LocalDate {
  const parsed = parseLocalDate(value);
  if (!parsed.ok) fail('invalid_date', param, `${param}: ${parsed.message}`);
  return parsed.value;
}

/** An integer in [min, max]; accepts a JSON number or a string of digits. */
export function readInteger(value: unknown, param: string, min: number, max: number): number {
  const n = typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) fail('invalid_type', param, `${param} must be a whole number`);
  if (n < min || n > max) fail('out_of_range', param, `${param} must be from ${min} to ${max}, got ${n}`);
  return n;
}

/** A non-negative decimal (a percent) below `maxExclusive` when given; strings or JSON numbers. */
export function readPercent(value: unknown, param: string, maxExclusive?: number): Decimal {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  const parsed = parseDecimal(text);
  if (!parsed.ok) fail('invalid_decimal', param, `${param}: ${parsed.message}`);
  const d = parsed.value;
  if (d.units < 0n) fail('out_of_range', param, `${param} must not be negative`);
  if (d.scale > limits.rateDecimalsMax) fail('out_of_range', param, `${param} has more than ${limits.rateDecimalsMax} decimals`);
  if (maxExclusive !== undefined && compareDecimal(d, decimal(String(maxExclusive))) >= 0) fail('out_of_range', param, `${param} must be below ${maxExclusive}`);
  return d;
}

export function readChoice<T extends string | number>(value: unknown, param: string, choices: readonly T[]): T {
  for (const choice of choices) {
    if (value === choice || (typeof choice === 'number' && value === String(choice))) return choice;
  }
  fail('unknown_value', param, `${param} must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')}; got ${JSON.stringify(value)}`);
}


/** `{"every": N, "unit": ...}`; `every` defaults to 1. */
export function readFrequency(value: unknown, param: string): Frequency {
  const object = asObject(value, param);
  const every = object.every === undefined ? 1 : readInteger(object.every, path(param, 'every'), 1, limits.frequencyEveryMax);
  const unit = readChoice(required(object, 'unit', param), path(param, 'unit'), FREQUENCY_UNITS);
  return { every, unit };
}

const LAST_DATE = localDate('9999-12-31');
/** Longest a unit can be, to bound a series' last date before computing it. */
const MAX_UNIT_DAYS: Readonly<Record<FrequencyUnit, number>> = { day: 1, week: 7, halfMonth: 16, month: 31 };

/** Stops unless `periods` periods of `frequency` after `start` stay within the calendar (year 9999). */
export function checkWithinCalendar(start: LocalDate, periods: number, frequency: Frequency, param: string): void {
  if (toEpochDay(start) + periods * frequency.every * MAX_UNIT_DAYS[frequency.unit] > toEpochDay(LAST_DATE)) {
    fail('out_of_range', param, `the dates would run past ${LAST_DATE}`);
  }
}
