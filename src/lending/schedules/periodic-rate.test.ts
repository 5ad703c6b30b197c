import { describe, expect, it } from 'vitest';
import { decimal } from '../../kernel/decimal.ts';
import { localDate } from '../../kernel/local-date.ts';
import { interestOn } from './amortize.ts';
import { dailyRate, installmentRate, repaymentPeriodRate } from './periodic-rate.ts';
import type { InterestTerms } from './types.ts';

function terms(overrides: Partial<InterestTerms>): InterestTerms {
  return {
    rate: { percent: decimal('12'), per: 'year' },
    frequency: { every: 1, unit: 'month' },
    interestPeriod: 'daily',
    daysInYear: 'actual',
    daysInMonth: 'actual',
    ...overrides,
  };
}

const value = (f: { num: bigint; den: bigint }): number => Number(f.num) / Number(f.den);

describe('repaymentPeriodRate', () => {
  it.each([
    ['12% a year, monthly', terms({}), 0.01],
    ['2% a month, monthly', terms({ rate: { percent: decimal('2'), per: 'month' } }), 0.02],
    ['12% a year, every 2 months', terms({ frequency: { every: 2, unit: 'month' } }), 0.02],
    ['24% a year, half-monthly', terms({ rate: { percent: decimal('24'), per: 'year' }, frequency: { every: 1, unit: 'halfMonth' } }), 0.01],
    ['5.2% a year, weekly', terms({ rate: { percent: decimal('5.2'), per: 'year' }, frequency: { every: 1, unit: 'week' } }), 0.001],
    ['36% a year, daily on 360 days', terms({ rate: { percent: decimal('36'), per: 'year' }, frequency: { every: 1, unit: 'day' }, daysInYear: 360 }), 0.001],
    ['36.5% a year, every 2 days on an actual year (365)', terms({ rate: { percent: decimal('36.5'), per: 'year' }, frequency: { every: 2, unit: 'day' } }), 0.002],
    ['0.05% a day, weekly', terms({ rate: { percent: decimal('0.05'), per: 'day' }, frequency: { every: 1, unit: 'week' } }), (0.0005 * 365) / 52],
  ])('%s', (_name, t, expected) => {
    expect(value(repaymentPeriodRate(t))).toBeCloseTo(expected, 15);
  });
});

describe('dailyRate', () => {
  it('counts an actual year as 365 days, in a leap year too, as Fineract does', () => {
    const rate = dailyRate(terms({}), localDate('2023-12-01'), localDate('2024-03-01'));
    expect(value(rate)).toBeCloseTo((0.12 * 91) / 365, 15);
  });

  it('counts 30-day months when daysInMonth is 30', () => {
    const rate = dailyRate(terms({ daysInMonth: 30, daysInYear: 360 }), localDate('2024-01-31'), localDate('2024-02-29'));
    expect(value(rate)).toBeCloseTo((0.12 * 29) / 360, 15);
  });

  it('applies a per-day rate to each day whatever the year', () => {
    const t = terms({ rate: { percent: decimal('0.05'), per: 'day' } });
    expect(interestOn(1_000_000n, dailyRate(t, localDate('2024-02-01'), localDate('2024-03-01')))).toBe(14_500n);
  });

  it('gives Fineract-style daily interest on a 365-day year', () => {
    // 10,000.00 at 12% for 31 days on 365: 101.917… → 101.92
    expect(interestOn(1_000_000n, dailyRate(terms({ daysInYear: 365 }), localDate('2024-01-01'), localDate('2024-02-01')))).toBe(10_192n);
  });
});

describe('installmentRate', () => {
  it('uses 30-day months on the year basis for daily interest', () => {
    expect(value(installmentRate(terms({ daysInYear: 360 })))).toBeCloseTo(0.01, 15);
    expect(value(installmentRate(terms({ daysInYear: 365 })))).toBeCloseTo((0.12 * 30) / 365, 15);
  });
  it('is the periodic rate for repayment-period interest', () => {
    expect(value(installmentRate(terms({ interestPeriod: 'repaymentPeriod' })))).toBeCloseTo(0.01, 15);
  });
});
