import { describe, expect, it } from 'vitest';
import { expectOk } from '../../kernel/result.ts';
import { parseAprRequest } from './parse-request.ts';
import { solveRate } from './solve-rate.ts';
import { solveApr } from './solve-apr.ts';

function apr(input: Record<string, unknown>) {
  return solveApr(expectOk(parseAprRequest(input)).request);
}

describe('solveRate', () => {
  it('is 0 when the payments only return the advance', () => {
    expect(expectOk(solveRate([{ amount: -1000, whole: 0, fraction: 0 }, { amount: 500, whole: 1, fraction: 0 }, { amount: 500, whole: 2, fraction: 0 }], 'compound'))).toBe(0);
  });

  it('solves rates far above 1,000% a year', () => {
    // 1,000 lent for one month against 1,900 back: 90% a month, 1,080% a year nominal
    const result = expectOk(apr({ method: 'cnIrr', advances: [{ on: '2024-01-01', amount: '1000.00' }], payments: [{ on: '2024-02-01', amount: '1900.00' }] }));
    expect(result.aprPercent).toBeCloseTo(1080, 6);
  });

  it('solves a payday loan at tens of thousands of percent', () => {
    const result = expectOk(apr({ method: 'cnIrr', unitPeriod: { every: 1, unit: 'day' }, advances: [{ on: '2024-01-01', amount: '100.00' }], payments: [{ on: '2024-01-15', amount: '300.00' }] }));
    expect(Math.pow(1 + result.unitRate, 14)).toBeCloseTo(3, 9);
  });

  it('solves irregular flows: two advances, uneven payments', () => {
    const result = expectOk(
      apr({
        method: 'euCcd',
        yearBasis: '365',
        advances: [{ on: '2024-01-01', amount: '1000.00' }, { on: '2024-03-01', amount: '500.00' }],
        payments: [{ on: '2024-06-01', amount: '300.00' }, { on: '2024-12-31', amount: '1400.00' }],
      }),
    );
    const x = result.unitRate;
    const pv = (amount: number, days: number): number => amount / Math.pow(1 + x, days / 365);
    expect(pv(1000, 0) + pv(500, 60) - pv(300, 152) - pv(1400, 365)).toBeCloseTo(0, 6);
  });

  it('says clearly when no rate solves the flows', () => {
    expect(solveRate([{ amount: -1000, whole: 0, fraction: 0 }, { amount: 1100, whole: 0, fraction: 0 }], 'compound')).toMatchObject({ ok: false, code: 'no_rate_solves' });
  });

  it('refuses payments that never repay the advance', () => {
    expect(apr({ method: 'usRegZ', advances: [{ on: '2024-01-01', amount: '1000.00' }], payments: [{ firstOn: '2024-02-01', count: 3, unit: 'month', amount: '100.00' }] })).toMatchObject({
      ok: false,
      code: 'payments_do_not_repay',
      param: 'payments',
    });
  });
});

describe('Regulation Z', () => {
  it('treats a single payment within a year as one unit period of the term', () => {
    // 1,000 for 3 months against 1,030: 3% per quarter × 4
    const result = expectOk(apr({ method: 'usRegZ', advances: [{ on: '2024-01-15', amount: '1000.00' }], payments: [{ on: '2024-04-15', amount: '1030.00' }] }));
    expect(result.aprPercent).toBeCloseTo(12, 9);
    const odd = expectOk(apr({ method: 'usRegZ', advances: [{ on: '2024-01-15', amount: '1000.00' }], payments: [{ on: '2024-03-01', amount: '1010.00' }] }));
    expect(odd.aprPercent).toBeCloseTo((1 * 365) / 46, 9);
  });

  it('counts a semimonthly odd period in 15-day units of 30-day months', () => {
    const result = expectOk(
      apr({ method: 'usRegZ', unitPeriod: { every: 1, unit: 'halfMonth' }, advances: [{ on: '2024-01-01', amount: '1000.00' }], payments: [{ firstOn: '2024-01-16', count: 24, unit: 'halfMonth', amount: '43.87' }] }),
    );
    expect(result.unitPeriodsPerYear).toBe(24);
    expect(result.aprPercent).toBeGreaterThan(0);
  });
});
