/**
 * Time between two dates in unit periods, counted back from the later date (Regulation Z Appendix J
 * (b)(5)): whole months are counted back from the later date (from a month's last day, to the last
 * days of earlier months) and the days left over are actual days; a monthly unit's odd fraction is those days ÷ 30; half-month and multi-month units count each
 * whole month as 30 days and divide the total by 15 or 30 × months; day and week units divide the
 * actual days. cnIrr measures time the same way (it compounds the fraction instead).
 */
import { daysBetween, daysInMonthOf, toCivil, type LocalDate } from '../../kernel/local-date.ts';
import type { Frequency } from '../schedules/types.ts';

export interface UnitTime {
  readonly whole: number;
  /** In [0, 1). */
  readonly fraction: number;
}

/** Whole calendar months from `start` back from `end`, and the actual days left before them. */
export function monthsBack(start: LocalDate, end: LocalDate): { readonly months: number; readonly days: number } {
  const s = toCivil(start);
  const e = toCivil(end);
  const months = (e.year - s.year) * 12 + (e.month - s.month);
  // end − months lands in start's month, on end's day clamped to the month's length, or on its last
  // day when end is a month's last day (month-end due dates stay whole months apart: 31 Jan → 30 Apr
  // is 3 months). If that is before start, one month fewer lands in the month after.
  const startMonthDays = daysInMonthOf(s.year, s.month);
  const endIsMonthEnd = e.day === daysInMonthOf(e.year, e.month);
  const anchorDay = endIsMonthEnd ? startMonthDays : Math.min(e.day, startMonthDays);
  if (anchorDay >= s.day) return { months, days: anchorDay - s.day };
  const nextYear = s.month === 12 ? s.year + 1 : s.year;
  const nextMonth = s.month === 12 ? 1 : s.month + 1;
  return { months: months - 1, days: startMonthDays - s.day + Math.min(e.day, daysInMonthOf(nextYear, nextMonth)) };
}

function split(units: number, perUnit: number): UnitTime {
  const whole = Math.floor(units / perUnit);
  return { whole, fraction: (units - whole * perUnit) / perUnit };
}

export function unitPeriodsBetween(start: LocalDate, end: LocalDate, unit: Frequency): UnitTime {
  switch (unit.unit) {
    case 'day':
      return split(daysBetween(start, end), unit.every);
    case 'week':
      return split(daysBetween(start, end), 7 * unit.every);
    case 'month': {
      const { months, days } = monthsBack(start, end);
      if (unit.every === 1) return { whole: months, fraction: days / 30 };
      return split(30 * months + days, 30 * unit.every);
    }
    case 'halfMonth': {
      const { months, days } = monthsBack(start, end);
      return split(30 * months + days, 15 * unit.every);
    }
  }
}
