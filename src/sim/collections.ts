/**
 * What a simulated borrower pays, read from the loan's own state: an auto-debit on a due date takes
 * that installment's unpaid amount (earlier arrears stay for the borrower to cure by hand, and since
 * repayments settle the oldest installment first, a borrower who misses one keeps rolling it);
 * a manual payment clears everything due. Either is capped at the payoff, so it is never refused as
 * an overpayment. Pure functions of `LoanState`.
 */
import type { LocalDate } from '../kernel/local-date.ts';
import { payoffQuote, type LoanInstallment, type LoanState, type LoanTerms } from '../lending/servicing/index.ts';

function unpaid(i: LoanInstallment): bigint {
  return i.principalMinor + i.interestMinor + i.feeMinor + i.penaltyMinor - i.principalPaidMinor - i.interestPaidMinor - i.feePaidMinor - i.penaltyPaidMinor;
}

function capAtPayoff(amountMinor: bigint, state: LoanState, terms: LoanTerms, on: LocalDate): bigint {
  const payoff = payoffQuote(state, terms, on);
  if (!payoff.ok) return 0n;
  return amountMinor < payoff.value ? amountMinor : payoff.value;
}

/** The unpaid amount of the installments falling due on `on` (the auto-debit); 0 when nothing is. */
export function debitDueOn(state: LoanState, terms: LoanTerms, on: LocalDate): bigint {
  if (state.status !== 'active') return 0n;
  const due = state.installments.filter((i) => i.dueOn === on).reduce((s, i) => s + unpaid(i), 0n);
  return capAtPayoff(due, state, terms, on);
}

/** Everything due on or before `on` (a borrower catching up by hand). */
export function arrearsThrough(state: LoanState, terms: LoanTerms, on: LocalDate): bigint {
  if (state.status !== 'active') return 0n;
  const due = state.installments.filter((i) => i.dueOn <= on).reduce((s, i) => s + unpaid(i), 0n);
  return capAtPayoff(due, state, terms, on);
}
