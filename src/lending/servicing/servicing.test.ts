// Table tests of the servicing rules: buckets, allocation order, penalties, the loan's life through
// non-accrual, write-off and recovery, refunds, the credit balance, and the refusals.
import { describe, expect, it } from 'vitest';
import { decimal } from '../../kernel/decimal.ts';
import { addDays, localDate, type LocalDate } from '../../kernel/local-date.ts';
import { expectOk } from '../../kernel/result.ts';
import { loanSimulateOutput } from '../../cli/commands/loan-simulate.ts';
import { scheduleCommandOutput } from '../../cli/commands/schedule.ts';
import { applyEvent } from './apply-event.ts';
import { applyRecovery } from './apply-recovery.ts';
import { applyRefund } from './apply-refund.ts';
import { applyRepayment } from './apply-repayment.ts';
import { bucketOf } from './buckets.ts';
import { closeDay } from './close-day.ts';
import { openLoan } from './open-loan.ts';
import { parseLoanTerms } from './parse-terms.ts';
import { parseSimulationInput, simulateLoan } from './simulate.ts';
import type { LoanState, LoanTerms } from './types.ts';

describe('buckets', () => {
  it.each([
    [0, 'M0'], [1, 'M1'], [30, 'M1'], [31, 'M2'], [60, 'M2'], [61, 'M3'], [90, 'M3'],
    [91, 'M4'], [120, 'M4'], [121, 'M5'], [150, 'M5'], [151, 'M6'], [180, 'M6'], [181, 'M7'], [900, 'M7'],
  ] as const)('%i days past due is %s', (days, bucket) => expect(bucketOf(days)).toBe(bucket));
});

const base = { currency: 'CNY', principal: '1200.00', disbursedOn: '2024-01-01', installments: 12, rate: { value: '12', per: 'year' } };

function run(terms: LoanTerms, until: LocalDate, events: Record<string, (s: LoanState, on: LocalDate) => LoanState> = {}): LoanState {
  let state = expectOk(openLoan(terms)).state;
  for (let on = terms.spec.disbursedOn; on <= until; on = addDays(on, 1)) {
    const event = events[on];
    if (event) state = event(state, on);
    state = expectOk(closeDay(state, terms, on)).state;
  }
  return state;
}

describe('allocation order', () => {
  // installment 1 (due 2024-02-01: principal 94.62, interest 12.00) is charged 10% of its overdue
  // principal, 9.46, on 2024-02-02; on 2024-02-05 15.00 is paid.
  const loanWith = (allocation: string[]) =>
    expectOk(parseLoanTerms({ ...base, allocation, penalty: { kind: 'percentOfOverduePrincipal', value: '10', graceDays: 0 } }));
  it.each([
    [['penalty', 'fee', 'interest', 'principal'], { penalty: 946n, interest: 554n, principal: 0n }],
    [['interest', 'principal', 'penalty', 'fee'], { penalty: 0n, interest: 1200n, principal: 300n }],
    [['principal', 'interest', 'penalty', 'fee'], { penalty: 0n, interest: 0n, principal: 1500n }],
  ])('%j', (allocation, paid) => {
    const terms = loanWith(allocation);
    const state = run(terms, localDate('2024-02-05'), { '2024-02-05': (s, on) => expectOk(applyRepayment(s, terms, on, 1500n)).state });
    const first = state.installments[0]!;
    expect(first.penaltyMinor).toBe(946n);
    expect({ penalty: first.penaltyPaidMinor, interest: first.interestPaidMinor, principal: first.principalPaidMinor }).toEqual(paid);
  });

  it('waives penalties the same way through loan simulate, never more than are owed', () => {
    const loan = { ...base, penalty: { kind: 'percentOfOverduePrincipal', value: '10', graceDays: 0 } };
    const waive = (amount: string) => loanSimulateOutput({ loan, events: [{ type: 'waiver', on: '2024-02-05', amount }], asOf: '2024-02-05' });
    const output = waive('4.00');
    expect(output.installments[0]?.penalty).toBe('5.46'); // 9.46 charged on 2024-02-02, 4.00 forgiven
    expect(output.events[0]).toMatchObject({ type: 'waiver', allocation: { principal: '0.00', interest: '0.00', fee: '0.00', penalty: '4.00' } });
    expect(() => waive('9.47')).toThrow(/exceeds the 9.46 of unpaid penalties/);
  });

  it('pays the oldest installment first', () => {
    const terms = expectOk(parseLoanTerms(base));
    const state = run(terms, localDate('2024-03-05'), { '2024-03-05': (s, on) => expectOk(applyRepayment(s, terms, on, 12000n)).state });
    expect(state.installments[0]!.principalPaidMinor + state.installments[0]!.interestPaidMinor).toBe(state.installments[0]!.principalMinor + state.installments[0]!.interestMinor);
    expect(state.installments[1]!.principalPaidMinor + state.installments[1]!.interestPaidMinor).toBe(12000n - 10662n);
  });
});

describe('a loan nobody repays', () => {
  const terms = expectOk(parseLoanTerms({ ...base, penalty: { kind: 'percentOfOverdueTotal', value: '5', graceDays: 3, capPercentOfPrincipal: '1' } }));

  it('is charged once per installment after the grace days, within the cap', () => {
    const state = run(terms, localDate('2024-04-10'));
    const charged = state.installments.filter((i) => i.penaltyCharged).map((i) => i.penaltyMinor);
    expect(charged.reduce((a, b) => a + b, 0n)).toBe(1200n); // capped at 1% of 1200.00
    expect(state.installments[0]!.penaltyMinor).toBe(533n); // 5% of 94.62 + 12.00, half even
    expect(run(terms, localDate('2024-02-04')).installments[0]!.penaltyCharged).toBe(false);
    expect(run(terms, localDate('2024-02-05')).installments[0]!.penaltyCharged).toBe(true);
  });

  it('stops accruing at 90 days past due, is written off at 180, then recovers', () => {
    const accrued = run(terms, localDate('2024-05-01'));
    expect(accrued.daysPastDue).toBe(90);
    expect(accrued.nonAccrual).toBe(true);
    const writtenOff = run(terms, localDate('2024-07-30'));
    expect(writtenOff.status).toBe('writtenOff');
    expect(writtenOff.receivable).toEqual({ principalMinor: 0n, interestMinor: 0n, feeMinor: 0n, penaltyMinor: 0n });
    expect(writtenOff.writtenOff!.principalMinor).toBe(120000n);
    expect(applyRepayment(writtenOff, terms, writtenOff.openOn, 100n)).toMatchObject({ ok: false, code: 'loan_written_off' });
    const recovered = expectOk(applyRecovery(writtenOff, terms, writtenOff.openOn, 5000n));
    expect(recovered.postings).toEqual([{ debit: 'repaymentClearing', credit: 'recoveries', amountMinor: 5000n, kind: 'recovery' }]);
    expect(applyRecovery(recovered.state, terms, writtenOff.openOn, 10n ** 9n)).toMatchObject({ ok: false, code: 'recovery_exceeds_written_off' });
  });
});

describe('penalty interest (a daily penalty rate)', () => {
  const terms: LoanTerms = {
    ...expectOk(parseLoanTerms(base)),
    penalty: { kind: 'dailyRateOnOverduePrincipal', rate: { percent: decimal('18'), per: 'year' }, graceDays: 3, capPercentOfPrincipal: null },
  };
  const penaltyOf = (state: LoanState): bigint => state.installments.reduce((sum, i) => sum + i.penaltyMinor, 0n);

  it('charges overdue principal × rate ÷ 365 every day after the grace days, half even', () => {
    expect(penaltyOf(run(terms, localDate('2024-02-04')))).toBe(0n);
    // 94.62 overdue × 18% ÷ 365 = 0.0467 a day → 0.05, from 5 February (4 days overdue) to 10 February.
    const state = run(terms, localDate('2024-02-10'));
    expect(state.installments[0]!.penaltyMinor).toBe(6n * 5n);
    expect(state.receivable.penaltyMinor).toBe(30n);
  });

  it('stops once the installment is paid', () => {
    const repay = (s: LoanState, on: LocalDate): LoanState => expectOk(applyRepayment(s, terms, on, 9462n + 1200n + 15n)).state;
    const state = run(terms, localDate('2024-02-20'), { '2024-02-08': repay });
    expect(state.installments[0]).toMatchObject({ penaltyMinor: 15n, penaltyPaidMinor: 15n, principalPaidMinor: 9462n });
    expect(state.receivable.penaltyMinor).toBe(0n);
  });
});

describe('refunds', () => {
  const terms = expectOk(parseLoanTerms({ ...base, recalculation: { rest: 'daily', onPrepayment: 'reduceInstallment' }, interestPeriod: 'daily' }));

  it('a full refund on the purchase day cancels the loan', () => {
    const step = expectOk(applyRefund(expectOk(openLoan(terms)).state, terms, localDate('2024-01-01'), 120000n));
    expect(step.state.status).toBe('closed');
    expect(step.postings).toEqual([{ debit: 'merchantPayable', credit: 'loansReceivable', amountMinor: 120000n, kind: 'refund' }]);
  });

  it('a partial refund makes every later installment smaller', () => {
    const opened = expectOk(openLoan(terms)).state;
    const refunded = expectOk(applyRefund(opened, terms, localDate('2024-01-01'), 60000n)).state;
    expect(refunded.installments.every((i, k) => i.principalMinor + i.interestMinor < opened.installments[k]!.principalMinor + opened.installments[k]!.interestMinor)).toBe(true);
    expect(refunded.installments.reduce((s, i) => s + i.principalMinor, 0n)).toBe(60000n);
    expect(applyRefund(refunded, terms, localDate('2024-01-01'), 60001n)).toMatchObject({ ok: false, code: 'refund_exceeds_purchase' });
  });

  // A purchase of 6,000.00 in 6 months, refunded on day 10: the refund takes its interest and fees.
  const purchase = { ...base, principal: '6000.00', disbursedOn: '2024-01-15', installments: 6 };
  const refund = (loan: Record<string, unknown>, amount: string) =>
    loanSimulateOutput({ loan: { ...purchase, ...loan }, events: [{ type: 'refund', on: '2024-01-25', amount }], asOf: '2024-01-25' });

  it.each([
    ['a monthly fee on the original principal', { rate: { value: '0.6', per: 'month' }, interestMethod: 'feeOnPrincipal', amortization: 'equalPrincipal' }],
    ['flat interest', { rate: { value: '12', per: 'year' }, interestMethod: 'flat' }],
    ['interest, no recalculation', { rate: { value: '18', per: 'year' }, recalculation: { rest: 'none' } }],
    ['interest recalculated every period', { rate: { value: '18', per: 'year' }, recalculation: { rest: 'repaymentPeriod' } }],
    ['interest recalculated daily', { rate: { value: '18', per: 'year' }, interestPeriod: 'daily', recalculation: { rest: 'daily' } }],
  ])('a full refund leaves nothing owed: %s', (_name, loan) => {
    const output = refund(loan, '6000.00');
    expect(output.totals.outstanding).toBe('0.00');
    expect(output.payoff.amount).toBe('0.00');
  });

  it('a half refund halves the fees still to come on the original principal', () => {
    const output = refund({ rate: { value: '0.6', per: 'month' }, interestMethod: 'feeOnPrincipal', amortization: 'equalPrincipal' }, '3000.00');
    expect(output.installments.map((i) => `${i.principal}/${i.fee}`)).toEqual(Array(6).fill('500.00/18.00'));
  });

  it('keeps the fees on the purchase kept to the cent, the rounding remainder on the last installment', () => {
    // 2,399.00 at 0.6% a month: 14.39 a month and 14.44 last (172.73). Kept 1,399.00 is charged
    // 100.73 in all, as a purchase of 1,399.00 would be: 8.39 a month and 8.44 last, not the sum of
    // each installment's share rounded (8.39 and 8.42 last: 100.71).
    const output = loanSimulateOutput({
      loan: { ...base, principal: '2399.00', rate: { value: '0.6', per: 'month' }, interestMethod: 'feeOnPrincipal', recalculation: { rest: 'none' } },
      events: [{ type: 'refund', on: '2024-01-10', amount: '1000.00' }], asOf: '2024-01-10',
    });
    expect(output.installments.map((i) => i.fee)).toEqual([...Array(11).fill('8.39'), '8.44']);
    expect(output.totals.fee).toBe('100.73');
  });

  // Installment 1 paid on its due date — 1,000.00 and a 36.00 fee, or 963.15 and 90.00 of interest
  // at 18% — then a refund on 2024-03-01: the charges paid go back in the share of the purchase
  // returned, after any principal already repaid.
  const refundAfterPaying = (loan: Record<string, unknown>, paid: string, amount: string) => {
    const events = [{ type: 'repayment', on: '2024-02-15', amount: paid }, { type: 'refund', on: '2024-03-01', amount }];
    const { state, steps } = expectOk(simulateLoan(expectOk(parseSimulationInput({ loan: { ...purchase, ...loan }, events, asOf: '2024-03-01' }))));
    const refundStep = steps.find((step) => step.postings.some((p) => p.debit === 'merchantPayable'))!;
    return { state, givenBack: refundStep.postings.filter((p) => p.credit === 'customerWallet') };
  };
  const fee = { rate: { value: '0.6', per: 'month' }, interestMethod: 'feeOnPrincipal', amortization: 'equalPrincipal' };

  it.each([
    ['a monthly fee on the original principal', fee, '1036.00', 'feeIncome', 3600n, 100000n],
    ['interest recalculated every period', { rate: { value: '18', per: 'year' }, recalculation: { rest: 'repaymentPeriod' } }, '1053.15', 'interestIncome', 9000n, 96315n],
  ])('a full refund gives back the charges paid: %s', (_name, loan, paid, income, chargesMinor, principalMinor) => {
    const { state, givenBack } = refundAfterPaying(loan, paid, '6000.00');
    expect(state.status).toBe('closed');
    expect(state.installments.reduce((s, i) => s + i.interestMinor + i.feeMinor, 0n)).toBe(0n);
    expect(givenBack).toEqual([
      { debit: income, credit: 'customerWallet', amountMinor: chargesMinor, kind: 'refund' },
      { debit: 'merchantPayable', credit: 'customerWallet', amountMinor: principalMinor, kind: 'refund' },
    ]);
  });

  it('a half refund gives back half the fees paid', () => {
    const { state, givenBack } = refundAfterPaying(fee, '1036.00', '3000.00');
    expect(givenBack).toEqual([{ debit: 'feeIncome', credit: 'customerWallet', amountMinor: 1800n, kind: 'refund' }]);
    expect(state.installments.map((i) => `${i.feeMinor}/${i.feePaidMinor}`)).toEqual(['1800/1800', ...Array(5).fill('1800/0')]);
  });

  it('gives back the share of the fees paid to the cent, not a sum of per-installment roundings', () => {
    // 666.00 over 12 months at a fee of 3.33 a month; six paid, then half the purchase returned: half
    // of the 19.98 paid is 9.99, where halving each 3.33 half even gave back 6 × 1.67 = 10.02.
    const paid = Array.from({ length: 6 }, (_, k) => ({ type: 'repayment', on: `2024-0${k + 2}-01`, amount: '58.83' }));
    const output = loanSimulateOutput({
      loan: { currency: 'CNY', principal: '666.00', disbursedOn: '2024-01-01', installments: 12, rate: { value: '0.5', per: 'month' }, interestMethod: 'feeOnPrincipal' },
      events: [...paid, { type: 'refund', on: '2024-07-05', amount: '333.00' }],
      asOf: '2024-07-05',
    });
    expect(output.events.at(-1)!.allocation?.fee).toBe('9.99');
    expect(output.installments.slice(0, 6).map((i) => i.fee)).toEqual(['1.66', '1.66', '1.66', '1.67', '1.67', '1.67']);
    // What stays owed, and what stayed paid, is half of the 39.96 of fees the purchase carried.
    expect([output.totals.fee, output.creditBalance]).toEqual(['19.98', '9.99']);
  });

  it('a half refund takes half the interest accrued so far', () => {
    // 6,000.00 × 18% × 10/365 = 29.59 accrued; the half still owed keeps 14.795, 14.80 half even.
    expect(refund({ rate: { value: '18', per: 'year' }, interestPeriod: 'daily', recalculation: { rest: 'daily' } }, '3000.00').payoff.amount).toBe('3014.80');
  });
});

describe('the credit balance: what the lender owes the borrower', () => {
  const purchase = { ...base, principal: '6000.00', disbursedOn: '2024-01-15', installments: 6 };
  const simulate = (events: { type: string; on: string; amount: string }[], loan: Record<string, unknown> = purchase) => {
    const result = expectOk(simulateLoan(expectOk(parseSimulationInput({ loan, events, asOf: events.at(-1)!.on }))));
    const wallet = result.steps.flatMap((step) => step.postings).reduce((sum, p) => sum + (p.credit === 'customerWallet' ? p.amountMinor : p.debit === 'customerWallet' ? -p.amountMinor : 0n), 0n);
    return { state: result.state, applied: result.applied, wallet };
  };

  it('takes what is paid beyond the payoff, and the loan closes', () => {
    const { state, applied, wallet } = simulate([{ type: 'repayment', on: '2024-01-15', amount: '6000.50' }]);
    expect(state).toMatchObject({ status: 'closed', creditBalanceMinor: 50n, principalOutstandingMinor: 0n });
    expect(wallet).toBe(50n);
    expect(applied[0]!.allocation).toEqual({ principal: 600000n, interest: 0n, fee: 0n, penalty: 0n, creditBalance: 50n });
  });

  it('takes a refund after payoff whole, with the share of the charges paid on what comes back', () => {
    // 6,000.00 at 0.6% a month on the original principal, paid off on 2024-02-15 (installment 1's
    // 36.00 fee, the rest of the principal, and the current period's 36.00 fee); half comes back.
    const loan = { ...purchase, rate: { value: '0.6', per: 'month' }, interestMethod: 'feeOnPrincipal', amortization: 'equalPrincipal' };
    const paidOff = simulate([{ type: 'repayment', on: '2024-02-15', amount: '6072.00' }], loan);
    expect(paidOff.state).toMatchObject({ status: 'closed', creditBalanceMinor: 0n });
    const { state, applied, wallet } = simulate([{ type: 'repayment', on: '2024-02-15', amount: '6072.00' }, { type: 'refund', on: '2024-03-01', amount: '3000.00' }], loan);
    expect(state).toMatchObject({ status: 'closed', creditBalanceMinor: 303600n, refundedMinor: 300000n });
    expect(wallet).toBe(303600n);
    expect(applied[1]!.allocation).toEqual({ principal: 300000n, interest: 0n, fee: 3600n, penalty: 0n, creditBalance: 0n });
    expect(state.installments.reduce((sum, i) => sum + i.feePaidMinor, 0n)).toBe(3600n);
  });

  it('is paid back by a credit balance refund, never more than it holds', () => {
    const { state, applied, wallet } = simulate([{ type: 'repayment', on: '2024-01-15', amount: '6100.00' }, { type: 'creditBalanceRefund', on: '2024-01-17', amount: '60.00' }]);
    expect(state).toMatchObject({ status: 'closed', creditBalanceMinor: 4000n });
    expect(wallet).toBe(4000n);
    expect(applied[1]!.allocation).toEqual({ principal: 0n, interest: 0n, fee: 0n, penalty: 0n, creditBalance: 6000n });
    const overpaid = { type: 'repayment', on: '2024-01-15', amount: '6100.00' };
    expect(() => loanSimulateOutput({ loan: purchase, events: [overpaid, { type: 'creditBalanceRefund', on: '2024-01-17', amount: '100.01' }], asOf: '2024-01-17' }))
      .toThrow(expect.objectContaining({ code: 'amount_exceeds_credit_balance', param: 'events.1.amount' }));
    expect(loanSimulateOutput({ loan: purchase, events: [overpaid], asOf: '2024-01-17' }).creditBalance).toBe('100.00');
  });
});

describe('refusals', () => {
  const terms = expectOk(parseLoanTerms(base));
  const opened = expectOk(openLoan(terms)).state;
  const closed = expectOk(applyRepayment(opened, terms, localDate('2024-01-01'), 120000n)).state;
  it.each([
    ['repaying a closed loan', () => applyRepayment(closed, terms, localDate('2024-01-01'), 100n), 'loan_closed'],
    ['paying back more than the credit balance', () => applyEvent('creditBalanceRefund', closed, terms, localDate('2024-01-01'), 1n), 'amount_exceeds_credit_balance'],
    ['an event before disbursement', () => applyRepayment(opened, terms, localDate('2023-12-31'), 100n), 'event_before_disbursement'],
    ['an event on a closed business date', () => applyRepayment(expectOk(closeDay(opened, terms, localDate('2024-01-01'))).state, terms, localDate('2024-01-01'), 100n), 'event_out_of_order'],
    ['an event ahead of end of day', () => applyRepayment(opened, terms, localDate('2024-01-05'), 100n), 'date_not_open'],
    ['a recovery on a current loan', () => applyRecovery(opened, terms, localDate('2024-01-01'), 100n), 'loan_not_written_off'],
  ])('%s', (_name, attempt, code) => expect(attempt()).toMatchObject({ ok: false, code }));

  it.each([
    ['events out of date order', [{ type: 'repayment', on: '2024-03-01', amount: '10.00' }, { type: 'repayment', on: '2024-02-01', amount: '10.00' }], 'event_out_of_order', 'events.1.on'],
    ['an event before disbursement', [{ type: 'repayment', on: '2023-12-01', amount: '10.00' }], 'event_before_disbursement', 'events.0.on'],
    ['refunding more than was bought', [{ type: 'refund', on: '2024-02-01', amount: '1200.01' }], 'refund_exceeds_purchase', 'events.0.amount'],
    ['repaying a closed loan', [{ type: 'repayment', on: '2024-01-01', amount: '1200.00' }, { type: 'repayment', on: '2024-01-02', amount: '1.00' }], 'loan_closed', 'events.1.amount'],
  ])('simulate refuses %s', (_name, events, code, param) => {
    expect(() => loanSimulateOutput({ loan: base, events, asOf: '2024-06-01' })).toThrow(expect.objectContaining({ code, param }));
  });
});

describe('the contract schedule, as servicing keeps it', () => {
  // Nothing paid yet, seen on the disbursement date: what `lendcore schedule` builds, row for row,
  // with a down payment's installment, the grace on principal and a bullet kept as they are.
  it.each([
    ['a down payment', { downPaymentPercent: '25' }],
    ['a grace on principal', { graceOnPrincipal: 3 }],
    ['both', { downPaymentPercent: '25', graceOnPrincipal: 2 }],
    ['both, recalculated every period', { downPaymentPercent: '25', graceOnPrincipal: 2, recalculation: { rest: 'repaymentPeriod' } }],
    ['a bullet, its one installment earning every period', { amortization: 'bullet', recalculation: { rest: 'repaymentPeriod' } }],
    ['a bullet after a down payment', { amortization: 'bullet', downPaymentPercent: '10' }],
    ['flat interest after a down payment, on the whole principal', { interestMethod: 'flat', downPaymentPercent: '25' }],
    ['a fee on the principal after a down payment', { interestMethod: 'feeOnPrincipal', rate: { value: '0.5', per: 'month' }, downPaymentPercent: '20' }],
    [
      'a day-counted bullet on 30-day months across a 31st, recalculated daily',
      { amortization: 'bullet', installments: 19, frequency: { every: 2, unit: 'day' }, disbursedOn: '2023-12-15', interestPeriod: 'daily', daysInYear: 360, daysInMonth: 30, recalculation: { rest: 'daily' } },
    ],
  ])('with %s', (_name, extra) => {
    const loan = { ...base, principal: '12000.00', installments: 6, ...extra };
    const { recalculation: _recalculation, ...spec } = loan as typeof loan & { recalculation?: unknown };
    const rows = (installments: readonly { principal: string; interest: string; fee: string }[]) => installments.map((i) => `${i.principal}/${i.interest}/${i.fee}`);
    expect(rows(loanSimulateOutput({ loan, events: [], asOf: loan.disbursedOn }).installments)).toEqual(rows(scheduleCommandOutput(spec).installments));
  });
});
