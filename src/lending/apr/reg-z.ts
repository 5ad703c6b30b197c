/**
 * Regulation Z Appendix J actuarial APR (12 CFR 1026): the unit-period rate i solving
 * Σ advances / ((1 + fᵢ)(1 + i)^t) = Σ payments / ((1 + fᵢ)(1 + i)^t), with t whole unit periods and f
 * the odd fraction, both counted back from each flow's date to the start of the term (unit-periods.ts);
 * APR = i × unit periods per year (month 12, half month 24, week 52, day 365, divided by `every`).
 * A single advance repaid by a single payment has the term for its unit period, but never more than
 * a year ((b)(3)(iii)): in less than a year it is one unit period long, with 12 ÷ months (a whole
 * number of months) or 365 ÷ days unit periods per year ((b)(5)(vi)–(vii)); in a year or more the
 * unit period is a year, whatever `unitPeriod` says (examples (c)(5)(iii)–(iv): 8.76% and 11.36%).
 */
import { addMonths, daysBetween } from '../../kernel/local-date.ts';
import { ok, type Result } from '../../kernel/result.ts';
import { periodsPerYear } from '../schedules/due-dates.ts';
import type { Frequency } from '../schedules/types.ts';
import { solveRate } from './solve-rate.ts';
import { timedFlows } from './timed-flows.ts';
import type { AprErrorCode, AprRequest, AprResult } from './types.ts';
import { unitPeriodsBetween } from './unit-periods.ts';

const ONE_YEAR: Frequency = { every: 12, unit: 'month' };

export function regZApr(request: AprRequest): Result<AprResult, AprErrorCode> {
  const singlePayment = request.advances.length === 1 && request.payments.length === 1;
  const shortTerm = singlePayment ? shortTermUnitsPerYear(request) : null;
  if (shortTerm !== null) {
    const advance = Number(request.advances[0]!.amountMinor);
    const payment = Number(request.payments[0]!.amountMinor);
    return ok(nominalResult('usRegZ', payment / advance - 1, shortTerm));
  }
  const unitPeriod = singlePayment ? ONE_YEAR : request.unitPeriod;
  const solved = solveRate(timedFlows(request, (start, on) => unitPeriodsBetween(start, on, unitPeriod)), 'simpleFraction');
  if (!solved.ok) return solved;
  return ok(nominalResult('usRegZ', solved.value, periodsPerYear(unitPeriod, 365)));
}

/** Unit periods per year of a single-advance single-payment loan shorter than a year, else null. */
function shortTermUnitsPerYear(request: AprRequest): number | null {
  const start = request.advances[0]!.on;
  const end = request.payments[0]!.on;
  if (end <= start || addMonths(start, 12) <= end) return null;
  for (let months = 1; months < 12; months += 1) {
    if (addMonths(start, months) === end) return 12 / months;
  }
  return 365 / daysBetween(start, end);
}

/** An APR result from a unit-period rate: nominal = rate × units per year; effective compounds it. */
export function nominalResult(method: AprResult['method'], unitRate: number, unitPeriodsPerYear: number): AprResult {
  return {
    method,
    aprPercent: unitRate * unitPeriodsPerYear * 100,
    effectivePercent: (Math.pow(1 + unitRate, unitPeriodsPerYear) - 1) * 100,
    unitRate,
    unitPeriodsPerYear,
  };
}
