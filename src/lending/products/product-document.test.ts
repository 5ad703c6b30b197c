import { describe, expect, it } from 'vitest';
import { parseProductDocument, productDocumentToJson, pricingForTier } from './product-document.ts';

const feeInstallment = {
  type: 'installment',
  name: 'Pay in 3/6/12/24',
  currency: 'CNY',
  amount: { min: '100.00', max: '20000.00' },
  terms: [3, 6, 12, 24],
  pricing: { kind: 'fee', rate: { value: '0.5', per: 'month' } },
  offerExample: { amount: '10000.00', term: 12 },
};

describe('product documents', () => {
  it('applies the defaults of its type and reads its own output back unchanged', () => {
    const parsed = parseProductDocument(feeInstallment);
    if (!parsed.ok) throw new Error(parsed.code);
    expect(parsed.value).toMatchObject({ interestMethod: 'feeOnPrincipal', amortization: 'equalInstallments', termUnit: 'installments', nonAccrualDays: 90, writeOffDays: 180 });
    const json = productDocumentToJson(parsed.value);
    const again = parseProductDocument(json);
    expect(again.ok && productDocumentToJson(again.value)).toEqual(json);

    const withPenalty = parseProductDocument({ ...feeInstallment, penalty: { rate: { value: '0.05', per: 'day' }, graceDays: 3 } });
    if (!withPenalty.ok) throw new Error(withPenalty.code);
    expect(withPenalty.value.penalty).toEqual({ rate: { percent: { units: 5n, scale: 2 }, per: 'day' }, graceDays: 3 });
    expect(productDocumentToJson(withPenalty.value)).toMatchObject({ penalty: { rate: { value: '0.05', per: 'day' }, graceDays: 3 } });

    const line = parseProductDocument({ type: 'revolvingLine', amount: { min: '1.00', max: '5000.00' }, terms: [30, 60], pricing: { kind: 'interest', rate: { value: '0.05', per: 'day' } } });
    expect(line.ok && line.value).toMatchObject({ termUnit: 'days', amortization: 'bullet', interestPeriod: 'daily', daysInYear: 365 });
  });

  it.each([
    [{ ...feeInstallment, type: 'mortgage' }, 'unknown_value', 'type'],
    [{ ...feeInstallment, amount: undefined }, 'missing_field', 'amount'],
    [{ ...feeInstallment, amount: { min: '300.00', max: '200.00' } }, 'out_of_range', 'amount.min'],
    [{ ...feeInstallment, amount: { min: '1.001', max: '200.00' } }, 'amount_precision_exceeded', 'amount.min'],
    [{ ...feeInstallment, terms: [6, 3] }, 'out_of_range', 'terms.1'],
    [{ ...feeInstallment, terms: [] }, 'out_of_range', 'terms'],
    [{ ...feeInstallment, pricing: { kind: 'fee', rate: { value: '0.5', per: 'week' } } }, 'unknown_value', 'pricing.rate.per'],
    [{ ...feeInstallment, pricing: { kind: 'fee', rate: { per: 'month' } } }, 'missing_field', 'pricing.rate.value'],
    [{ ...feeInstallment, interestMethod: 'decliningBalance' }, 'conflicting_fields', 'interestMethod'],
    [{ ...feeInstallment, priceTiers: { A: { kind: 'interest', rate: { value: '10', per: 'year' } } } }, 'conflicting_fields', 'priceTiers.A.kind'],
    [{ ...feeInstallment, allocationOrder: ['principal', 'principal', 'fee', 'interest'] }, 'out_of_range', 'allocationOrder'],
    [{ ...feeInstallment, delinquency: { nonAccrualDays: 90, writeOffDays: 30 } }, 'out_of_range', 'delinquency.writeOffDays'],
    [{ ...feeInstallment, penalty: { rate: { value: '0.05', per: 'day' }, graceDays: -1 } }, 'out_of_range', 'penalty.graceDays'],
    [{ ...feeInstallment, penalty: { graceDays: 3 } }, 'missing_field', 'penalty.rate'],
    [{ ...feeInstallment, offerExample: { amount: '10000.00', term: 9 } }, 'out_of_range', 'offerExample.term'],
    [{ ...feeInstallment, compliance: { profile: 'cnPrivateLending', lprMultiple: 'four' } }, 'invalid_decimal', 'compliance.lprMultiple'],
    [{ type: 'merchantLine', amount: { min: '1.00', max: '9.00' }, terms: [400], pricing: { kind: 'interest', rate: { value: '0.05', per: 'day' } } }, 'out_of_range', 'terms.0'],
    [{ type: 'merchantLine', amount: { min: '1.00', max: '9.00' }, terms: [30], amortization: 'equalInstallments', pricing: { kind: 'interest', rate: { value: '0.05', per: 'day' } } }, 'conflicting_fields', 'amortization'],
  ])('refuses a bad document naming the field (%#)', (doc, code, param) => {
    const parsed = parseProductDocument(doc);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect({ code: parsed.code, param: parsed.param }).toEqual({ code, param });
  });

  it('prices a decision tier by its own rate and others by the default', () => {
    const parsed = parseProductDocument({ ...feeInstallment, priceTiers: { A: { kind: 'fee', rate: { value: '0.4', per: 'month' } } } });
    if (!parsed.ok) throw new Error(parsed.code);
    expect(pricingForTier(parsed.value, 'A').rate.percent).toEqual({ units: 4n, scale: 1 });
    expect(pricingForTier(parsed.value, 'Z')).toBe(parsed.value.pricing);
    expect(pricingForTier(parsed.value, null)).toBe(parsed.value.pricing);
  });
});
