/**
 * LocalDate: a calendar date with no time zone, `YYYY-MM-DD` (due dates, business dates, accrual days).
 * Held as the ISO string, which sorts and compares correctly as text; arithmetic goes through epoch
 * days (days since 1970-01-01) with Howard Hinnant's civil-calendar algorithms, so there is no Date
 * object and no time zone anywhere in date math. Month arithmetic clamps to the month's end and is
 * always taken from a fixed seed: Jan 31 + 1 month = Feb 28/29, Jan 31 + 2 months = Mar 31.
 */
import { err, ok, type Result } from './result.ts';

export type LocalDate = string & { readonly __brand: 'LocalDate' };

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export function daysInMonthOf(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (MONTH_DAYS[month - 1] as number);
}

export function parseLocalDate(text: unknown): Result<LocalDate, 'invalid_date'> {
  if (typeof text !== 'string') return err('invalid_date', 'expected a date as YYYY-MM-DD');
  const m = DATE_PATTERN.exec(text);
  if (!m) return err('invalid_date', `"${text}" is not a date as YYYY-MM-DD`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > daysInMonthOf(y, mo)) {
    return err('invalid_date', `"${text}" is not a calendar date`);
  }
  return ok(text as LocalDate);
}

/** A date known at compile time, e.g. `localDate('2026-01-31')`; throws on bad text (a bug). */
export function localDate(text: string): LocalDate {
  const parsed = parseLocalDate(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function toCivil(date: LocalDate): CivilDate {
  return {
    year: Number(date.slice(0, 4)),
    month: Number(date.slice(5, 7)),
    day: Number(date.slice(8, 10)),
  };
}

export function fromCivil(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as LocalDate;
}

/** Days since 1970-01-01. */
export function toEpochDay(date: LocalDate): number {
  const { year, month, day } = toCivil(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromEpochDay(epochDay: number): LocalDate {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return fromCivil(year, month, day);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** `seed` plus `months` calendar months, clamped to the target month's last day. */
export function addMonths(seed: LocalDate, months: number): LocalDate {
  const { year, month, day } = toCivil(seed);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return fromCivil(y, m, Math.min(day, daysInMonthOf(y, m)));
}

/**
 * Days between two dates counting every month as 30 days (30/360 "US" convention: a 31st counts as
 * the 30th). Used where a product or an APR method says months are 30 days.
 */
export function days30(from: LocalDate, to: LocalDate): number {
  const a = toCivil(from);
  const b = toCivil(to);
  const d1 = Math.min(a.day, 30);
  const d2 = b.day === 31 && d1 === 30 ? 30 : b.day;
  return (b.year - a.year) * 360 + (b.month - a.month) * 30 + (d2 - d1);
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minDate(a: LocalDate, b: LocalDate): LocalDate {
  return a <= b ? a : b;
}

export function maxDate(a: LocalDate, b: LocalDate): LocalDate {
  return a >= b ? a : b;
}
