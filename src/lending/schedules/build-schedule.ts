/**
 * Builds a loan's repayment schedule from its spec: the down payment (due on the disbursement date,
 * `downPaymentPercent` of the principal rounded half up to the installment multiple), then the
 * scheduled installments over the due dates of `frequency` from `firstDueOn`, amortized by amortize.ts.
 * Pure: the same spec always gives the same schedule.
 */
import { applyPercent } from '../../kernel/decimal.ts';
import { toEpochDay } from '../../kernel/local-date.ts';
import { ok, type Result } from '../../kernel/result.ts';
import { roundToMultiple } from '../../kernel/rounding.ts';
import { amortize, row, type Period } from './amortize.ts';
import { dueDates } from './due-dates.ts';
import type { Installment, Schedule, ScheduleErrorCode, ScheduleSpec, ScheduleTotals } from './types.ts';

export function buildSchedule(spec: ScheduleSpec): Result<Schedule, ScheduleErrorCode> {
  const rows: Installment[] = [];
  const downPaymentMinor = downPaymentOf(spec);
  if (downPaymentMinor > 0n) {
    rows.push(row(1, { fromOn: spec.disbursedOn, dueOn: spec.disbursedOn, days: 0 }, downPaymentMinor, 0n, 0n, spec.principalMinor - downPaymentMinor));
  }
  const scheduled = amortize({
    terms: spec,
    interestMethod: spec.interestMethod,
    amortization: spec.amortization,
    installmentMultipleMinor: spec.installmentMultipleMinor,
    openingBalanceMinor: spec.principalMinor - downPaymentMinor,
    flatBaseMinor: spec.principalMinor,
    periods: schedulePeriods(spec),
    graceOnPrincipal: spec.graceOnPrincipal,
    firstNumber: rows.length + 1,
  });
  if (!scheduled.ok) return scheduled;
  for (const installment of scheduled.value) rows.push(installment);
  return ok({
    currency: spec.currency,
    disbursedOn: spec.disbursedOn,
    principalMinor: spec.principalMinor,
    frequency: spec.frequency,
    installments: rows,
    totals: totalsOf(rows),
  });
}

/** The down payment: a percent of the principal, rounded half up to the installment multiple. */
export function downPaymentOf(spec: Pick<ScheduleSpec, 'principalMinor' | 'downPaymentPercent' | 'installmentMultipleMinor'>): bigint {
  if (spec.downPaymentPercent.units === 0n) return 0n;
  const exact = applyPercent(spec.principalMinor, spec.downPaymentPercent, 'halfUp');
  const rounded = roundToMultiple(exact, spec.installmentMultipleMinor, 'halfUp');
  return rounded > spec.principalMinor ? spec.principalMinor : rounded;
}

/** Scheduled periods: the first from disbursement, each next from the previous due date. */
export function schedulePeriods(spec: Pick<ScheduleSpec, 'disbursedOn' | 'firstDueOn' | 'frequency' | 'installments'>): Period[] {
  const dates = dueDates(spec.firstDueOn, spec.frequency, spec.installments);
  const periods: Period[] = new Array(dates.length);
  let fromOn = spec.disbursedOn;
  let fromDay = toEpochDay(fromOn);
  for (let k = 0; k < dates.length; k += 1) {
    const dueOn = dates[k]!;
    const dueDay = toEpochDay(dueOn);
    periods[k] = { fromOn, dueOn, days: dueDay - fromDay };
    fromOn = dueOn;
    fromDay = dueDay;
  }
  return periods;
}

export function totalsOf(rows: readonly Installment[]): ScheduleTotals {
  let principalMinor = 0n;
  let interestMinor = 0n;
  let feeMinor = 0n;
  for (const r of rows) {
    principalMinor += r.principalMinor;
    interestMinor += r.interestMinor;
    feeMinor += r.feeMinor;
  }
  return { principalMinor, interestMinor, feeMinor, totalMinor: principalMinor + interestMinor + feeMinor };
}
