/**
 * When a loan next needs its end of day. Closing a date changes a loan only if interest accrues that
 * day, if it is overdue (days past due, bucket, penalties and write-off move daily), or if an
 * installment falls due. A current loan whose period earns no interest — a fee-priced installment
 * purchase — is idle until its next due date, so end of day may leave it alone until then: closing
 * the idle days later, in one go, posts nothing and ends in the same state.
 */
import { addDays, type LocalDate } from '../../kernel/local-date.ts';
import type { LoanState, LoanTerms } from './types.ts';

/** The first business date whose close can change the loan; null once it is closed or written off. */
export function nextCloseNeededOn(state: LoanState, terms: LoanTerms): LocalDate | null {
  if (state.status !== 'active') return null;
  const current = state.installments[state.periodIndex];
  const overdue = state.oldestUnpaidIndex < state.periodIndex;
  const accrues = current !== undefined && (current.interestMinor > 0n || (terms.rest === 'daily' && terms.spec.interestMethod === 'decliningBalance'));
  if (current === undefined || overdue || accrues) return state.openOn;
  return current.dueOn > state.openOn ? current.dueOn : state.openOn;
}

/**
 * After a close, each day before the loan's next needed close (for a closed or written-off loan,
 * every day) would only move its open date: the close just made has already reset what a close
 * resets (days past due, bucket, the excess-payment and non-accrual flags). So the open date moves
 * past those days at once, at most to the day after `through`: the same state as closing them one by
 * one (loans/close-days.test.ts), without the work. A month of an idle purchase is one step.
 */
export function skipIdleDays(state: LoanState, terms: LoanTerms, through: LocalDate): LoanState {
  const after = addDays(through, 1);
  const next = nextCloseNeededOn(state, terms) ?? after;
  if (next <= state.openOn) return state;
  return { ...state, openOn: next < after ? next : after };
}
