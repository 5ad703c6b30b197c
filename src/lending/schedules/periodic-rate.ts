/**
 * How much of a balance one period's interest is, as an exact fraction (never a float): the periodic
 * rate of `repaymentPeriod` products (annual ÷ periods per year), or the day-counted rate of `daily`
 * ones (annual × days ÷ days in year, days counted with `daysInMonth`). Interest is then
 * `balance × num ÷ den`, rounded once by the caller.
 * Conventions (Apache Fineract's): a per-month rate is ×12 a year and a per-day rate ×days in year;
 * an `actual` year counts 365 days, for periodic rates, the equal-installment rate and day-counted
 * interest alike, even across 29 February (Fineract's cumulative schedules price a day of a leap
 * year at 1/365 of the annual rate: its e2e RS03 expects so).
 */
import { days30, daysBetween, type LocalDate } from '../../kernel/local-date.ts';
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

/** Day-counted rate from `from` to `to`: annual × days ÷ days in year. */
export function dailyRate(terms: InterestTerms, from: LocalDate, to: LocalDate): Fraction {
  const days = BigInt(countDays(from, to, terms));
  if (terms.rate.per === 'day') {
    const perDay = annualRate(terms, 1);
    return { num: perDay.num * days, den: perDay.den };
  }
  const daysPerYear = daysPerYearOf(terms);
  const annual = annualRate(terms, daysPerYear);
  return { num: annual.num * days, den: annual.den * BigInt(daysPerYear) };
}

/** The interest fraction of the period from `from` to `to` under `terms`. */
export function periodRate(terms: InterestTerms, from: LocalDate, to: LocalDate): Fraction {
  return terms.interestPeriod === 'repaymentPeriod' ? repaymentPeriodRate(terms) : dailyRate(terms, from, to);
}
