/**
 * Closing the business dates a loan has not closed yet, up to and including `through`: the servicing
 * engine's `closeDay` for each, with the ledger transfers of each day keyed by that day, so closing a
 * date twice can never post twice. Used by end of day, and by an event on a loan that end of day
 * left alone (sleeping between due dates, or closed or written off: closing a date on an inactive loan
 * only moves its open date), which first closes the days in between.
 */
import { addDays, type LocalDate } from '../../kernel/local-date.ts';
import type { TransferInput } from '../../ledger/types.ts';
import { closeDay, nextCloseNeededOn, type LoanState, type LoanTerms } from '../servicing/index.ts';
import { postingsToTransfers, type RoleAccounts } from './postings-to-transfers.ts';

export interface ClosedDays {
  readonly state: LoanState;
  readonly transfers: TransferInput[];
}

export function closeDaysThrough(loanId: string, terms: LoanTerms, state: LoanState, through: LocalDate, accounts: RoleAccounts, into: TransferInput[] = []): ClosedDays {
  let current = state;
  while (current.openOn <= through) {
    const day = current.openOn;
    const step = closeDay(current, terms, day);
    if (!step.ok) throw new Error(`closing ${day} on loan ${loanId} failed: ${step.code}`);
    into.push(...postingsToTransfers(step.value.postings, accounts, loanId, `d${day}`, current.currency, day));
    current = skipIdleDays(step.value.state, terms, through);
  }
  return { state: current, transfers: into };
}

/**
 * After a close, each day before the loan's next needed close (next-close.ts; for a closed or
 * written-off loan, every day) would only move its open date: the close just made has already reset
 * what a close resets (days past due, bucket, the excess-payment and non-accrual flags). So the open
 * date moves past those days at once, at most to the day after `through`. The same state as closing
 * them one by one (close-days.test.ts), without the work: a month of an idle purchase is one step.
 */
function skipIdleDays(state: LoanState, terms: LoanTerms, through: LocalDate): LoanState {
  const after = addDays(through, 1);
  const next = nextCloseNeededOn(state, terms) ?? after;
  if (next <= state.openOn) return state;
  return { ...state, openOn: next < after ? next : after };
}
