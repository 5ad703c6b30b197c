/**
 * Closing the business dates a loan has not closed yet, up to and including `through`: the servicing
 * engine's `closeDay` for each, with the ledger transfers of each day keyed by that day, so closing a
 * date twice can never post twice. Used by end of day, and by an event on a loan that end of day
 * left alone (sleeping between due dates, or closed or written off: closing a date on an inactive loan
 * only moves its open date), which first closes the days in between.
 */
import type { LocalDate } from '../../kernel/local-date.ts';
import type { TransferInput } from '../../ledger/types.ts';
import { closeDay, skipIdleDays, type LoanState, type LoanTerms } from '../servicing/index.ts';
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
