import { describe, expect, it } from 'vitest';
import { decimal, formatDecimal } from '../../kernel/decimal.ts';
import { localDate } from '../../kernel/local-date.ts';
import { currency } from '../../kernel/money.ts';
import { expectOk } from '../../kernel/result.ts';
import { scheduleRepayments } from '../apr/schedule-apr.ts';
import { buildSchedule } from '../schedules/build-schedule.ts';
import { parseScheduleSpec } from '../schedules/parse-spec.ts';
import { checkOffer, type Offer } from './check-offer.ts';
import { oneYearLprOn } from './lpr.ts';
import { aprCapOn, CN_LICENSED_CONSUMER, CN_PRIVATE_LENDING, UNCAPPED } from './profiles.ts';

// 10,000 over 12 months with a 0.5%-a-month fee on the original principal: 883.33 a month.
const schedule = expectOk(
  buildSchedule(expectOk(parseScheduleSpec({ principal: '10000.00', disbursedOn: '2024-01-01', installments: 12, rate: { value: '0.5', per: 'month' }, interestMethod: 'feeOnPrincipal' }))),
);

function offer(overrides: Partial<Offer> = {}): Offer {
  return {
    currency: currency('CNY'),
    contractOn: localDate('2024-01-01'),
    contractPrincipalMinor: 1_000_000n,
    disbursedMinor: 1_000_000n,
    disbursedOn: localDate('2024-01-01'),
    repayments: scheduleRepayments(schedule),
    fees: [],
    unitPeriod: { every: 1, unit: 'month' },
    overdueCharges: [],
    ...overrides,
  };
}

describe('checkOffer', () => {
  it('passes a 0.5%-a-month fee loan: 10.90% a year on the IRR basis', () => {
    const report = expectOk(checkOffer(offer(), CN_LICENSED_CONSUMER));
    expect(report.aprPercent).toBeCloseTo(10.9, 1);
    expect(report).toMatchObject({ compliant: true, violations: [] });
  });

  it('flags a fee withheld at disbursement, which lifts the APR to 31.34%', () => {
    const report = expectOk(checkOffer(offer({ disbursedMinor: 900_000n }), CN_LICENSED_CONSUMER));
    expect(report.aprPercent).toBeCloseTo(31.34, 2);
    expect(report.compliant).toBe(false);
    expect(report.violations.map((v) => v.code)).toEqual(['upfront_deduction_forbidden', 'apr_exceeds_cap']);
    expect(report.violations[1]!.message).toContain('31.34%');
    expect(report.violations[1]!.message).toContain('24.00%');
  });

  it('counts every fee paid outside the installments into the APR', () => {
    const fees = [
      { kind: 'membership' as const, on: localDate('2024-01-01'), amountMinor: 50_000n },
      { kind: 'guarantee' as const, on: localDate('2024-02-01'), amountMinor: 30_000n },
    ];
    const report = expectOk(checkOffer(offer({ fees }), CN_LICENSED_CONSUMER));
    expect(report.aprPercent).toBeGreaterThan(20);
    const capped = expectOk(checkOffer(offer({ fees: [...fees, { kind: 'service', on: localDate('2024-03-01'), amountMinor: 50_000n }] }), CN_LICENSED_CONSUMER));
    expect(capped.violations.map((v) => v.code)).toEqual(['apr_exceeds_cap']);
  });

  it('holds private lending to four times the one-year LPR on the contract date', () => {
    const report = expectOk(checkOffer(offer(), CN_PRIVATE_LENDING));
    expect(formatDecimal(report.capPercent!)).toBe('13.8');
    expect(report.compliant).toBe(true);
    const later = expectOk(checkOffer(offer({ contractOn: localDate('2025-06-01'), repayments: scheduleRepayments(schedule).map((r) => ({ ...r, amountMinor: r.amountMinor + 2_000n })) }), CN_PRIVATE_LENDING));
    expect(later.violations.map((v) => v.code)).toEqual(['apr_exceeds_cap']);
    expect(later.capBasis).toContain('3.00%');
  });

  it('keeps overdue interest, penalties and fees under the cap together', () => {
    const overdueCharges = [
      { percent: decimal('0.05'), per: 'day' as const },
      { percent: decimal('6'), per: 'year' as const },
    ];
    const report = expectOk(checkOffer(offer({ overdueCharges }), CN_LICENSED_CONSUMER));
    expect(report.violations.map((v) => v.code)).toEqual(['overdue_charges_exceed_cap']);
    expect(report.violations[0]!.message).toContain('24.25%');
  });

  it('checks an uncapped profile for upfront deductions only', () => {
    const report = expectOk(checkOffer(offer({ disbursedMinor: 900_000n }), UNCAPPED));
    expect(report.violations.map((v) => v.code)).toEqual(['upfront_deduction_forbidden']);
  });

  it('refuses an offer whose payments do not repay what was disbursed', () => {
    expect(checkOffer(offer({ repayments: [{ on: localDate('2024-02-01'), amountMinor: 1_000n }] }), UNCAPPED)).toMatchObject({ ok: false, code: 'payments_do_not_repay' });
  });
});

describe('one-year LPR', () => {
  it.each([
    ['2019-08-20', '4.25'],
    ['2020-04-19', '4.05'],
    ['2021-06-01', '3.85'],
    ['2023-08-21', '3.45'],
    ['2024-10-21', '3.10'],
    ['2030-01-01', '3.00'],
  ])('on %s is %s%%', (on, percent) => {
    expect(expectOk(oneYearLprOn(localDate(on))).percent).toEqual(decimal(percent));
  });

  it('is unavailable before the reformed series began', () => {
    expect(oneYearLprOn(localDate('2019-08-19'))).toMatchObject({ ok: false, code: 'lpr_unavailable' });
    expect(aprCapOn(CN_PRIVATE_LENDING, localDate('2019-01-01'))).toMatchObject({ ok: false, code: 'lpr_unavailable' });
  });
});
