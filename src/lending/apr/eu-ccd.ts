/**
 * The annual percentage rate of charge of the EU Consumer Credit Directive (2008/48/EC and
 * 2023/2225, Annex I): the effective annual rate X solving Σ drawdowns (1 + X)^(−t) = Σ payments
 * (1 + X)^(−s), times in years from the first drawdown. Year bases (Annex I, remark (c)–(d)):
 * - `365`: days ÷ 365;
 * - `365or366`: whole years counted back from the date, the days left ÷ the days (365 or 366) of the
 *   year counted back from the end of those days;
 * - `equalMonths`: whole months counted back (each 1/12 of a year), the days left as in `365or366`.
 */
import { addMonths, daysBetween, type LocalDate } from '../../kernel/local-date.ts';
import { ok, type Result } from '../../kernel/result.ts';
import { solveRate } from './solve-rate.ts';
import { timedFlows } from './timed-flows.ts';
import type { AprErrorCode, AprRequest, AprResult, YearBasis } from './types.ts';
import { monthsBack, type UnitTime } from './unit-periods.ts';

export function euCcdApr(request: AprRequest): Result<AprResult, AprErrorCode> {
  const solved = solveRate(timedFlows(request, (start, on) => yearsBetween(start, on, request.yearBasis)), 'compound');
  if (!solved.ok) return solved;
  const percent = solved.value * 100;
  return ok({ method: 'euCcd', aprPercent: percent, effectivePercent: percent, unitRate: solved.value, unitPeriodsPerYear: 1 });
}

/** Days of the year that ends on `end`: 366 when it contains a 29 February. */
function daysOfYearEndingOn(end: LocalDate): number {
  return daysBetween(addMonths(end, -12), end);
}

export function yearsBetween(start: LocalDate, end: LocalDate, basis: YearBasis): UnitTime {
  if (basis === '365') {
    const days = daysBetween(start, end);
    const whole = Math.floor(days / 365);
    return { whole, fraction: (days - whole * 365) / 365 };
  }
  const { months, days } = monthsBack(start, end);
  const wholeYears = Math.floor(months / 12);
  const monthsLeft = basis === 'equalMonths' ? months - wholeYears * 12 : 0;
  const remainderEnd = addMonths(end, -(wholeYears * 12 + monthsLeft));
  const daysLeft = basis === 'equalMonths' ? days : daysBetween(start, remainderEnd);
  return { whole: wholeYears, fraction: monthsLeft / 12 + daysLeft / daysOfYearEndingOn(remainderEnd) };
}
