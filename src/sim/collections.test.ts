/** What simulated borrowers pay: the day's installment on a due date, all arrears by hand, never more than the payoff. */
import { describe, expect, it } from 'vitest';
import { localDate, type LocalDate } from '../kernel/local-date.ts';
import { expectOk } from '../kernel/result.ts';
import { applyRepayment, closeDay, openLoan, parseLoanTerms, payoffQuote, type LoanState, type LoanTerms } from '../lending/servicing/index.ts';
import { arrearsThrough, debitDueOn } from './collections.ts';

const terms = expectOk(parseLoanTerms({ principal: '600.00', disbursedOn: '2026-01-10', installments: 3, rate: { value: '0.5', per: 'month' }, interestMethod: 'feeOnPrincipal' }));

function closeThrough(state: LoanState, t: LoanTerms, through: LocalDate): LoanState {
  let s = state;
  while (s.openOn <= through) s = expectOk(closeDay(s, t, s.openOn)).state;
  return s;
}

describe('collections', () => {
  const opened = expectOk(openLoan(terms)).state;

  it('debits nothing between due dates and one installment on its due date', () => {
    expect(debitDueOn(opened, terms, localDate('2026-01-20'))).toBe(0n);
    expect(debitDueOn(opened, terms, localDate('2026-02-10'))).toBe(20_300n);
  });

  it('leaves arrears to the borrower: the next debit takes only its own installment, catching up takes both', () => {
    const late = closeThrough(opened, terms, localDate('2026-03-09'));
    expect(debitDueOn(late, terms, localDate('2026-03-10'))).toBe(20_300n);
    expect(arrearsThrough(late, terms, localDate('2026-03-10'))).toBe(40_600n);
  });

  it('never asks for more than the payoff, and nothing of a closed loan', () => {
    const payoff = expectOk(payoffQuote(opened, terms, localDate('2026-01-10')));
    const paid = expectOk(applyRepayment(opened, terms, localDate('2026-01-10'), payoff)).state;
    expect(paid.status).toBe('closed');
    expect(debitDueOn(paid, terms, localDate('2026-02-10'))).toBe(0n);
    const mostly = expectOk(applyRepayment(opened, terms, localDate('2026-01-10'), payoff - 100n)).state;
    expect(arrearsThrough(mostly, terms, localDate('2026-02-10'))).toBeLessThanOrEqual(expectOk(payoffQuote(mostly, terms, localDate('2026-02-10'))));
  });
});
