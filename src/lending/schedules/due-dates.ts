/**
 * Due dates of a repayment frequency. Every date is computed from one fixed seed (the first due date)
 * and a period count, never from the previous date, so a month-end anchor survives short months:
 * 31 Jan → 28 Feb → 31 Mar. A half month is half of a calendar month step: the even steps are whole
 * months from the seed, the odd ones 15 days after them (from the 1st: 1st, 16th, 1st, …).
 */
import { addDays, addMonths, daysInMonthOf, fromCivil, toCivil, type LocalDate } from '../../kernel/local-date.ts';
import type { Frequency } from './types.ts';

/** The date `periods` periods of `frequency` after `seed` (periods ≥ 0). */
export function addPeriods(seed: LocalDate, frequency: Frequency, periods: number): LocalDate {
  const steps = periods * frequency.every;
  switch (frequency.unit) {
    case 'day':
      return addDays(seed, steps);
    case 'week':
      return addDays(seed, steps * 7);
    case 'month':
      return addMonths(seed, steps);
    case 'halfMonth': {
      const months = Math.floor(steps / 2);
      const anchor = addMonths(seed, months);
      return steps % 2 === 0 ? anchor : addDays(anchor, 15);
    }
  }
}

/**
 * `count` due dates starting at `firstDueOn`: the same dates as `addPeriods`, with the seed parsed
 * once (schedules are built in bulk, and month stepping is most of their date work).
 */
export function dueDates(firstDueOn: LocalDate, frequency: Frequency, count: number): LocalDate[] {
  const dates: LocalDate[] = new Array(count);
  if (frequency.unit !== 'month') {
    for (let k = 0; k < count; k += 1) dates[k] = addPeriods(firstDueOn, frequency, k);
    return dates;
  }
  const seed = toCivil(firstDueOn);
  const seedIndex = seed.year * 12 + seed.month - 1;
  for (let k = 0; k < count; k += 1) {
    const index = seedIndex + k * frequency.every;
    const year = Math.floor(index / 12);
    const month = index - year * 12 + 1;
    dates[k] = fromCivil(year, month, Math.min(seed.day, daysInMonthOf(year, month)));
  }
  return dates;
}

/** Periods of `frequency` in a year; a day counts `daysPerYear` (365 when the year is `actual`). */
export function periodsPerYear(frequency: Frequency, daysPerYear: number): number {
  const base = frequency.unit === 'month' ? 12 : frequency.unit === 'halfMonth' ? 24 : frequency.unit === 'week' ? 52 : daysPerYear;
  return base / frequency.every;
}
