import { describe, expect, it } from 'vitest';
import { localDate } from '../../kernel/local-date.ts';
import { parseProductDocument, type ProductDocument } from '../products/product-document.ts';
import { quoteDrawdown, quoteOffer } from './quote.ts';

function product(json: Record<string, unknown>): ProductDocument {
  const parsed = parseProductDocument({ type: 'installment', amount: { min: '100.00', max: '20000.00' }, terms: [3, 6, 12, 24], offerExample: { amount: '10000.00', term: 12 }, ...json });
  if (!parsed.ok) throw new Error(`${parsed.code} ${parsed.param}`);
  return parsed.value;
}

const on = { disbursedOn: localDate('2026-03-01') };

describe('quotes held to the compliance profile', () => {
  it('shows a 0.5%/month fee over 12 months at an all-in APR of about 10.90% (IRR basis)', () => {
    const doc = product({ pricing: { kind: 'fee', rate: { value: '0.5', per: 'month' } } });
    const quote = quoteOffer(doc, doc.pricing, 5_000_000n, on);
    if (!quote.ok) throw new Error(quote.code);
    expect(quote.value.term).toBe(12);
    expect(quote.value.principalMinor).toBe(1_000_000n);
    expect(quote.value.aprPercent).toBeCloseTo(10.9, 1);
    expect(quote.value.totalCostMinor).toBe(60_000n); // 0.5% × 10,000.00 × 12
    expect(quote.value.schedule.installments).toHaveLength(12);
  });

  it('caps the example at the offered limit', () => {
    const doc = product({ pricing: { kind: 'fee', rate: { value: '0.5', per: 'month' } } });
    const quote = quoteOffer(doc, doc.pricing, 300_000n, on);
    expect(quote.ok && quote.value.principalMinor).toBe(300_000n);
  });

  it('refuses a product whose all-in APR exceeds 24% before it is shown', () => {
    const doc = product({ pricing: { kind: 'fee', rate: { value: '1.5', per: 'month' } } });
    const quote = quoteOffer(doc, doc.pricing, 5_000_000n, on);
    expect(quote.ok).toBe(false);
    if (!quote.ok) expect(quote.code).toBe('apr_exceeds_cap');
  });

  it('refuses overdue charges above the cap, and lets an uncapped profile through', () => {
    const doc = product({ pricing: { kind: 'interest', rate: { value: '18', per: 'year' } }, penalty: { rate: { value: '0.05', per: 'day' } } });
    const refused = quoteDrawdown(doc, doc.pricing, { ...on, principalMinor: 100_000n, term: 6 });
    expect(!refused.ok && refused.code).toBe('overdue_charges_exceed_cap');
    const uncapped = product({ pricing: { kind: 'fee', rate: { value: '3', per: 'month' } }, compliance: { profile: 'uncapped' } });
    expect(quoteDrawdown(uncapped, uncapped.pricing, { ...on, principalMinor: 100_000n, term: 6 }).ok).toBe(true);
  });

  it('quotes a line drawdown as one daily-interest maturity', () => {
    const doc = product({ type: 'revolvingLine', terms: [30, 90], offerExample: { amount: '1000.00', term: 30 }, pricing: { kind: 'interest', rate: { value: '0.05', per: 'day' } } });
    const quote = quoteDrawdown(doc, doc.pricing, { ...on, principalMinor: 100_000n, term: 30 });
    if (!quote.ok) throw new Error(quote.code);
    expect(quote.value.schedule.installments).toHaveLength(1);
    expect(quote.value.schedule.installments[0]).toMatchObject({ dueOn: '2026-03-31', interestMinor: 1_500n });
    expect(quote.value.aprPercent).toBeCloseTo(18.25, 1);
  });
});
