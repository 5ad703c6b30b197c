/**
 * The all-in APR of a schedule (cnIrr per repayment period): the principal advanced on the
 * disbursement date against every installment's total (principal, interest and fees) on its due
 * date; a down payment falls on the disbursement date and so nets against the advance.
 */
import type { Result } from '../../kernel/result.ts';
import type { Schedule } from '../schedules/types.ts';
import { cnIrrApr } from './cn-irr.ts';
import type { AprErrorCode, AprResult, CashFlow } from './types.ts';

export function scheduleRepayments(schedule: Schedule): CashFlow[] {
  return schedule.installments.map((i) => ({ on: i.dueOn, amountMinor: i.totalMinor }));
}

export function scheduleApr(schedule: Schedule): Result<AprResult, AprErrorCode> {
  return cnIrrApr({
    advances: [{ on: schedule.disbursedOn, amountMinor: schedule.principalMinor }],
    payments: scheduleRepayments(schedule),
    unitPeriod: schedule.frequency,
  });
}
