/**
 * Changing a credit line after it opens, through the HTTP API. Its status: a frozen or closed line
 * takes no drawdown, hold or capture and writes nothing when refused; holds may still be voided; the
 * same status again changes nothing, a closed line stays closed; concurrent drawdowns and a freeze:
 * once the freeze has answered, no drawdown passes. Its limit: lowered below what is drawn, the rest
 * is over the limit and repayments pay it first; raised, the over-limit amount is paid first. Every
 * change is listed with its reason.
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

describe('a credit line\'s limit raised and lowered', () => {
  const line = async () => (await get('/v1/credit-lines/line-lim')).json();
  const setLimit = (limit: string, reason = 'risk review') => post('/v1/credit-lines/line-lim/limit', { limit, reason });

  it('lowered below what is drawn, puts the rest over the limit; raised, pays that first; repaid, the limit comes back', async () => {
    const applied = (await post('/v1/credit-line-applications', { customerId: 'cs', productId: 'bnpl-s', monthlyIncome: '10000.00' })).json();
    expect((await post(`/v1/offers/${applied.offer.id}/accept`, { lineId: 'line-lim' })).statusCode).toBe(201);
    const loanId = (await post('/v1/credit-lines/line-lim/drawdowns', { id: 'dd-lim1', amount: '1000.00', term: 3 })).json().loanId as string;

    expect((await setLimit('800.00')).json()).toMatchObject({ limit: '800.00', available: '0.00', outstandingPrincipal: '1000.00', overLimit: '200.00' });
    expect(await codeOf(post('/v1/credit-lines/line-lim/drawdowns', { id: 'dd-lim2', amount: '100.00', term: 3 }))).toEqual([422, 'limit_exceeded']);
    expect((await setLimit('1100.00')).json()).toMatchObject({ limit: '1100.00', available: '100.00', outstandingPrincipal: '1000.00', overLimit: '0.00' });
    expect((await setLimit('900.00')).json()).toMatchObject({ limit: '900.00', available: '0.00', overLimit: '100.00' });
    // The same limit again changes nothing.
    expect((await setLimit('900.00', 'again')).json()).toMatchObject({ limit: '900.00', overLimit: '100.00' });

    // Paid off, the loan's principal pays the over-limit amount first, then gives the limit back.
    const payoff = (await get(`/v1/loans/${loanId}/payoff?on=2026-03-01`)).json().amount;
    expect((await post(`/v1/loans/${loanId}/repayments`, { id: 'rp-lim1', amount: payoff, on: '2026-03-01' })).json().status).toBe('closed');
    expect(await line()).toMatchObject({ limit: '900.00', available: '900.00', outstandingPrincipal: '0.00', overLimit: '0.00' });

    const changes = (await get('/v1/credit-lines/line-lim/limit-changes')).json();
    expect(changes.items.map((c: { seq: number; limit: string }) => [c.seq, c.limit])).toEqual([[1, '800.00'], [2, '1100.00'], [3, '900.00']]);
    expect(await codeOf(setLimit('0.00'))).toEqual([400, 'amount_must_be_positive']);
    expect(await codeOf(setLimit('12.345'))).toEqual([400, 'amount_precision_exceeded']);
    expect(await codeOf(post('/v1/credit-lines/no-such-line/limit', { limit: '10.00', reason: 'x' }))).toEqual([404, 'line_not_found']);
    expect((await setStatus('line-lim', 'closed')).statusCode).toBe(200);
    expect(await codeOf(setLimit('2000.00'))).toEqual([422, 'line_closed']);
  });
});
