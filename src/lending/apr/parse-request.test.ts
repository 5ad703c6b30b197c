import { describe, expect, it } from 'vitest';
import { limits } from '../../kernel/limits.ts';
import { expectOk } from '../../kernel/result.ts';
import { parseAprRequest } from './parse-request.ts';

const valid = { method: 'cnIrr', advances: [{ on: '2024-01-01', amount: '1000.00' }], payments: [{ firstOn: '2024-02-01', count: 3, unit: 'halfMonth', amount: '340.00' }] };

describe('parseAprRequest', () => {
  it('expands a half-month series from the 1st to the 1st and 16th', () => {
    const { request } = expectOk(parseAprRequest(valid));
    expect(request.payments.map((p) => p.on)).toEqual(['2024-02-01', '2024-02-16', '2024-03-01']);
    expect(request.unitPeriod).toEqual({ every: 1, unit: 'month' });
  });

  const bad: [string, Record<string, unknown>, string, string][] = [
    ['unknown method', { method: 'ukFca' }, 'unknown_value', 'method'],
    ['no advances', { advances: [] }, 'missing_field', 'advances'],
    ['zero advance', { advances: [{ on: '2024-01-01', amount: '0' }] }, 'amount_must_be_positive', 'advances.0.amount'],
    ['impossible payment date', { payments: [{ on: '2024-02-30', amount: '1.00' }] }, 'invalid_date', 'payments.0.on'],
    ['unknown series unit', { payments: [{ firstOn: '2024-02-01', count: 3, unit: 'quarter', amount: '1.00' }] }, 'unknown_value', 'payments.0.unit'],
    ['payment before the advance', { payments: [{ on: '2023-12-31', amount: '1001.00' }] }, 'date_out_of_order', 'payments'],
    ['too many flows', { payments: [{ firstOn: '2024-02-01', count: limits.aprCashFlowsMax, unit: 'day', amount: '1.00' }] }, 'too_many_cash_flows', 'payments'],
    ['series past the calendar', { payments: [{ firstOn: '9990-01-01', count: 200, unit: 'month', amount: '10.00' }] }, 'out_of_range', 'payments.0.count'],
    ['unknown year basis', { method: 'euCcd', yearBasis: '360' }, 'unknown_value', 'yearBasis'],
  ];
  it.each(bad)('%s', (_name, change, code, param) => {
    expect(parseAprRequest({ ...valid, ...change })).toMatchObject({ ok: false, code, param });
  });
});
