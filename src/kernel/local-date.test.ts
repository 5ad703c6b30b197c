import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, addMonths, days30, daysBetween, fromEpochDay, localDate, parseLocalDate, toEpochDay } from './local-date.ts';

describe('LocalDate', () => {
  it('keeps the end of month from the same seed', () => {
    const seed = localDate('2024-01-31');
    expect([1, 2, 3, 13].map((n) => addMonths(seed, n))).toEqual(['2024-02-29', '2024-03-31', '2024-04-30', '2025-02-28']);
    expect(addMonths(seed, -2)).toBe('2023-11-30');
  });

  it('counts days across leap years', () => {
    expect(daysBetween(localDate('2024-02-28'), localDate('2024-03-01'))).toBe(2);
    expect(daysBetween(localDate('2023-02-28'), localDate('2023-03-01'))).toBe(1);
    expect(daysBetween(localDate('2024-01-01'), localDate('2025-01-01'))).toBe(366);
    expect(toEpochDay(localDate('1970-01-01'))).toBe(0);
  });

  it('refuses impossible dates', () => {
    for (const bad of ['2023-02-29', '2024-13-01', '2024-00-10', '2024-1-1', '20240101', 'x']) {
      expect(parseLocalDate(bad).ok).toBe(false);
    }
    expect(parseLocalDate('2024-02-29').ok).toBe(true);
  });

  it('round-trips epoch days and agrees with the JavaScript calendar', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25_000, max: 2_900_000 }), (day) => {
        const date = fromEpochDay(day);
        expect(toEpochDay(date)).toBe(day);
        expect(new Date(day * 86_400_000).toISOString().slice(0, 10)).toBe(date);
        expect(addDays(date, 1)).toBe(fromEpochDay(day + 1));
      }),
    );
  });

  it('counts 30-day months', () => {
    expect(days30(localDate('2024-01-31'), localDate('2024-02-29'))).toBe(29);
    expect(days30(localDate('2024-01-15'), localDate('2024-02-15'))).toBe(30);
    expect(days30(localDate('2024-01-30'), localDate('2024-03-31'))).toBe(60);
  });
});
