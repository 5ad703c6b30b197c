/** The pure parts of the report: exact percents, banding, and the vintage table from month-end snapshots. */
import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../kernel/local-date.ts';
import { percentOf } from './percent.ts';
import { ageBand, amountBand, stratify, termBand, type PoolLoan } from './stratification.ts';
import { monthsOnBook, vintageTable } from './vintages.ts';

const loan = (principalMinor: bigint, ageAtOrigination: number, term = 3, outstandingMinor = principalMinor): PoolLoan => ({ principalMinor, outstandingMinor, term, termUnit: 'installments', ageAtOrigination });

describe('percentOf', () => {
  it.each([
    [1n, 3n, '33.33'],
    [2n, 3n, '66.67'],
    [1n, 8n, '12.50'],
    [0n, 5n, '0.00'],
    [5n, 5n, '100.00'],
    [1n, 0n, null],
  ])('%s / %s = %s', (part, whole, expected) => expect(percentOf(part, whole)).toBe(expected));
});

describe('bands', () => {
  it.each([
    [49_999n, '< 500'],
    [50_000n, '500 – 999'],
    [199_999n, '1,000 – 1,999'],
    [1_000_000n, '≥ 10,000'],
  ])('amount %s fen is %s', (minor, band) => expect(amountBand(loan(minor, 30))).toBe(band));

  it.each([
    [18, '18 – 24'],
    [29, '25 – 29'],
    [30, '30 – 34'],
    [62, '≥ 50'],
  ])('age %s is %s', (age, band) => expect(ageBand(loan(100n, age))).toBe(band));

  it('names terms by their unit', () => {
    expect(termBand(loan(100n, 30, 12))).toBe('12 months');
    expect(termBand({ ...loan(100n, 30, 60), termUnit: 'days' })).toBe('60 days');
  });

  it('keeps every band in order, empty ones too, and sums to the pool', () => {
    const lines = stratify([loan(10_000n, 22), loan(30_000n, 23, 3, 0n), loan(60_000n, 31)], ageBand, ['18 – 24', '25 – 29', '30 – 34']);
    expect(lines.map((l) => [l.band, l.loans, l.originalMinor, l.outstandingMinor, l.originalPercent])).toEqual([
      ['18 – 24', 2, 40_000n, 10_000n, '40.00'],
      ['25 – 29', 0, 0n, 0n, '0.00'],
      ['30 – 34', 1, 60_000n, 60_000n, '60.00'],
    ]);
  });
});

describe('vintages', () => {
  it('counts months on book from the origination month', () => {
    expect(monthsOnBook('2026-01', '2026-01-31' as LocalDate)).toBe(0);
    expect(monthsOnBook('2025-11', '2026-02-28' as LocalDate)).toBe(3);
  });

  it('places each month-end observation at its month on book', () => {
    const table = vintageTable([
      { asOf: '2026-01-31' as LocalDate, cohorts: [{ month: '2026-01', loans: 2, originalMinor: 1_000n, dpd30PlusMinor: 0n }] },
      {
        asOf: '2026-02-28' as LocalDate,
        cohorts: [
          { month: '2026-01', loans: 2, originalMinor: 1_000n, dpd30PlusMinor: 25n },
          { month: '2026-02', loans: 1, originalMinor: 400n, dpd30PlusMinor: 0n },
        ],
      },
    ]);
    expect(table).toEqual([
      { month: '2026-01', loans: 2, originalMinor: 1_000n, dpd30PlusPercentByMob: ['0.00', '2.50'] },
      { month: '2026-02', loans: 1, originalMinor: 400n, dpd30PlusPercentByMob: ['0.00', null] },
    ]);
  });
});
