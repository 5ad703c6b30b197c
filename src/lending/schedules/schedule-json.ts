/**
 * A schedule as ../shared/CONTRACTS.md prints it: amounts as decimal strings with exactly the
 * currency's decimals, one row per installment, and the totals.
 */
import { formatAmount } from '../../kernel/money.ts';
import type { Schedule } from './types.ts';

export interface InstallmentJson {
  readonly n: number;
  readonly dueOn: string;
  readonly days: number;
  readonly principal: string;
  readonly interest: string;
  readonly fee: string;
  readonly total: string;
  readonly balance: string;
}

export interface ScheduleJson {
  readonly currency: string;
  readonly installments: readonly InstallmentJson[];
  readonly totals: { readonly principal: string; readonly interest: string; readonly fee: string; readonly total: string };
}

export function scheduleToJson(schedule: Schedule): ScheduleJson {
  const c = schedule.currency;
  return {
    currency: c,
    installments: schedule.installments.map((i) => ({
      n: i.n,
      dueOn: i.dueOn,
      days: i.days,
      principal: formatAmount(i.principalMinor, c),
      interest: formatAmount(i.interestMinor, c),
      fee: formatAmount(i.feeMinor, c),
      total: formatAmount(i.totalMinor, c),
      balance: formatAmount(i.balanceMinor, c),
    })),
    totals: {
      principal: formatAmount(schedule.totals.principalMinor, c),
      interest: formatAmount(schedule.totals.interestMinor, c),
      fee: formatAmount(schedule.totals.feeMinor, c),
      total: formatAmount(schedule.totals.totalMinor, c),
    },
  };
}
