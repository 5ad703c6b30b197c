import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectOk } from '../../kernel/result.ts';
import { scheduleApr } from '../apr/schedule-apr.ts';
import { amortize } from './amortize.ts';
import { buildSchedule, schedulePeriods } from './build-schedule.ts';
import { parseScheduleSpec } from './parse-spec.ts';
import type { Schedule } from './types.ts';

function build(input: Record<string, unknown>): Schedule {
  return expectOk(buildSchedule(expectOk(parseScheduleSpec({ currency: 'CNY', disbursedOn: '2024-01-01', ...input }))));
}

const money = (s: Schedule, field: 'principalMinor' | 'interestMinor' | 'feeMinor' | 'totalMinor' | 'balanceMinor'): bigint[] =>
  s.installments.map((i) => i[field]);

describe('buildSchedule', () => {
  it('books a per-month fee on the original principal as fee, with equal principal parts', () => {
    const s = build({ principal: '10000.00', installments: 12, rate: { value: '0.5', per: 'month' }, interestMethod: 'feeOnPrincipal' });
    expect(money(s, 'feeMinor')).toEqual(Array(12).fill(5_000n));
    expect(money(s, 'interestMinor')).toEqual(Array(12).fill(0n));
    expect(money(s, 'principalMinor')).toEqual([...Array(11).fill(83_333n), 83_337n]);
    expect(s.totals.feeMinor).toBe(60_000n);
    expect(expectOk(scheduleApr(s)).aprPercent).toBeCloseTo(10.9, 1);
  });

  it('pays interest only during principal grace, then the annuity over the remaining periods', () => {
    const s = build({ principal: '12000.00', installments: 6, rate: { value: '12', per: 'year' }, graceOnPrincipal: 2 });
    expect(money(s, 'principalMinor').slice(0, 2)).toEqual([0n, 0n]);
    expect(money(s, 'interestMinor').slice(0, 2)).toEqual([12_000n, 12_000n]);
    // annuity of 12,000.00 at 1% over 4 periods: 120 / (1 − 1.01⁻⁴) = 3,075.37
    expect(money(s, 'totalMinor').slice(2, 5)).toEqual([307_537n, 307_537n, 307_537n]);
  });

  it('repays principal only at the end when interest-only', () => {
    const s = build({ principal: '5000.00', installments: 3, rate: { value: '12', per: 'year' }, amortization: 'interestOnly' });
    expect(money(s, 'principalMinor')).toEqual([0n, 0n, 500_000n]);
    expect(money(s, 'interestMinor')).toEqual([5_000n, 5_000n, 5_000n]);
  });

  it('collects a bullet in one payment at the last due date', () => {
    const s = build({ principal: '5000.00', installments: 6, rate: { value: '12', per: 'year' }, amortization: 'bullet' });
    expect(s.installments).toHaveLength(1);
    expect(s.installments[0]).toMatchObject({ n: 1, dueOn: '2024-07-01', days: 182, principalMinor: 500_000n, interestMinor: 30_000n, balanceMinor: 0n });
  });

  it('counts a day-counted bullet\'s 30-day-month days over its whole run at once', () => {
    // 19 two-day periods from 15 December to 22 January: 2 days each on 30-day months (38 summed),
    // but 37 over the run, which skips the 31st; 100.05 × 24.96% × 37/360 = 2.57.
    const s = build({
      principal: '100.05', disbursedOn: '2023-12-15', installments: 19, frequency: { every: 2, unit: 'day' }, rate: { value: '24.96', per: 'year' },
      amortization: 'bullet', interestPeriod: 'daily', daysInYear: 360, daysInMonth: 30,
    });
    expect(money(s, 'interestMinor')).toEqual([257n]);
  });

  it('counts actual days for daily interest, 29 February included, over a 365-day year', () => {
    const s = build({ principal: '10000.00', installments: 3, rate: { value: '12', per: 'year' }, interestPeriod: 'daily', amortization: 'equalPrincipal' });
    expect(s.installments.map((i) => i.days)).toEqual([31, 29, 31]);
    // 10,000.00 × 12% × 31/365 = 101.92; 6,666.67 × 12% × 29/365 = 63.56; 3,333.34 × 12% × 31/365 = 33.97
    expect(money(s, 'interestMinor')).toEqual([10_192n, 6_356n, 3_397n]);
  });

  it('spreads flat interest evenly on the original principal', () => {
    const s = build({ principal: '1000.00', installments: 3, rate: { value: '10', per: 'year' }, interestMethod: 'flat' });
    // 1,000.00 × 10%/12 × 3 = 25.00 → 8.33, 8.33, 8.34
    expect(money(s, 'interestMinor')).toEqual([833n, 833n, 834n]);
  });

  it('charges flat interest on the whole principal, the down payment included (Fineract LoanDownPayment C2852)', () => {
    const s = build({ principal: '1000.00', installments: 3, rate: { value: '10', per: 'year' }, interestMethod: 'flat', downPaymentPercent: '25' });
    expect(money(s, 'principalMinor')).toEqual([25_000n, 25_000n, 25_000n, 25_000n]);
    expect(money(s, 'interestMinor')).toEqual([0n, 833n, 833n, 834n]);
    expect(s.totals.interestMinor).toBe(2_500n);
  });

  it('keeps a month-end first due date anchored', () => {
    const s = build({ principal: '3000.00', installments: 3, rate: { value: '0', per: 'year' }, disbursedOn: '2023-12-31', firstDueOn: '2024-01-31' });
    expect(s.installments.map((i) => i.dueOn)).toEqual(['2024-01-31', '2024-02-29', '2024-03-31']);
  });

  it('refuses an installment multiple that repays the loan early', () => {
    const spec = expectOk(parseScheduleSpec({ principal: '190.00', disbursedOn: '2024-01-01', installments: 3, rate: { value: '0', per: 'year' }, installmentMultiple: '100.00' }));
    expect(buildSchedule(spec)).toMatchObject({ ok: false, code: 'installment_multiple_too_large', param: 'installmentMultiple' });
  });

  it('regenerates the rest of a schedule from an outstanding balance (reduce installment)', () => {
    const spec = expectOk(parseScheduleSpec({ principal: '12000.00', disbursedOn: '2024-01-01', installments: 12, rate: { value: '12', per: 'year' } }));
    const remaining = schedulePeriods(spec).slice(4);
    const rest = expectOk(
      amortize({ terms: spec, interestMethod: 'decliningBalance', amortization: 'equalInstallments', installmentMultipleMinor: 1n, openingBalanceMinor: 600_000n, flatBaseMinor: 600_000n, periods: remaining, graceOnPrincipal: 0, firstNumber: 5 }),
    );
    expect(rest.map((r) => r.n)).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    expect(rest[0]!.interestMinor).toBe(6_000n);
    expect(rest.reduce((sum, r) => sum + r.principalMinor, 0n)).toBe(600_000n);
    expect(rest[7]!.balanceMinor).toBe(0n);
  });
});

describe('schedule invariants (property)', () => {
  const specs = fc.record({
    principalMinor: fc.bigInt({ min: 1n, max: 10_000_000_000n }),
    installments: fc.integer({ min: 1, max: 120 }),
    rate: fc.record({ value: fc.integer({ min: 0, max: 50_000 }).map((bp) => (bp / 100).toFixed(2)), per: fc.constantFrom('year', 'month', 'day') }),
    frequency: fc.record({ every: fc.integer({ min: 1, max: 4 }), unit: fc.constantFrom('day', 'week', 'halfMonth', 'month') }),
    interestMethod: fc.constantFrom('decliningBalance', 'flat', 'feeOnPrincipal'),
    amortization: fc.constantFrom('equalInstallments', 'equalPrincipal', 'interestOnly', 'bullet'),
    interestPeriod: fc.constantFrom('repaymentPeriod', 'daily'),
    daysInYear: fc.constantFrom('actual', '360', '364', '365'),
    daysInMonth: fc.constantFrom('actual', '30'),
    graceOnPrincipal: fc.integer({ min: 0, max: 3 }),
    downPaymentPercent: fc.constantFrom('0', '10', '25.5'),
    disbursedDay: fc.integer({ min: 0, max: 3_000 }),
  });

  it('principal parts sum to the principal, balances never rise and end at zero, totals are the sums', () => {
    fc.assert(
      fc.property(specs, (s) => {
        const spec = expectOk(
          parseScheduleSpec({
            principal: (Number(s.principalMinor) / 100).toFixed(2),
            disbursedOn: new Date(Date.UTC(2020, 0, 1) + s.disbursedDay * 86_400_000).toISOString().slice(0, 10),
            installments: s.installments,
            rate: s.rate,
            frequency: s.frequency,
            interestMethod: s.interestMethod,
            amortization: s.amortization,
            interestPeriod: s.interestPeriod,
            daysInYear: s.daysInYear,
            daysInMonth: s.daysInMonth,
            graceOnPrincipal: Math.min(s.graceOnPrincipal, s.installments - 1),
            downPaymentPercent: s.downPaymentPercent,
          }),
        );
        const schedule = expectOk(buildSchedule(spec));
        let previous = spec.principalMinor;
        let principal = 0n;
        let total = 0n;
        for (const row of schedule.installments) {
          expect(row.principalMinor).toBeGreaterThanOrEqual(0n);
          expect(row.interestMinor).toBeGreaterThanOrEqual(0n);
          expect(row.balanceMinor).toBeLessThanOrEqual(previous);
          expect(row.balanceMinor).toBe(previous - row.principalMinor);
          expect(row.totalMinor).toBe(row.principalMinor + row.interestMinor + row.feeMinor);
          previous = row.balanceMinor;
          principal += row.principalMinor;
          total += row.totalMinor;
        }
        expect(previous).toBe(0n);
        expect(principal).toBe(spec.principalMinor);
        expect(schedule.totals.principalMinor).toBe(principal);
        expect(schedule.totals.totalMinor).toBe(total);
        expect(expectOk(scheduleApr(schedule)).aprPercent).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('the APR of a fee-free regular monthly declining-balance schedule is its nominal rate', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 100_000n, max: 100_000_000n }),
        fc.integer({ min: 2, max: 60 }),
        fc.integer({ min: 1, max: 6_000 }),
        (principalMinor, installments, rateBp) => {
          const nominal = rateBp / 100;
          const schedule = build({ principal: (Number(principalMinor) / 100).toFixed(2), installments, rate: { value: nominal.toFixed(2), per: 'year' } });
          expect(Math.abs(expectOk(scheduleApr(schedule)).aprPercent - nominal)).toBeLessThan(0.01);
        },
      ),
      { numRuns: 200 },
    );
  });
});

// Apache Fineract's e2e RS03: daily interest, actual/actual, EMI in whole euros, 18 months from
// November 2022, so the last four periods fall in the leap year 2024 and still count 365 days.
describe('Fineract RS03: daily interest across a leap year', () => {
  it('prices the 2024 periods on a 365-day year', () => {
    const s = build({ currency: 'EUR', principal: '5000.00', disbursedOn: '2022-11-01', installments: 18, rate: { value: '12', per: 'year' }, interestPeriod: 'daily', installmentMultiple: '1' });
    const rows = s.installments.map((i) => `${i.principalMinor}/${i.interestMinor}`);
    expect(rows.slice(0, 2)).toEqual(['25568/4932', '25665/4835']);
    expect(rows.slice(14)).toEqual(['29290/1210', '29647/853', '29890/610', '29938/295']);
    expect(s.installments.reduce((sum, i) => sum + i.interestMinor, 0n)).toBe(48733n);
  });
});
