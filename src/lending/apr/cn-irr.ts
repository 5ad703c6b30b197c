/**
 * The all-in annualized rate of PBOC Announcement 2021 No. 3 (年化利率, IRR basis): the internal rate
 * of return per unit period of everything the borrower receives and pays (interest and every fee),
 * compounding, × unit periods per year as the nominal rate, and its effective equivalent. Time is
 * measured as Regulation Z does (whole periods counted back from each date, odd days as a fraction),
 * but the fraction compounds.
 */
import { ok, type Result } from '../../kernel/result.ts';
import { periodsPerYear } from '../schedules/due-dates.ts';
import { nominalResult } from './reg-z.ts';
import { solveRate } from './solve-rate.ts';
import { timedFlows } from './timed-flows.ts';
import type { AprErrorCode, AprRequest, AprResult } from './types.ts';
import { unitPeriodsBetween } from './unit-periods.ts';

export function cnIrrApr(request: Pick<AprRequest, 'advances' | 'payments' | 'unitPeriod'>): Result<AprResult, AprErrorCode> {
  const solved = solveRate(timedFlows(request, (start, on) => unitPeriodsBetween(start, on, request.unitPeriod)), 'compound');
  if (!solved.ok) return solved;
  return ok(nominalResult('cnIrr', solved.value, periodsPerYear(request.unitPeriod, 365)));
}
