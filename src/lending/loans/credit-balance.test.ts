/**
 * What the lender owes a borrower, through the HTTP API: a purchase paid off and then returned to
 * the merchant leaves the loan owing the borrower the refund; operations pay it back in parts, a
 * payment back that bounces is reversed; a payment that bounces after its excess was paid back
 * leaves the borrower owing that excess; and end of day ties the loans' credit balances to the
 * product's customer wallet every date.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../api/test-app.ts';
import { manualClock, type Instant } from '../../kernel/instant.ts';
import { addDays, localDate } from '../../kernel/local-date.ts';
import { currency, formatAmount, parseAmount } from '../../kernel/money.ts';
import { expectOk } from '../../kernel/result.ts';
import { prcCheckCharacter } from '../customers/id-number.ts';
import { PORTFOLIO_PRODUCTS } from '../simulation/portfolio.ts';

const clock = manualClock('2026-03-01T02:00:00.000Z' as Instant);
const http = useTestApp(clock, localDate('2026-02-28'));
const { post, get, closeDaysThrough } = http;
const CNY = currency('CNY');

describe('a purchase returned after it was paid off', () => {
  let loanId = '';
  const opened = localDate('2026-03-01');

  it('pays off a 600.00 purchase with 0.40 more than the payoff: the loan closes owing the borrower 0.40', async () => {
    // Installments priced as 0.5% a month of the original principal.
    expect((await post('/v1/products', { id: 'bnpl', document: PORTFOLIO_PRODUCTS.bnpl })).statusCode).toBe(201);
    const idNumber = `11010519900515123${prcCheckCharacter('11010519900515123')}`;
    expect((await post('/v1/customers', { id: 'c1', idNumber, name: 'Bo', phone: '13800138000', birthOn: '1990-05-15' })).statusCode).toBe(201);
    const applied = (await post('/v1/credit-line-applications', { customerId: 'c1', productId: 'bnpl', monthlyIncome: '10000.00' })).json();
    expect((await post(`/v1/offers/${applied.offer.id}/accept`, { lineId: 'line-1' })).statusCode).toBe(201);
    loanId = (await post('/v1/credit-lines/line-1/drawdowns', { id: 'dd-1', amount: '600.00', term: 3 })).json().loanId;
    const limit = (await get('/v1/credit-lines/line-1')).json().limit;
    await closeDaysThrough(addDays(opened, 2));
    const on = addDays(opened, 3);
    // 600.00 and the current period's fee of 3.00.
    expect((await get(`/v1/loans/${loanId}/payoff?on=${on}`)).json().amount).toBe('603.00');
    const paid = (await post(`/v1/loans/${loanId}/repayments`, { id: 'rp-1', amount: '603.40', on })).json();
    expect(paid).toMatchObject({ status: 'closed', creditBalance: '0.40', event: { allocation: { principal: '600.00', fee: '3.00', creditBalance: '0.40' } } });
    // The line gets back the principal, no more.
    expect((await get('/v1/credit-lines/line-1')).json().available).toBe(limit);
    await closeDaysThrough(on);
  });

  it('takes the return of half the purchase whole, with half the fee paid, into the credit balance', async () => {
    const on = addDays(opened, 4);
    const refunded = (await post(`/v1/loans/${loanId}/refunds`, { id: 'rf-1', amount: '300.00', on })).json();
    expect(refunded).toMatchObject({ status: 'closed', creditBalance: '301.90', receivable: { principal: '0.00' }, event: { allocation: { principal: '300.00', fee: '1.50', creditBalance: '0.00' } } });
    expect((await post(`/v1/loans/${loanId}/refunds`, { id: 'rf-2', amount: '300.01', on })).json().error.code).toBe('refund_exceeds_purchase');
    await closeDaysThrough(on);
    const run = (await get(`/v1/eod/runs/${on}`)).json();
    expect(run.report.creditBalances).toEqual([{ productId: 'bnpl', currency: 'CNY', subLedger: '301.90', ledger: '301.90' }]);
  });

  it('pays it back in parts, and a payment back that bounces is reversed', async () => {
    const on = addDays(opened, 5);
    const first = (await post(`/v1/loans/${loanId}/credit-balance-refunds`, { id: 'cbr-1', amount: '300.00', on })).json();
    expect(first).toMatchObject({ creditBalance: '1.90', event: { type: 'creditBalanceRefund', allocation: { creditBalance: '300.00' } } });
    // A retry answers the first outcome.
    expect((await post(`/v1/loans/${loanId}/credit-balance-refunds`, { id: 'cbr-1', amount: '300.00', on })).json().event).toEqual(first.event);
    expect((await post(`/v1/loans/${loanId}/credit-balance-refunds`, { id: 'cbr-2', amount: '1.91', on })).json().error.code).toBe('amount_exceeds_credit_balance');
    // The borrower's account was closed: the bank returns the 300.00, and the lender owes it again.
    const bounced = (await post(`/v1/loans/${loanId}/reversals`, { id: 'rv-1', on, eventId: 'cbr-1' })).json();
    expect(bounced).toMatchObject({ status: 'closed', creditBalance: '301.90', event: { type: 'reversal', reverses: first.event.seq } });
    expect((await post(`/v1/loans/${loanId}/credit-balance-refunds`, { id: 'cbr-3', amount: '301.90', on })).json()).toMatchObject({ creditBalance: '0.00' });
    await closeDaysThrough(on);
    const run = (await get(`/v1/eod/runs/${on}`)).json();
    expect(run.report).toMatchObject({ tied: true, creditBalances: [{ productId: 'bnpl', subLedger: '0.00', ledger: '0.00' }] });
    expect((await get(`/v1/loans/${loanId}/events`)).json().items.map((e: { id: string; type: string }) => `${e.id}:${e.type}`)).toEqual([
      'rp-1:repayment', 'rf-1:refund', 'cbr-1:creditBalanceRefund', 'rv-1:reversal', 'cbr-3:creditBalanceRefund',
    ]);
  });

  it('lends what a bounced payment leaves the money already paid back without: the loan owes it again', async () => {
    const on = addDays(opened, 6);
    const limit = expectOk(parseAmount((await get('/v1/credit-lines/line-1')).json().limit, CNY));
    const second = (await post('/v1/credit-lines/line-1/drawdowns', { id: 'dd-2', amount: '200.00', term: 3 })).json().loanId;
    const payoff = expectOk(parseAmount((await get(`/v1/loans/${second}/payoff?on=${on}`)).json().amount, CNY));
    const overpaid = (await post(`/v1/loans/${second}/repayments`, { id: 'rp-2', amount: formatAmount(payoff + 5000n, CNY), on })).json();
    expect(overpaid).toMatchObject({ status: 'closed', creditBalance: '50.00' });
    expect((await post(`/v1/loans/${second}/credit-balance-refunds`, { id: 'cbr-4', amount: '50.00', on })).json()).toMatchObject({ creditBalance: '0.00' });
    // The whole payment comes back unpaid, but the 50.00 has left: the borrower owes it with the purchase.
    const bounced = (await post(`/v1/loans/${second}/reversals`, { id: 'rv-2', on, eventId: 'rp-2' })).json();
    expect(bounced).toMatchObject({ status: 'active', creditBalance: '0.00', receivable: { principal: '250.00' } });
    expect((await get(`/v1/loans/${second}/payoff?on=${on}`)).json().amount).toBe(formatAmount(payoff + 5000n, CNY));
    // The line lends it too: 250.00 of its limit is in use.
    expect((await get('/v1/credit-lines/line-1')).json().available).toBe(formatAmount(limit - 25000n, CNY));
    await closeDaysThrough(on);
    expect((await get(`/v1/eod/runs/${on}`)).json().report).toMatchObject({ tied: true, creditBalances: [{ productId: 'bnpl', subLedger: '0.00', ledger: '0.00' }] });
  });
});
