/**
 * What closes the loan on a date: everything due and unpaid, the principal still owed, and the
 * current period's interest up to the payoff date or to the end of the period (`preclosureInterest`)
 * plus its fee, as a repayment on that date would find them (periods no event touched restored).
 * A quote for a later date first runs the days in between (nothing else happening),
 * the idle ones in one step as end of day does (`skipIdleDays`).
 */
import { addDays, type LocalDate } from '../../kernel/local-date.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { totalOutstanding } from './allocate.ts';
import { closeDay } from './close-day.ts';
import { draftOf, type Draft } from './draft.ts';
import { preclosureInterestMinor } from './period-interest.ts';
import { skipIdleDays } from './next-close.ts';
import { dueUnpaidPrincipal } from './reproject.ts';
import { rollToEvent } from './rollover.ts';
import type { LoanState, LoanTerms, ServicingErrorCode } from './types.ts';

/** The quote on a draft already rolled to `on`. */
export function quoteOn(draft: Draft, terms: LoanTerms, on: LocalDate): bigint {
  let total = 0n;
  for (let i = draft.oldestUnpaidIndex; i < draft.periodIndex; i += 1) total += totalOutstanding(draft.installments[i]!);
  const c = draft.periodIndex;
  if (c >= draft.installments.length) return total;
  const current = draft.installments[c]!;
  const interest = preclosureInterestMinor(draft, terms, on);
  const interestOwed = interest > current.interestPaidMinor ? interest - current.interestPaidMinor : 0n;
  return total + draft.principalOutstandingMinor - dueUnpaidPrincipal(draft) + interestOwed + current.feeMinor - current.feePaidMinor;
}

/**
 * The loan as it will stand on `on` if nothing happens before: every day from its open date to the
 * day before closed (accrued, aged, charged, written off), the idle ones in one step. A date before
 * the open date is refused: past states are not kept.
 */
export function stateOn(state: LoanState, terms: LoanTerms, on: LocalDate): Result<LoanState, ServicingErrorCode> {
  if (state.status === 'closed') return ok(state);
  if (on < state.openOn) return err('event_out_of_order', `${on} is before the open business date ${state.openOn}`, 'on');
  const through = addDays(on, -1);
  let current = state;
  while (current.openOn < on && current.status === 'active') {
    const step = closeDay(current, terms, current.openOn);
    if (!step.ok) return step;
    current = skipIdleDays(step.value.state, terms, through);
  }
  return ok(current);
}

/** The quote on a state already at `on` (`stateOn`). */
export function quoteOnState(current: LoanState, terms: LoanTerms, on: LocalDate): bigint {
  if (current.status !== 'active') return 0n;
  const draft = draftOf(current);
  rollToEvent(draft, terms, on);
  return quoteOn(draft, terms, on);
}

export function payoffQuote(state: LoanState, terms: LoanTerms, on: LocalDate): Result<bigint, ServicingErrorCode> {
  const current = stateOn(state, terms, on);
  return current.ok ? ok(quoteOnState(current.value, terms, on)) : current;
}
