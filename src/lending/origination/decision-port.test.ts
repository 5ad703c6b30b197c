import { describe, expect, it } from 'vitest';
import type { Instant } from '../../kernel/instant.ts';
import { localDate } from '../../kernel/local-date.ts';
import { currency } from '../../kernel/money.ts';
import { ageOn, builtInPolicy, type ApplicationInput } from './decision-port.ts';

const base: ApplicationInput = {
  applicationId: 'app-1',
  customer: { id: 'c', birthOn: localDate('1990-05-15'), idNumberHash: 'h', phone: '13800138000' },
  signals: {},
  appliedAt: '2026-03-01T02:00:00.000Z' as Instant,
  product: { id: 'p', version: 1, type: 'installment', currency: currency('CNY'), amountMinMinor: 10_000n, amountMaxMinor: 2_000_000n },
  requestedLimitMinor: null,
  monthlyIncomeMinor: 800_000n,
  appliedOn: localDate('2026-03-01'),
};

describe('the built-in decision policy', () => {
  it('counts age in whole years', () => {
    expect(ageOn(localDate('2008-03-02'), localDate('2026-03-01'))).toBe(17);
    expect(ageOn(localDate('2008-03-01'), localDate('2026-03-01'))).toBe(18);
  });

  it.each([
    [{}, { outcome: 'approve', limitMinor: 2_000_000n, priceTier: 'B' }],
    [{ monthlyIncomeMinor: 123_456n }, { outcome: 'approve', limitMinor: 370_000n }],
    [{ monthlyIncomeMinor: 2_000_000n }, { outcome: 'approve', priceTier: 'A' }],
    [{ requestedLimitMinor: 500_000n }, { outcome: 'approve', limitMinor: 500_000n }],
    [{ monthlyIncomeMinor: 3_000n }, { outcome: 'reject', reasons: ['limit_below_product_minimum'] }],
    [{ monthlyIncomeMinor: null }, { outcome: 'review', reasons: ['income_missing'] }],
    [{ customer: { ...base.customer, birthOn: localDate('2010-01-01') } }, { outcome: 'reject', reasons: ['age_out_of_range'] }],
    [{ customer: { ...base.customer, birthOn: localDate('1960-01-01') } }, { outcome: 'reject', reasons: ['age_out_of_range'] }],
  ])('decides %o as %o', async (change, expected) => {
    expect((await builtInPolicy().decide('t', [{ ...base, ...change }]))[0]).toMatchObject(expected);
  });
});
