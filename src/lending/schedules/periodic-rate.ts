/**
 * How much of a balance one period's interest is, as an exact fraction (never a float): the periodic
 * rate of `repaymentPeriod` products (annual ÷ periods per year), or the day-counted rate of `daily`
 * ones (annual × days ÷ days in year, days counted with `daysInMonth`). Interest is then
 * `balance × num ÷ den`, rounded once by the caller.
 * Conventions (Apache Fineract's): a per-month rate is ×12 a year and a per-day rate ×days in year;
 * an `actual` year counts 365 days where a fixed number of periods per year is needed (periodic
 * rates, the equal-installment rate), while day-counted interest splits a period at each 1 January
 * and divides each part by its own year's days (365 or 366), so leap years are exact.
 */
import { days30, daysBetween, daysInYearOf, fromCivil, toCivil, type LocalDate } from '../../kernel/local-date.ts';
import { pow10 } from '../../kernel/money.ts';
import type { Frequency, InterestTerms } from './types.ts';

/** An exact non-negative fraction num/den (den > 0). */
export interface Fraction {
  readonly num: bigint;
  readonly den: bigint;
}

/** Days per year where a whole number is needed: the fixed basis, or 365 for `actual`. */
export function daysPerYearOf(terms: Pick<InterestTerms, 'daysInYear'>): number {
  return terms.daysInYear === 'actual' ? 365 : terms.daysInYear;
}

function unitsPerYear(frequency: Frequency, daysPerYear: number): bigint {
  switch (frequency.unit) {
    case 'month':
      return 12n;
    case 'halfMonth':
      return 24n;
    case 'week':
      return 52n;
    case 'day':
      return BigInt(daysPerYear);
  }
}

/** The nominal annual rate as a fraction of 1, with a per-day rate counting `daysPerYear` days. */
export function annualRate(terms: Pick<InterestTerms, 'rate'>, daysPerYear: number): Fraction {
  const { percent, per } = terms.rate;
  const multiplier = per === 'year' ? 1n : per === 'month' ? 12n : BigInt(daysPerYear);
  return { num: percent.units * multiplier, den: pow10(percent.scale) * 100n };
}

/** The rate of one repayment period: annual × every ÷ (periods of the unit in a year). */
export function repaymentPeriodRate(terms: InterestTerms): Fraction {
  const daysPerYear = daysPerYearOf(terms);
  const annual = annualRate(terms, daysPerYear);
  return { num: annual.num * BigInt(terms.frequency.every), den: annual.den * unitsPerYear(terms.frequency, daysPerYear) };
}

/** Days of a standard period (a month is 30 days, a half month 15), used for the daily equal installment. */
function standardPeriodDays(frequency: Frequency): number {
  const unitDays = frequency.unit === 'month' ? 30 : frequency.unit === 'halfMonth' ? 15 : frequency.unit === 'week' ? 7 : 1;
  return unitDays * frequency.every;
}

/**
 * The rate the equal installment is computed with: the periodic rate, or for daily interest the rate
 * of a standard period's days (Fineract computes its EMI on 30-day months whatever the calendar).
 */
export function installmentRate(terms: InterestTerms): Fraction {
  if (terms.interestPeriod === 'repaymentPeriod') return repaymentPeriodRate(terms);
  const daysPerYear = daysPerYearOf(terms);
  const annual = annualRate(terms, daysPerYear);
  return { num: annual.num * BigInt(standardPeriodDays(terms.frequency)), den: annual.den * BigInt(daysPerYear) };
}

function countDays(from: LocalDate, to: LocalDate, terms: Pick<InterestTerms, 'daysInMonth'>): number {
  return terms.daysInMonth === 30 ? days30(from, to) : daysBetween(from, to);
}

const LEAP_AND_COMMON = 365n * 366n;

/** Day-counted rate from `from` to `to`: annual × days ÷ days in year. */
export function dailyRate(terms: InterestTerms, from: LocalDate, to: LocalDate): Fraction {
  if (terms.rate.per === 'day') {
    const perDay = annualRate(terms, 1);
    return { num: perDay.num * BigInt(countDays(from, to, terms)), den: perDay.den };
  }
  if (terms.daysInYear !== 'actual') {
    const annual = annualRate(terms, terms.daysInYear);
    return { num: annual.num * BigInt(countDays(from, to, terms)), den: annual.den * BigInt(terms.daysInYear) };
  }
  const annual = annualRate(terms, 365);
  let weightedDays = 0n;
  let start = from;
  let year = toCivil(from).year;
  while (start < to) {
    const nextYear = fromCivil(year + 1, 1, 1);
    const end = nextYear < to ? nextYear : to;
    weightedDays += BigInt(countDays(start, end, terms)) * (LEAP_AND_COMMON / BigInt(daysInYearOf(year)));
    start = end;
    year += 1;
  }
  return { num: annual.num * weightedDays, den: annual.den * LEAP_AND_COMMON };
}

/** The interest fraction of the period from `from` to `to` under `terms`. */
export function periodRate(terms: InterestTerms, from: LocalDate, to: LocalDate): Fraction {
  return terms.interestPeriod === 'repaymentPeriod' ? repaymentPeriodRate(terms) : dailyRate(terms, from, to);
}
