/**
 * Freezing, unfreezing and closing a credit line through the HTTP API: a frozen or closed line takes
 * no drawdown, hold or capture and writes nothing when refused; holds may still be voided and loans
 * repaid; the same status again changes nothing, a closed line stays closed; every change is listed
 * with its reason. Concurrent drawdowns and a freeze: once the freeze has answered, no drawdown passes.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../api/test-app.ts';
import { manualClock, type Instant } from '../../kernel/instant.ts';
import { localDate } from '../../kernel/local-date.ts';
import { currency, formatAmount, parseAmount } from '../../kernel/money.ts';
import { expectOk } from '../../kernel/result.ts';
import { prcCheckCharacter } from '../customers/id-number.ts';

const CNY = currency('CNY');
const { post, get } = useTestApp(manualClock('2026-03-01T02:00:00.000Z' as Instant), localDate('2026-02-28'));

const setStatus = (lineId: string, status: string, reason = 'test') => post(`/v1/credit-lines/${lineId}/status`, { status, reason });
const codeOf = async (answer: Promise<{ statusCode: number; json(): { error?: { code: string } } }>) => {
  const a = await answer;
  return [a.statusCode, a.json().error?.code];
};

describe('a credit line frozen, made active again and closed', () => {
  it('opens a line with a loan and a hold', async () => {
    const product = {
      type: 'installment', currency: 'CNY', amount: { min: '100.00', max: '20000.00' }, terms: [3, 6],
      pricing: { kind: 'fee', rate: { value: '0.5', per: 'month' } }, offerExample: { amount: '10000.00', term: 6 },
    };
    expect((await post('/v1/products', { id: 'bnpl-s', document: product })).statusCode).toBe(201);
    const idNumber = `11010519900515123${prcCheckCharacter('11010519900515123')}`;
    expect((await post('/v1/customers', { id: 'cs', idNumber, name: 'Bo', phone: '13800138000', birthOn: '1990-05-15' })).statusCode).toBe(201);
    const applied = (await post('/v1/credit-line-applications', { customerId: 'cs', productId: 'bnpl-s', monthlyIncome: '10000.00' })).json();
    expect((await post(`/v1/offers/${applied.offer.id}/accept`, { lineId: 'line-s' })).statusCode).toBe(201);
    expect((await post('/v1/credit-lines/line-s/drawdowns', { id: 'dd-s1', amount: '1000.00', term: 3 })).statusCode).toBe(201);
    expect((await post('/v1/credit-lines/line-s/holds', { id: 'hold-s1', amount: '300.00', term: 3, merchantId: 'm1' })).statusCode).toBe(201);
    expect((await post('/v1/credit-lines/line-s/holds', { id: 'hold-s2', amount: '200.00', term: 3, merchantId: 'm1' })).statusCode).toBe(201);
    expect((await get('/v1/credit-lines/line-s')).json()).toMatchObject({ status: 'active', held: '500.00', outstandingPrincipal: '1000.00' });
  });

  it('refuses drawdowns, holds and captures on a frozen line, writing nothing, and still voids holds', async () => {
    const frozen = await setStatus('line-s', 'frozen', 'suspected fraud ring');
    expect(frozen.statusCode).toBe(200);
    expect(frozen.json()).toMatchObject({ id: 'line-s', status: 'frozen' });
    const before = (await get('/v1/credit-lines/line-s')).json();
    expect(await codeOf(post('/v1/credit-lines/line-s/drawdowns', { id: 'dd-s2', amount: '100.00', term: 3 }))).toEqual([422, 'line_frozen']);
    expect((await post('/v1/drawdowns/batch', { drawdowns: [{ lineId: 'line-s', id: 'dd-s3', amount: '100.00', term: 3 }] })).json().results[0]).toMatchObject({ status: 422, error: { code: 'line_frozen' } });
    expect(await codeOf(post('/v1/credit-lines/line-s/holds', { id: 'hold-s3', amount: '100.00', term: 3, merchantId: 'm1' }))).toEqual([422, 'line_frozen']);
    expect(await codeOf(post('/v1/holds/hold-s1/capture', {}))).toEqual([422, 'line_frozen']);
    expect((await post('/v1/holds/hold-s2/void', {})).statusCode).toBe(200);
    expect((await get('/v1/credit-lines/line-s')).json()).toMatchObject({ ...before, held: '300.00', available: expectedAvailable(before.available, 20000n) });
    for (const id of ['dd-s2', 'dd-s3']) expect((await get(`/v1/drawdowns/${id}`)).statusCode).toBe(404);
    expect((await get('/v1/holds/hold-s3')).statusCode).toBe(404);
    // Freezing a frozen line changes nothing.
    expect((await setStatus('line-s', 'frozen', 'again')).json().status).toBe('frozen');
  });

  it('takes drawdowns again once active, and none once closed, for good', async () => {
    expect((await setStatus('line-s', 'active', 'cleared by risk review')).json().status).toBe('active');
    expect((await post('/v1/holds/hold-s1/capture', {})).statusCode).toBe(201);
    expect((await post('/v1/credit-lines/line-s/drawdowns', { id: 'dd-s4', amount: '100.00', term: 3 })).statusCode).toBe(201);
    expect((await setStatus('line-s', 'closed', 'customer asked')).json().status).toBe('closed');
    expect(await codeOf(post('/v1/credit-lines/line-s/drawdowns', { id: 'dd-s5', amount: '100.00', term: 3 }))).toEqual([422, 'line_closed']);
    expect(await codeOf(setStatus('line-s', 'active'))).toEqual([422, 'line_closed']);
    expect(await codeOf(setStatus('line-s', 'frozen'))).toEqual([422, 'line_closed']);
    expect(await codeOf(setStatus('no-such-line', 'frozen'))).toEqual([404, 'line_not_found']);
    expect(await codeOf(setStatus('line-s', 'dormant'))).toEqual([400, 'validation_failed']);
    const changes = (await get('/v1/credit-lines/line-s/status-changes?limit=2')).json();
    expect(changes.items.map((c: { seq: number; status: string; reason: string }) => [c.seq, c.status, c.reason])).toEqual([[1, 'frozen', 'suspected fraud ring'], [2, 'active', 'cleared by risk review']]);
    expect((await get(`/v1/credit-lines/line-s/status-changes?cursor=${changes.nextCursor}`)).json().items).toMatchObject([{ seq: 3, status: 'closed', reason: 'customer asked' }]);
  });
});

describe('a freeze racing drawdowns', () => {
  it('lets no drawdown through once the freeze has answered, and the limit agrees with the drawdowns made', async () => {
    const applied = (await post('/v1/credit-line-applications', { customerId: 'cs', productId: 'bnpl-s', monthlyIncome: '10000.00' })).json();
    expect((await post(`/v1/offers/${applied.offer.id}/accept`, { lineId: 'line-race' })).statusCode).toBe(201);
    const { available } = (await get('/v1/credit-lines/line-race')).json();
    const draws = Array.from({ length: 20 }, (_, i) => post('/v1/credit-lines/line-race/drawdowns', { id: `dd-race-${i}`, amount: '100.00', term: 3 }));
    const frozen = await setStatus('line-race', 'frozen');
    expect(frozen.json().status).toBe('frozen');
    const after = await Promise.all(Array.from({ length: 5 }, (_, i) => post('/v1/credit-lines/line-race/drawdowns', { id: `dd-late-${i}`, amount: '100.00', term: 3 })));
    expect(after.map((a) => a.json().error?.code)).toEqual(Array(5).fill('line_frozen'));
    const answers = await Promise.all(draws);
    const made = answers.filter((a) => a.statusCode === 201).length;
    expect(answers.every((a) => a.statusCode === 201 || a.json().error?.code === 'line_frozen')).toBe(true);
    expect((await get('/v1/credit-lines/line-race')).json()).toMatchObject({ outstandingPrincipal: formatAmount(BigInt(made) * 10000n, CNY), available: expectedAvailable(available, BigInt(-made) * 10000n) });
  });
});

/** `available` plus `change` minor units, in major units. */
function expectedAvailable(available: string, changeMinor: bigint): string {
  return formatAmount(expectOk(parseAmount(available, CNY)) + changeMinor, CNY);
}
