/**
 * A loan's life replayed from its terms: `openLoan`, then for each business date its events in
 * order and, through `closedThrough`, that date's `closeDay` — exactly the operations the database
 * path runs, one date at a time. `lendcore loan simulate` renders a replay; a reversal compares two
 * (reverse-event.ts). Events must come in date order, none before disbursement, none later than the
 * day after `closedThrough` (the open business date). A repayment on a written-off loan is applied
 * as a recovery. Events replayed as booked (`asBooked`: a loan's journal, each event accepted when it
 * was) apply as a reversal may have left them: a credit balance refund the balance no longer covers
 * lends the rest (apply-credit-balance-refund.ts); events as requested (`loan simulate`) are refused
 * there as the API would refuse them. Pure.
 */
import { addDays, type LocalDate } from '../../kernel/local-date.ts';
import { ok, type Result } from '../../kernel/result.ts';
import { assert } from '../../kernel/assert.ts';
import { path } from '../schedules/json-fields.ts';
import type { ScheduleErrorCode } from '../schedules/types.ts';
import { applyCreditBalanceRefund } from './apply-credit-balance-refund.ts';
import { applyEvent, type EventType } from './apply-event.ts';
import { closeDay } from './close-day.ts';
import { eventAllocation, type EventAllocation } from './event-allocation.ts';
import { openLoan } from './open-loan.ts';
import type { LoanState, LoanTerms, ServicingErrorCode, Step } from './types.ts';

export interface LoanEvent {
  readonly type: EventType;
  readonly on: LocalDate;
  readonly amountMinor: bigint;
}

export interface AppliedLoanEvent extends LoanEvent {
  /** What the event took off the loan (event-allocation.ts). */
  readonly allocation: EventAllocation | null;
  /** The principal it took off what the borrower owes, which goes back to a credit line: none for a recovery. */
  readonly principalReturnedMinor: bigint;
}

export interface Replay {
  readonly state: LoanState;
  /** The opening, each event, and each close that posted anything, in order. */
  readonly steps: readonly Step[];
  /** Each event as applied (a repayment after write-off is a recovery). */
  readonly applied: readonly AppliedLoanEvent[];
}

/** Whether the events are a loan's journal, replayed (`asBooked`), or asked for now (`asRequested`). */
export type ReplayOf = 'asBooked' | 'asRequested';

/** A refusal names the event it came from as `events[i]`. */
export function replayLoan(terms: LoanTerms, events: readonly LoanEvent[], closedThrough: LocalDate, of: ReplayOf): Result<Replay, ServicingErrorCode | ScheduleErrorCode> {
  const opened = openLoan(terms);
  if (!opened.ok) return opened;
  const steps: Step[] = [opened.value];
  const applied: AppliedLoanEvent[] = [];
  let state = opened.value.state;
  const last = events.at(-1);
  assert(last === undefined || last.on <= addDays(closedThrough, 1), `an event on ${last?.on} is after the open business date`);
  let next = 0;
  for (let on = terms.spec.disbursedOn; on <= closedThrough || next < events.length; on = addDays(on, 1)) {
    for (; next < events.length && events[next]!.on === on; next += 1) {
      const event = events[next]!;
      const type = event.type === 'repayment' && state.status === 'writtenOff' ? 'recovery' : event.type;
      const step =
        type === 'creditBalanceRefund' && of === 'asBooked'
          ? applyCreditBalanceRefund(state, terms, on, event.amountMinor, 'lend')
          : applyEvent(type, state, terms, on, event.amountMinor);
      if (!step.ok) return { ...step, param: path(path('events', next), step.param ?? 'amount') };
      const principalReturnedMinor = type === 'recovery' ? 0n : state.principalOutstandingMinor - step.value.state.principalOutstandingMinor;
      applied.push({ ...event, type, allocation: eventAllocation(type, step.value.postings), principalReturnedMinor });
      steps.push(step.value);
      state = step.value.state;
    }
    assert(next >= events.length || events[next]!.on > on, `events[${next}] is out of date order`);
    if (on > closedThrough) break;
    const closed = closeDay(state, terms, on);
    if (!closed.ok) return closed;
    if (closed.value.postings.length > 0) steps.push(closed.value);
    state = closed.value.state;
  }
  return ok({ state, steps, applied });
}
