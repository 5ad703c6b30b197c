/**
 * Reversing a booked event through the HTTP API: a bounced repayment weeks later leaves the loan as
 * if it had never been paid (overdue since, charged penalties, a later payment reallocated to the
 * oldest installment), the line's limit taken back, the ledger tied at the next end of day; a
 * bounced payoff opens the loan again. A bank's return file reverses many payments in one request,
 * each named by its own id. Replays answer the first outcome, and every refusal writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../api/test-app.ts';
import { manualClock, type Instant } from '../../kernel/instant.ts';
import { localDate } from '../../kernel/local-date.ts';
import { parseAmount, type Currency } from '../../kernel/money.ts';
import { expectOk } from '../../kernel/result.ts';
import { replayLoan, serializeLoanState } from '../servicing/index.ts';
import { prcCheckCharacter } from '../customers/id-number.ts';

const http = useTestApp(manualClock('2026-03-01T02:00:00.000Z' as Instant), localDate('2026-02-28'));
const { post, get, closeDaysThrough } = http;
const minor = (amount: string) => expectOk(parseAmount(amount, 'CNY' as Currency));

describe('reversing a booked event', () => {
  let loanId = '';
  let paidOffId = '';
  const available = async () => (await get('/v1/credit-lines/line-r')).json().available as string;

  it('books two loans on a line, a repayment on the first due date, a part payment later, and a payoff', async () => {
    const product = {
      type: 'cashLoan', currency: 'CNY', amount: { min: '100.00', max: '50000.00' }, terms: [3, 6], pricing: { kind: 'interest', rate: { value: '18', per: 'year' } },
      penalty: { rate: { value: '5', per: 'year' }, graceDays: 3 }, offerExample: { amount: '10000.00', term: 6 },
    };
    expect((await post('/v1/products', { id: 'cash-r', document: product })).statusCode).toBe(201);
    const idNumber = `11010519900515123${prcCheckCharacter('11010519900515123')}`;
    expect((await post('/v1/customers', { id: 'cr', idNumber, name: 'Bo', phone: '13800138000', birthOn: '1990-05-15' })).statusCode).toBe(201);
    const applied = (await post('/v1/credit-line-applications', { customerId: 'cr', productId: 'cash-r', monthlyIncome: '10000.00' })).json();
    expect((await post(`/v1/offers/${applied.offer.id}/accept`, { lineId: 'line-r' })).statusCode).toBe(201);
    loanId = (await post('/v1/credit-lines/line-r/drawdowns', { id: 'dd-r1', amount: '3000.00', term: 3 })).json().loanId;
    paidOffId = (await post('/v1/credit-lines/line-r/drawdowns', { id: 'dd-r2', amount: '1000.00', term: 3 })).json().loanId;
    await closeDaysThrough(localDate('2026-03-31'));
    const first = (await get(`/v1/loans/${loanId}`)).json().installments[0];
    expect((await post(`/v1/loans/${loanId}/repayments`, { id: 'rp-r1', amount: first.total, on: '2026-04-01' })).statusCode).toBe(200);
    await closeDaysThrough(localDate('2026-04-19'));
    expect((await post(`/v1/loans/${loanId}/repayments`, { id: 'rp-r2', amount: '200.00', on: '2026-04-20' })).statusCode).toBe(200);
    const payoff = (await get(`/v1/loans/${paidOffId}/payoff?on=2026-04-20`)).json().amount;
    expect((await post(`/v1/loans/${paidOffId}/repayments`, { id: 'rp-r3', amount: payoff, on: '2026-04-20' })).json().status).toBe('closed');
    await closeDaysThrough(localDate('2026-05-10'));
    // Installment 2 (due 2026-05-01) is part paid.
    expect((await get(`/v1/loans/${loanId}`)).json()).toMatchObject({ daysPastDue: 9, bucket: 'M1' });
  });

  it('refuses what cannot be reversed, and writes nothing', async () => {
    const untouched = async () => [(await get(`/v1/loans/${loanId}`)).json(), (await get(`/v1/loans/${loanId}/events`)).json(), (await get('/v1/ledger/trial-balance?ledger=CNY')).json(), await available()];
    const before = await untouched();
    const refusal = async (url: string, body: object) => {
      const answer = await post(url, body);
      return [answer.statusCode, answer.json().error.code];
    };
    expect(await refusal(`/v1/loans/${loanId}/reversals`, { id: 'rv-x', on: '2026-05-11', seq: 9 })).toEqual([404, 'event_not_found']);
    expect(await refusal('/v1/loans/no-such-loan/reversals', { id: 'rv-x', on: '2026-05-11', seq: 1 })).toEqual([404, 'loan_not_found']);
    expect(await refusal(`/v1/loans/${loanId}/reversals`, { id: 'rv-x', on: '2026-05-10', seq: 1 })).toEqual([422, 'event_out_of_order']);
    expect(await refusal(`/v1/loans/${loanId}/reversals`, { id: 'rv-x', on: '2026-05-12', seq: 1 })).toEqual([422, 'date_not_open']);
    expect(await refusal(`/v1/loans/${loanId}/reversals`, { id: 'rp-r1', on: '2026-05-11', seq: 1 })).toEqual([422, 'client_id_reused']);
    expect(await refusal(`/v1/loans/${loanId}/reversals`, { id: 'rv-x', on: '2026-05-11', seq: 0 })).toEqual([400, 'validation_failed']);
    // A dry run answers what the reversal would do.
    const dryRun = await post(`/v1/loans/${loanId}/reversals?dryRun=true`, { id: 'rv-1', on: '2026-05-11', seq: 1 });
    expect(dryRun.json()).toMatchObject({ dryRun: true, event: { seq: 3, type: 'reversal', reverses: 1 } });
    expect(await untouched()).toEqual(before);
  });

  it('puts back a repayment that bounced weeks later: overdue since, penalties charged, the later payment reallocated', async () => {
    const lineBefore = minor(await available());
    const principalBefore = minor((await get(`/v1/loans/${loanId}`)).json().receivable.principal);
    const reversed = await post(`/v1/loans/${loanId}/reversals`, { id: 'rv-1', on: '2026-05-11', seq: 1 });
    expect(reversed.statusCode).toBe(200);
    const loan = reversed.json();
    expect(loan).toMatchObject({ dryRun: false, status: 'active', event: { seq: 3, type: 'reversal', reverses: 1, on: '2026-05-11', allocation: null } });
    // Installment 1 (due 2026-04-01) has been overdue since: the 200.00 of 2026-04-20 went to it, and
    // installment 2 (due 2026-05-01) is unpaid.
    expect(loan.daysPastDue).toBe(39);
    expect(loan.bucket).toBe('M2');
    expect(loan.installments[1]).toMatchObject({ status: 'overdue', paid: '0.00' });
    expect(Number(loan.installments[0].penalty)).toBeGreaterThan(0);
    expect(loan.installments[0].paid).toBe('200.00');

    // Exactly the loan serviced from its contract with the one repayment that stands.
    const row = (await http.services.loans.get('default', loanId))!;
    const replayed = expectOk(replayLoan(row.terms, [{ type: 'repayment', on: localDate('2026-04-20'), amountMinor: 20000n }], localDate('2026-05-10'), 'asBooked'));
    expect(serializeLoanState(row.state)).toEqual(serializeLoanState(replayed.state));

    // The journal keeps the bounced repayment as booked and names its reversal.
    const events = (await get(`/v1/loans/${loanId}/events`)).json().items;
    expect(events.map((e: { seq: number; type: string; reverses: number | null; reversedBy: number | null }) => [e.seq, e.type, e.reverses, e.reversedBy])).toEqual([
      [1, 'repayment', null, 3], [2, 'repayment', null, null], [3, 'reversal', 1, null],
    ]);
    // The line takes back the principal put back on the loan.
    const principalPutBack = minor(loan.receivable.principal) - principalBefore;
    expect(principalPutBack).toBeGreaterThan(0n);
    expect(lineBefore - minor(await available())).toBe(principalPutBack);

    // A replay answers the first outcome; the event cannot be reversed twice, nor a reversal reversed.
    const replay = await post(`/v1/loans/${loanId}/reversals`, { id: 'rv-1', on: '2026-05-11', seq: 1 });
    expect(replay.json()).toMatchObject({ event: { seq: 3, type: 'reversal', reverses: 1 } });
    expect((await post(`/v1/loans/${loanId}/reversals`, { id: 'rv-2', on: '2026-05-11', seq: 1 })).json().error.code).toBe('event_already_reversed');
    expect((await post(`/v1/loans/${loanId}/reversals`, { id: 'rv-2', on: '2026-05-11', seq: 3 })).json().error.code).toBe('event_not_reversible');
    expect((await post(`/v1/loans/${loanId}/reversals`, { id: 'rv-1', on: '2026-05-11', seq: 2 })).json().error.code).toBe('client_id_reused');
  });

  it('opens again a loan whose payoff bounced after the borrower drew the limit again: the line goes over its limit until repaid', async () => {
    const line = async () => (await get('/v1/credit-lines/line-r')).json();
    const room = (await line()).available;
    expect((await post('/v1/credit-lines/line-r/drawdowns', { id: 'dd-r3', amount: room, term: 3 })).statusCode).toBe(201);
    expect(await line()).toMatchObject({ available: '0.00', overLimit: '0.00' });
    expect(await post(`/v1/loans/${paidOffId}/reversals`, { id: 'rv-3', on: '2026-05-11', seq: 1, eventId: 'rp-r3' }).then((a) => a.json().error.code)).toBe('conflicting_fields');
    expect(await post(`/v1/loans/${paidOffId}/reversals`, { id: 'rv-3', on: '2026-05-11', eventId: 'rp-r1' }).then((a) => a.json().error.code)).toBe('event_not_found');
    // A bank return names the payment by its own id.
    const reopened = (await post(`/v1/loans/${paidOffId}/reversals`, { id: 'rv-3', on: '2026-05-11', eventId: 'rp-r3' })).json();
    expect(reopened).toMatchObject({ status: 'active', daysPastDue: 39, event: { type: 'reversal', reverses: 1 } });
    // The principal put back is over the limit: nothing is available, and the line says by how much.
    const after = await line();
    expect(after).toMatchObject({ available: '0.00', overLimit: reopened.receivable.principal });
    expect(minor(after.outstandingPrincipal) - minor(after.limit)).toBe(minor(reopened.receivable.principal));
    await closeDaysThrough(localDate('2026-05-11'));
    // Repaying it pays the over-limit amount before the limit comes back.
    const payoff = (await get(`/v1/loans/${paidOffId}/payoff?on=2026-05-12`)).json().amount;
    expect((await post(`/v1/loans/${paidOffId}/repayments`, { id: 'rp-r4', amount: payoff, on: '2026-05-12' })).json().status).toBe('closed');
    expect(await line()).toMatchObject({ available: '0.00', overLimit: '0.00', outstandingPrincipal: after.limit });
    await closeDaysThrough(localDate('2026-05-12'));
  });

  it('reverses a bank\'s return file in one request: each payment named by its own id, on whatever loan it paid', async () => {
    const on = '2026-05-13';
    for (const [id, amount] of [['rp-r5', '10.00'], ['rp-r6', '20.00']]) expect((await post(`/v1/loans/${loanId}/repayments`, { id, amount, on })).statusCode).toBe(200);
    const returns = { reversals: [
      { id: 'ret-1', on, eventId: 'rp-r5' },
      { id: 'ret-2', on, eventId: 'rp-r4' },
      { id: 'ret-3', on, eventId: 'no-such-payment' },
      { id: 'ret-4', on, eventId: 'rp-r6' },
      { id: 'ret-5', on, eventId: 'rp-r5' },
      { id: 'ret-6', on: '2026-02-30', eventId: 'rp-r6' },
    ] };
    const answer = await post('/v1/loan-reversals/batch', returns);
    expect(answer.statusCode).toBe(200);
    type Item = { status: number; applied?: { loanId: string; loanStatus: string; event: { id: string; seq: number; reverses: number } }; error?: { code: string } };
    const results = answer.json().results as Item[];
    expect(results.map((r) => [r.status, r.applied ? `${r.applied.loanId === loanId ? 'loan' : 'paid off'} ${r.applied.event.id}` : r.error?.code])).toEqual([
      [200, 'loan ret-1'], [200, 'paid off ret-2'], [404, 'event_not_found'], [200, 'loan ret-4'], [422, 'event_already_reversed'], [400, 'invalid_date'],
    ]);
    // The payoff's return opens that loan again; on the other loan the two returns follow each other.
    expect(results[1]?.applied?.loanStatus).toBe('active');
    expect([results[0]?.applied?.event.seq, results[3]?.applied?.event.seq]).toEqual([6, 7]);
    const journal = async () => (await get(`/v1/loans/${loanId}/events`)).json().items.map((e: { id: string; reversedBy: number | null }) => [e.id, e.reversedBy]);
    const booked = await journal();
    expect(booked.slice(-4)).toEqual([['rp-r5', 6], ['rp-r6', 7], ['ret-1', null], ['ret-4', null]]);
    // The file sent again answers as first, and writes nothing more.
    const again = (await post('/v1/loan-reversals/batch', returns)).json().results as Item[];
    expect(again).toEqual(results);
    expect(await journal()).toEqual(booked);
    expect((await post('/v1/loan-reversals/batch', { reversals: [] })).json().error.code).toBe('validation_failed');
    await closeDaysThrough(localDate(on));
  });
});
