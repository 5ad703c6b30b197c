import { describe, expect, it } from 'vitest';
import { limits } from '../../kernel/limits.ts';
import { expectOk } from '../../kernel/result.ts';
import { parseScheduleSpec } from './parse-spec.ts';

const valid = { principal: '1000.00', disbursedOn: '2024-01-31', installments: 3, rate: { value: '12', per: 'year' } };

describe('parseScheduleSpec', () => {
  it('applies the contract defaults', () => {
    const spec = expectOk(parseScheduleSpec(valid));
    expect(spec).toMatchObject({
      currency: 'CNY',
      principalMinor: 100_000n,
      firstDueOn: '2024-02-29',
      frequency: { every: 1, unit: 'month' },
      interestMethod: 'decliningBalance',
      amortization: 'equalInstallments',
      interestPeriod: 'repaymentPeriod',
      daysInYear: 'actual',
      daysInMonth: 'actual',
      installmentMultipleMinor: 1n,
      graceOnPrincipal: 0,
    });
  });

  it('reads JPY amounts without decimals and numeric day bases', () => {
    const spec = expectOk(parseScheduleSpec({ ...valid, currency: 'JPY', principal: '416700', daysInYear: 360, daysInMonth: '30' }));
    expect(spec).toMatchObject({ principalMinor: 416_700n, daysInYear: 360, daysInMonth: 30 });
  });

  const bad: [string, Record<string, unknown>, string, string][] = [
    ['zero principal', { principal: '0.00' }, 'amount_must_be_positive', 'principal'],
    ['negative principal', { principal: '-1.00' }, 'amount_must_be_positive', 'principal'],
    ['too many decimals', { principal: '1.001' }, 'amount_precision_exceeded', 'principal'],
    ['missing principal', { principal: undefined }, 'missing_field', 'principal'],
    ['no installments', { installments: 0 }, 'out_of_range', 'installments'],
    ['over the installment limit', { installments: limits.scheduleInstallmentsMax + 1 }, 'out_of_range', 'installments'],
    ['fractional installments', { installments: 2.5 }, 'invalid_type', 'installments'],
    ['impossible date', { disbursedOn: '2023-02-29' }, 'invalid_date', 'disbursedOn'],
    ['first due date before disbursement', { firstDueOn: '2024-01-31' }, 'date_out_of_order', 'firstDueOn'],
    ['unknown rate unit', { rate: { value: '1', per: 'week' } }, 'unknown_value', 'rate.per'],
    ['missing rate value', { rate: { per: 'year' } }, 'missing_field', 'rate.value'],
    ['negative rate', { rate: { value: '-1', per: 'year' } }, 'out_of_range', 'rate.value'],
    ['too precise rate', { rate: { value: '1.1234567890123', per: 'year' } }, 'out_of_range', 'rate.value'],
    ['unknown frequency unit', { frequency: { every: 1, unit: 'fortnight' } }, 'unknown_value', 'frequency.unit'],
    ['zero frequency', { frequency: { every: 0, unit: 'month' } }, 'out_of_range', 'frequency.every'],
    ['frequency over its limit', { frequency: { every: limits.frequencyEveryMax + 1, unit: 'day' } }, 'out_of_range', 'frequency.every'],
    ['unknown currency', { currency: 'XXX' }, 'unknown_currency', 'currency'],
    ['unknown interest method', { interestMethod: 'compound' }, 'unknown_value', 'interestMethod'],
    ['unknown day count', { daysInYear: '366' }, 'unknown_value', 'daysInYear'],
    ['grace on every installment', { graceOnPrincipal: 3 }, 'out_of_range', 'graceOnPrincipal'],
    ['zero installment multiple', { installmentMultiple: '0' }, 'amount_must_be_positive', 'installmentMultiple'],
    ['down payment of everything', { downPaymentPercent: '100' }, 'out_of_range', 'downPaymentPercent'],
    ['schedule past year 9999', { disbursedOn: '9998-01-01', installments: 30 }, 'out_of_range', 'installments'],
    ['first period past year 9999', { disbursedOn: '9999-12-15', installments: 1 }, 'out_of_range', 'installments'],
  ];
  it.each(bad)('%s', (_name, change, code, param) => {
    expect(parseScheduleSpec({ ...valid, ...change })).toMatchObject({ ok: false, code, param });
  });

  it('refuses a non-object input', () => {
    expect(parseScheduleSpec([1, 2])).toMatchObject({ ok: false, code: 'invalid_type' });
  });
});
