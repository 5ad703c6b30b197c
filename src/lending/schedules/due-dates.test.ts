import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, fromEpochDay, localDate, toEpochDay } from '../../kernel/local-date.ts';
import { addPeriods, dueDates, periodsPerYear } from './due-dates.ts';
import type { Frequency } from './types.ts';

describe('dueDates', () => {
  const cases: [string, string, Frequency, number, string[]][] = [
    ['month-end anchor survives short months', '2024-01-31', { every: 1, unit: 'month' }, 4, ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30']],
    ['non-leap February', '2023-01-31', { every: 1, unit: 'month' }, 3, ['2023-01-31', '2023-02-28', '2023-03-31']],
    ['every 3 months', '2024-11-30', { every: 3, unit: 'month' }, 3, ['2024-11-30', '2025-02-28', '2025-05-30']],
    ['half months from the 1st', '2024-01-01', { every: 1, unit: 'halfMonth' }, 4, ['2024-01-01', '2024-01-16', '2024-02-01', '2024-02-16']],
    ['every 2 half months is monthly', '2024-01-15', { every: 2, unit: 'halfMonth' }, 3, ['2024-01-15', '2024-02-15', '2024-03-15']],
    ['fortnightly', '2024-02-22', { every: 2, unit: 'week' }, 3, ['2024-02-22', '2024-03-07', '2024-03-21']],
    ['every 10 days over 29 February', '2024-02-20', { every: 10, unit: 'day' }, 3, ['2024-02-20', '2024-03-01', '2024-03-11']],
  ];
  it.each(cases)('%s', (_name, seed, frequency, count, expected) => {
    expect(dueDates(localDate(seed), frequency, count)).toEqual(expected);
  });

  it('agrees with addPeriods for every unit', () => {
    const dates = fc.integer({ min: toEpochDay(localDate('1990-01-01')), max: toEpochDay(localDate('2090-12-31')) }).map(fromEpochDay);
    const frequencies = fc.record({ every: fc.integer({ min: 1, max: 12 }), unit: fc.constantFrom('day', 'week', 'halfMonth', 'month') as fc.Arbitrary<Frequency['unit']> });
    fc.assert(
      fc.property(dates, frequencies, fc.integer({ min: 1, max: 40 }), (seed, frequency, count) => {
        const listed = dueDates(seed, frequency, count);
        listed.forEach((date, k) => expect(date).toBe(addPeriods(seed, frequency, k)));
        if (frequency.unit === 'month') expect(listed[count - 1]).toBe(addMonths(seed, (count - 1) * frequency.every));
        if (frequency.unit === 'day') expect(listed[count - 1]).toBe(addDays(seed, (count - 1) * frequency.every));
      }),
    );
  });
});

describe('periodsPerYear', () => {
  it.each([
    [{ every: 1, unit: 'month' }, 365, 12],
    [{ every: 3, unit: 'month' }, 365, 4],
    [{ every: 1, unit: 'halfMonth' }, 365, 24],
    [{ every: 2, unit: 'week' }, 365, 26],
    [{ every: 1, unit: 'day' }, 360, 360],
  ] as [Frequency, number, number][])('%o with %d days a year', (frequency, days, expected) => {
    expect(periodsPerYear(frequency, days)).toBe(expected);
  });
});
