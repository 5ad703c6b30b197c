import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, fromEpochDay, localDate, toEpochDay } from '../../kernel/local-date.ts';
import { yearsBetween } from './eu-ccd.ts';
import { monthsBack, unitPeriodsBetween } from './unit-periods.ts';

const dates = fc.integer({ min: toEpochDay(localDate('1970-01-01')), max: toEpochDay(localDate('2100-12-31')) }).map(fromEpochDay);

describe('monthsBack', () => {
  it('counts whole months back from the later date, then the days left', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: 0, max: 4_000 }), (start, length) => {
        const end = fromEpochDay(toEpochDay(start) + length);
        if (addDays(end, 1).endsWith('-01')) return; // month ends: see the table below
        const { months, days } = monthsBack(start, end);
        const anchor = addMonths(end, -months);
        expect(anchor >= start).toBe(true);
        expect(addMonths(end, -(months + 1)) < start).toBe(true);
        expect(days).toBe(daysBetween(start, anchor));
      }),
    );
  });
});

describe('monthsBack from a month end', () => {
  it.each([
    ['2024-01-31', '2024-02-29', 1, 0],
    ['2024-01-31', '2024-04-30', 3, 0],
    ['2024-01-15', '2024-02-29', 1, 16],
    ['2023-12-31', '2024-02-29', 2, 0],
    ['2024-02-29', '2024-02-29', 0, 0],
  ])('%s → %s', (start, end, months, days) => {
    expect(monthsBack(localDate(start), localDate(end))).toEqual({ months, days });
  });
});

describe('unitPeriodsBetween', () => {
  it.each([
    ['Appendix J long first period: 1 month and 19 days', '1978-02-10', '1978-04-01', { every: 1, unit: 'month' }, 1, 19 / 30],
    ['a whole number of months', '2024-01-31', '2024-04-30', { every: 1, unit: 'month' }, 3, 0],
    ['quarters in 30-day months', '2024-01-01', '2024-08-11', { every: 3, unit: 'month' }, 2, 40 / 90],
    ['half months from the 1st to the 16th', '2024-01-01', '2024-03-16', { every: 1, unit: 'halfMonth' }, 5, 0],
    ['weeks', '2024-01-01', '2024-01-25', { every: 1, unit: 'week' }, 3, 3 / 7],
  ] as const)('%s', (_name, start, end, unit, whole, fraction) => {
    const t = unitPeriodsBetween(localDate(start), localDate(end), unit);
    expect(t.whole).toBe(whole);
    expect(t.fraction).toBeCloseTo(fraction, 12);
  });
});

describe('EU year bases', () => {
  it.each([
    ['365: days over 365', '1994-01-01', '1995-07-01', '365', 546 / 365],
    ['365or366: a whole year is one year in a leap year', '2024-01-01', '2025-01-01', '365or366', 1],
    ['365or366: days over the leap year behind them', '2023-06-01', '2024-04-01', '365or366', 305 / 366],
    ['equal months: 18 months is a year and a half', '1994-01-01', '1995-07-01', 'equalMonths', 1.5],
    ['equal months with days left', '2023-01-01', '2023-03-16', 'equalMonths', 2 / 12 + 15 / 365],
  ] as const)('%s', (_name, start, end, basis, years) => {
    const t = yearsBetween(localDate(start), localDate(end), basis);
    expect(t.whole + t.fraction).toBeCloseTo(years, 12);
  });
});
