/**
 * A loan's life through the HTTP API on the wired services: origination opens it on the ledger,
 * end of day accrues and ages it date by date, repayments pay it down in the product's order and
 * give the line its limit back, and the books tie after every business date.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../api/test-app.ts';
import { manualClock, type Instant } from '../../kernel/instant.ts';
import { addDays, localDate } from '../../kernel/local-date.ts';
import { currency, formatAmount } from '../../kernel/money.ts';
import { divideRounded } from '../../kernel/rounding.ts';
import { prcCheckCharacter } from '../customers/id-number.ts';

const clock = manualClock('2026-03-01T02:00:00.000Z' as Instant);
const http = useTestApp(clock, localDate('2026-02-28'));
const { post, get, closeDaysThrough } = http;

const cashProduct = {
  type: 'cashLoan',
  currency: 'CNY',
  amount: { min: '100.00', max: '50000.00' },
  terms: [3, 6, 12],
  pricing: { kind: 'interest', rate: { value: '18', per: 'year' } },
  penalty: { rate: { value: '5', per: 'year' }, graceDays: 3 },
  offerExample: { amount: '10000.00', term: 12 },
};

const feeProduct = {
  type: 'installment',
  currency: 'CNY',
  amount: { min: '100.00', max: '20000.00' },
  terms: [3, 6, 12],
  pricing: { kind: 'fee', rate: { value: '0.5', per: 'month' } },
  offerExample: { amount: '10000.00', term: 12 },
};


describe('a cash loan from drawdown to payoff', () => {
  let loanId = '';
  let lateLoanId = '';

  it('opens a line and draws two loans on 2026-03-01', async () => {
    expect((await post('/v1/products', { id: 'cash', document: cashProduct })).statusCode).toBe(201);
    const idNumber = `11010519900515123${prcCheckCharacter('11010519900515123')}`;
    expect((await post('/v1/customers', { id: 'c1', idNumber, name: 'Bo', phone: '13800138000', birthOn: '1990-05-15' })).statusCode).toBe(201);
    const applied = (await post('/v1/credit-line-applications', { customerId: 'c1', productId: 'cash', monthlyIncome: '10000.00' })).json();
    expect((await post(`/v1/offers/${applied.offer.id}/accept`, { lineId: 'line-1' })).statusCode).toBe(201);
    const drawn = await post('/v1/credit-lines/line-1/drawdowns', { id: 'dd-1', amount: '3000.00', term: 3 });
    expect(drawn.statusCode).toBe(201);
    loanId = drawn.json().loanId;
    lateLoanId = (await post('/v1/credit-lines/line-1/drawdowns', { id: 'dd-2', amount: '1000.00', term: 3 })).json().loanId;
    const loan = (await get(`/v1/loans/${loanId}`)).json();
    expect(loan).toMatchObject({ principal: '3000.00', status: 'active', bucket: 'M0', openOn: '2026-03-01', receivable: { principal: '3000.00' } });
    expect(loan.installments).toHaveLength(3);
    expect((await get('/v1/credit-lines/line-1')).json()).toMatchObject({ available: '26000.00' });
  });

  it('projects a statement to a later date as end of day would, beside the ledger as it is, and refuses an earlier date', async () => {
    const later = (await get(`/v1/loans/${loanId}?asOf=2026-05-01`)).json();
    // Days through 04-30 closed: due 04-01, 29 days past due at the close of 04-30.
    expect(later).toMatchObject({ asOf: '2026-05-01', openOn: '2026-03-01', status: 'active', daysPastDue: 29, bucket: 'M1', receivable: { interest: '0.00' } });
    expect(later.installments[0].status).toBe('overdue');
    expect(later.payoff.amount).toBe((await get(`/v1/loans/${loanId}/payoff?on=2026-05-01`)).json().amount);
    // Past 180 days overdue the projection writes the loan off, and the statement says so.
    const writtenOff = (await get(`/v1/loans/${loanId}?asOf=2027-03-01`)).json();
    expect(writtenOff).toMatchObject({ status: 'writtenOff', payoff: { amount: '0.00' }, writtenOff: { principal: '3000.00', recovered: '0.00' } });
    // Off the books, not forgiven: what recoveries may still bring back is what was written off.
    expect(writtenOff.writtenOff.toRecover).toBe(writtenOff.writtenOff.total);
    expect(later.writtenOff).toBeNull();
    expect((await get(`/v1/loans/${loanId}?asOf=2026-02-28`)).json().error).toMatchObject({ code: 'event_out_of_order', param: 'asOf' });
  });

  it('accrues and ages through end of day, with the books tied every date', async () => {
    // No date is closed yet: the first is the earliest loan's first day, never a mistyped year.
    for (const businessDate of ['9999-12-31', '2026-03-02', '2026-02-28']) {
      const early = await post('/v1/eod/runs', { businessDate });
      expect([businessDate, early.statusCode, early.json().error]).toEqual([businessDate, 422, expect.objectContaining({ code: 'business_date_out_of_order', message: 'the next business date to close is 2026-03-01' })]);
    }
    await closeDaysThrough(localDate('2026-03-31'));
    const loan = (await get(`/v1/loans/${loanId}`)).json();
    expect(loan.openOn).toBe('2026-04-01');
    expect(loan.receivable.interest).toBe('45.00'); // 3000.00 × 18% / 12, accrued day by day
  });

  it('takes the first installment when due and restores the line by its principal', async () => {
    const before = (await get(`/v1/loans/${loanId}`)).json();
    const first = before.installments[0];
    expect(first.dueOn).toBe('2026-04-01');
    // A dry run answers what the repayment would do and writes nothing: the loan, its journal and the ledger are as they were.
    const balances = async () => [(await get(`/v1/loans/${loanId}`)).json(), (await get(`/v1/loans/${loanId}/events`)).json(), (await get('/v1/ledger/trial-balance?ledger=CNY')).json()];
    const untouched = await balances();
    const dryRun = await post(`/v1/loans/${loanId}/repayments?dryRun=true`, { id: 'rp-1', amount: first.total, on: '2026-04-01' });
    expect(dryRun.json()).toMatchObject({ dryRun: true, event: { seq: 1, id: 'rp-1', allocation: { principal: first.principal } } });
    expect(dryRun.json().installments[0].status).toBe('paid');
    expect(await balances()).toEqual(untouched);
    expect((await post(`/v1/loans/${loanId}/credit-balance-refunds?dryRun=true`, { id: 'cbr-z', amount: '1.00', on: '2026-04-01' })).json().error.code).toBe('amount_exceeds_credit_balance');

    const repaid = await post(`/v1/loans/${loanId}/repayments`, { id: 'rp-1', amount: first.total, on: '2026-04-01' });
    expect(repaid.statusCode).toBe(200);
    const { dryRun: _previewed, event: previewedEvent, ...previewedLoan } = dryRun.json();
    const { dryRun: written, event: writtenEvent, ...writtenLoan } = repaid.json();
    expect([written, writtenLoan, { ...writtenEvent, recordedAt: null }]).toEqual([false, previewedLoan, { ...previewedEvent, recordedAt: null }]);
    expect(repaid.json().installments[0].status).toBe('paid');
    // The answer carries the event as journaled, with how the payment was split.
    const event = { seq: 1, id: 'rp-1', type: 'repayment', on: '2026-04-01', amount: first.total, allocation: { principal: first.principal, interest: first.interest, fee: '0.00', penalty: '0.00' } };
    expect(repaid.json().event).toMatchObject(event);
    const replay = await post(`/v1/loans/${loanId}/repayments`, { id: 'rp-1', amount: first.total, on: '2026-04-01' });
    expect(replay.json().installments[0].status).toBe('paid');
    expect(replay.json().event).toEqual(repaid.json().event);
    expect((await get('/v1/credit-lines/line-1')).json().available).toBe((26000 + Number(first.principal)).toFixed(2));
  });

  it('refuses what servicing refuses, and writes nothing', async () => {
    expect((await post(`/v1/loans/${loanId}/repayments`, { id: 'rp-x', amount: '10.00', on: '2026-03-15' })).json().error.code).toBe('event_out_of_order');
    expect((await post(`/v1/loans/${loanId}/credit-balance-refunds`, { id: 'cbr-y', amount: '1.00', on: '2026-04-01' })).json().error.code).toBe('amount_exceeds_credit_balance');
    expect((await post(`/v1/loans/${loanId}/repayments`, { id: 'rp-1', amount: '1.00', on: '2026-04-01' })).json().error.code).toBe('client_id_reused');
    expect((await post('/v1/eod/runs', { businessDate: '2026-03-15' })).json().error.code).toBe('business_date_closed');
    expect((await post('/v1/eod/runs', { businessDate: '2026-04-05' })).json().error.code).toBe('business_date_out_of_order');
  });

  it('ages the unpaid loan into M1 and pays the other off', async () => {
    await closeDaysThrough(localDate('2026-04-20'));
    const late = (await get(`/v1/loans/${lateLoanId}`)).json();
    expect(late).toMatchObject({ daysPastDue: 19, bucket: 'M1' }); // due 2026-04-01, unpaid at the close of 2026-04-20
    expect(late.installments[0].status).toBe('overdue');
    // The product's penalty rate, 5% a year on the overdue principal, every day from 5 April (past 3 grace days) to 20 April.
    const overdueMinor = BigInt(late.installments[0].principal.replace('.', ''));
    const dailyMinor = divideRounded(overdueMinor * 5n, 100n * 365n, 'halfEven');
    expect(late.installments[0].penalty).toBe(formatAmount(dailyMinor * 16n, currency('CNY')));
    expect(late.receivable.penalty).toBe(late.installments[0].penalty);
    // Collections waive a cent of it: the penalty and its receivable shrink; more than is owed is refused.
    const waived = (await post(`/v1/loans/${lateLoanId}/waivers`, { id: 'wv-1', amount: '0.01', on: '2026-04-21' })).json();
    expect(waived.event).toMatchObject({ type: 'waiver', amount: '0.01', allocation: { principal: '0.00', interest: '0.00', fee: '0.00', penalty: '0.01' } });
    const penaltyLeft = formatAmount(dailyMinor * 16n - 1n, currency('CNY'));
    expect(waived).toMatchObject({ receivable: { penalty: penaltyLeft } });
    expect(waived.installments[0].penalty).toBe(penaltyLeft);
    expect((await post(`/v1/loans/${lateLoanId}/waivers`, { id: 'wv-2', amount: '999.00', on: '2026-04-21' })).json().error.code).toBe('waiver_exceeds_penalties');
    // The collections view: loans by bucket or days past due, as of their last closed date.
    const ids = async (query: string) => (await get(`/v1/loans?${query}`)).json().items.map((l: { id: string }) => l.id);
    expect(await ids('bucket=M1')).toEqual([lateLoanId]);
    expect(await ids('status=active&minDaysPastDue=19')).toEqual([lateLoanId]);
    expect(await ids('minDaysPastDue=20')).toEqual([]);
    expect((await get('/v1/loans?bucket=M9')).json().error.type).toBe('invalid_request');

    // The borrower sends 5.00 more than the payoff: the loan closes, owing the borrower the excess.
    const quote = (await get(`/v1/loans/${loanId}/payoff?on=2026-04-21`)).json();
    const overpaid = formatAmount(BigInt(quote.amount.replace('.', '')) + 500n, currency('CNY'));
    const paid = await post(`/v1/loans/${loanId}/repayments`, { id: 'rp-2', amount: overpaid, on: '2026-04-21' });
    expect(paid.json()).toMatchObject({ status: 'closed', creditBalance: '5.00', payoff: { amount: '0.00' }, event: { allocation: { creditBalance: '5.00' } } });
    expect((await post(`/v1/loans/${loanId}/repayments`, { id: 'rp-3', amount: '1.00', on: '2026-04-21' })).json().error.code).toBe('loan_closed');
    expect(await ids('withCreditBalance=true')).toEqual([loanId]);
    // Operations pay it back, never more than is owed.
    expect((await post(`/v1/loans/${loanId}/credit-balance-refunds`, { id: 'cbr-1', amount: '5.01', on: '2026-04-21' })).json().error.code).toBe('amount_exceeds_credit_balance');
    const paidBack = (await post(`/v1/loans/${loanId}/credit-balance-refunds`, { id: 'cbr-1', amount: '5.00', on: '2026-04-21' })).json();
    expect(paidBack).toMatchObject({ status: 'closed', creditBalance: '0.00', event: { seq: 3, type: 'creditBalanceRefund', allocation: { principal: '0.00', creditBalance: '5.00' } } });
    expect(await ids('withCreditBalance=true')).toEqual([]);
    await closeDaysThrough(localDate('2026-04-21'));
    const tb = (await get('/v1/ledger/trial-balance?ledger=CNY')).json();
    expect(tb.balanced).toBe(true);
    const listed = (await get('/v1/loans?customerId=c1&limit=1')).json();
    expect(listed.items).toHaveLength(1);
    expect((await get(`/v1/loans?customerId=c1&cursor=${listed.nextCursor}`)).json().items.map((l: { status: string }) => l.status)).toEqual(['active']);
    const run = (await get('/v1/eod/runs/2026-04-21')).json();
    expect(run).toMatchObject({ status: 'closed', report: { tied: true, breaks: [] } });
    // Amounts in major units, as everywhere in the API; the sub-ledger ties to the ledger.
    expect(run.report.trialBalances).toEqual([expect.objectContaining({ ledger: 'CNY', balanced: true, debitsPosted: tb.debitsPosted })]);
    for (const tie of run.report.receivables) expect(tie).toMatchObject({ currency: 'CNY', subLedger: expect.stringMatching(/^\d+\.\d{2}$/), ledger: tie.subLedger });
    expect(run.report.creditBalances).toContainEqual({ productId: expect.any(String), currency: 'CNY', subLedger: '0.00', ledger: '0.00' });
    // The runs, the latest date first, a page at a time.
    const latest = (await get('/v1/eod/runs?limit=2')).json();
    expect(latest.items.map((r: { businessDate: string }) => r.businessDate)).toEqual(['2026-04-21', '2026-04-20']);
    expect(latest.nextCursor).toBe('2026-04-20');
    const older = (await get(`/v1/eod/runs?limit=1&cursor=${latest.nextCursor}`)).json();
    expect(older.items.map((r: { businessDate: string; status: string }) => [r.businessDate, r.status])).toEqual([['2026-04-19', 'closed']]);
    expect((await get('/v1/eod/runs?cursor=2026-13-01')).json().error.code).toBe('invalid_cursor');
  });

  it('lists the loan\'s repayments a page at a time, each with what it paid of each component', async () => {
    const first = (await get(`/v1/loans/${loanId}/events?limit=1`)).json();
    expect(first).toMatchObject({ nextCursor: '1', items: [{ seq: 1, id: 'rp-1', type: 'repayment', on: '2026-04-01', allocation: { fee: '0.00', penalty: '0.00' } }] });
    const installment = (await get(`/v1/loans/${loanId}?asOf=2026-04-21`)).json().installments[0];
    expect(first.items[0].allocation).toMatchObject({ principal: installment.principal, interest: installment.interest });
    const rest = (await get(`/v1/loans/${loanId}/events?cursor=${first.nextCursor}`)).json();
    expect(rest.nextCursor).toBeNull();
    const [payoff, creditRefund] = rest.items;
    expect(creditRefund).toMatchObject({ seq: 3, type: 'creditBalanceRefund', amount: '5.00' });
    expect(payoff).toMatchObject({ seq: 2, id: 'rp-2', type: 'repayment', on: '2026-04-21' });
    const partsMinor = Object.values(payoff.allocation as Record<string, string>).reduce((sum, part) => sum + BigInt(part.replace('.', '')), 0n);
    expect(partsMinor).toBe(BigInt(payoff.amount.replace('.', '')));
    expect((await get(`/v1/loans/${loanId}/events?cursor=x`)).json().error).toMatchObject({ code: 'invalid_cursor', param: 'cursor' });
    expect((await get('/v1/loans/no-such-loan/events')).json().error).toMatchObject({ code: 'loan_not_found', param: 'id' });
  });
});

describe('a fee-priced purchase between its due dates', () => {
  let loanId = '';

  it('sleeps through end of day until it falls due, and a repayment closes the days it slept', async () => {
    expect((await post('/v1/products', { id: 'bnpl', document: feeProduct })).statusCode).toBe(201);
    const applied = (await post('/v1/credit-line-applications', { customerId: 'c1', productId: 'bnpl', monthlyIncome: '10000.00' })).json();
    expect((await post(`/v1/offers/${applied.offer.id}/accept`, { lineId: 'line-bnpl' })).statusCode).toBe(201);
    const opened = http.closedThrough;
    loanId = (await post('/v1/credit-lines/line-bnpl/drawdowns', { id: 'dd-bnpl', amount: '600.00', term: 3 })).json().loanId;
    await closeDaysThrough(addDays(opened, 5));
    expect((await get(`/v1/loans/${loanId}`)).json().openOn).toBe(addDays(opened, 1));

    const repaid = await post(`/v1/loans/${loanId}/repayments`, { id: 'bnpl-1', amount: '50.00', on: addDays(opened, 6) });
    expect(repaid.statusCode).toBe(200);
    expect(repaid.json()).toMatchObject({ openOn: addDays(opened, 6), status: 'active' });
    expect((await post(`/v1/loans/${loanId}/repayments`, { id: 'bnpl-2', amount: '1.00', on: addDays(opened, 30) })).json().error.code).toBe('date_not_open');
    await closeDaysThrough(addDays(opened, 7));
  });
});

describe('a purchase with a down payment', () => {
  let loanId = '';

  it('asks the down payment on the day it opens, takes it, and refunds on the books', async () => {
    expect((await post('/v1/products', { id: 'bnpl-down', document: { ...feeProduct, downPaymentPercent: '20' } })).statusCode).toBe(201);
    const applied = (await post('/v1/credit-line-applications', { customerId: 'c1', productId: 'bnpl-down', monthlyIncome: '10000.00' })).json();
    expect((await post(`/v1/offers/${applied.offer.id}/accept`, { lineId: 'line-down' })).statusCode).toBe(201);
    const opened = addDays(http.closedThrough, 1);
    loanId = (await post('/v1/credit-lines/line-down/drawdowns', { id: 'dd-down', amount: '600.00', term: 3 })).json().loanId;
    const loan = (await get(`/v1/loans/${loanId}`)).json();
    // 20% down on the day, then three installments, the fee of 0.5% a month on the whole 600.00.
    expect(loan.installments.map((i: { dueOn: string; principal: string; fee: string }) => [i.dueOn === opened, i.principal, i.fee])).toEqual([
      [true, '120.00', '0.00'],
      [false, '160.00', '3.00'],
      [false, '160.00', '3.00'],
      [false, '160.00', '3.00'],
    ]);

    const paid = await post(`/v1/loans/${loanId}/repayments`, { id: 'down-1', amount: '120.00', on: opened });
    expect(paid.json().installments[0].status).toBe('paid');
    await closeDaysThrough(addDays(opened, 1));
    expect((await get(`/v1/loans/${loanId}`)).json()).toMatchObject({ daysPastDue: 0, bucket: 'M0', receivable: { principal: '480.00' } });

    // Half the purchase comes back: 300.00 off the principal still owed, and half of each fee not yet due.
    const refunded = await post(`/v1/loans/${loanId}/refunds`, { id: 'down-r', amount: '300.00', on: addDays(opened, 2) });
    expect(refunded.statusCode).toBe(200);
    expect(refunded.json()).toMatchObject({ status: 'active', receivable: { principal: '180.00' } });
    expect(refunded.json().installments.slice(1).map((i: { fee: string }) => i.fee)).toEqual(['1.50', '1.50', '1.50']);
    // The refund took 300.00 of principal off the books; the fees it halved were not yet on them, only on the schedule.
    expect((await get(`/v1/loans/${loanId}/events`)).json().items.map((e: { type: string; allocation: unknown }) => [e.type, e.allocation])).toEqual([
      ['repayment', { principal: '120.00', interest: '0.00', fee: '0.00', penalty: '0.00', creditBalance: '0.00' }],
      ['refund', { principal: '300.00', interest: '0.00', fee: '0.00', penalty: '0.00', creditBalance: '0.00' }],
    ]);
    await closeDaysThrough(addDays(opened, 2));
  });
});

describe('a batch of loan events (a bank file)', () => {
  it('applies each event as if it came alone: refused items write nothing, the rest apply, a replay answers the first outcomes', async () => {
    const opened = addDays(http.closedThrough, 1);
    const first = (await post('/v1/credit-lines/line-1/drawdowns', { id: 'dd-file-1', amount: '500.00', term: 3 })).json().loanId;
    const second = (await post('/v1/credit-lines/line-1/drawdowns', { id: 'dd-file-2', amount: '700.00', term: 3 })).json().loanId;
    const events = [
      { loanId: first, type: 'repayment', id: 'file-1', amount: '100.00', on: opened },
      { loanId: 'no-such-loan', type: 'repayment', id: 'file-2', amount: '1.00', on: opened },
      { loanId: second, type: 'creditBalanceRefund', id: 'file-3', amount: '1.00', on: opened },
      { loanId: second, type: 'repayment', id: 'file-4', amount: '1.001', on: opened },
      { loanId: second, type: 'repayment', id: 'file-5', amount: '200.00', on: opened },
      { loanId: first, type: 'repayment', id: 'file-6', amount: '50.00', on: opened },
    ];
    const answer = await post('/v1/loan-events/batch', { events });
    expect(answer.statusCode).toBe(200);
    const results = answer.json().results as { status: number; applied?: { loanId: string; event: { seq: number; id: string } }; error?: { code: string } }[];
    expect(results.map((r) => [r.status, r.applied?.event.id ?? r.error?.code])).toEqual([
      [200, 'file-1'], [404, 'loan_not_found'], [422, 'amount_exceeds_credit_balance'], [400, 'invalid_amount'], [200, 'file-5'], [200, 'file-6'],
    ]);
    // Events on one loan apply in the order given.
    expect(results[5]?.applied?.event.seq).toBe(2);
    const journals = async () => Promise.all([first, second].map(async (id) => (await get(`/v1/loans/${id}/events`)).json().items.map((e: { id: string }) => e.id)));
    expect(await journals()).toEqual([['file-1', 'file-6'], ['file-5']]);
    const loansNow = async () => Promise.all([first, second].map(async (id) => (await get(`/v1/loans/${id}`)).json()));
    const before = await loansNow();
    // The applied events answer as first journaled; a refused one, never journaled, is tried again.
    const replay = (await post('/v1/loan-events/batch', { events })).json().results as typeof results;
    expect(replay.filter((r) => r.status === 200)).toEqual(results.filter((r) => r.status === 200));
    expect(replay.map((r) => r.error?.code)).toEqual(results.map((r) => r.error?.code));
    expect(await loansNow()).toEqual(before);
    expect(await journals()).toEqual([['file-1', 'file-6'], ['file-5']]);
  });
});
