/**
 * `lendcore loan simulate`: replays one loan from disbursement to `asOf` through exactly the
 * operations the database path uses — `openLoan`, then for each business date its events in order
 * and `closeDay` — and renders the schedule as it stands on `asOf` (../shared/CONTRACTS.md).
 * The payoff is what closes the loan on `asOf`: quoted after that day's events, plus any penalty the
 * day's end charges. A repayment on a written-off loan is recorded as a recovery.
 */
import { addDays, daysBetween, type LocalDate } from '../../kernel/local-date.ts';
import { limits } from '../../kernel/limits.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { asArray, asObject, catchFieldError, fail, path, readAmount, readChoice, readDate, required, type SpecErrorCode } from '../schedules/json-fields.ts';
import { totalOutstanding } from './allocate.ts';
import { applyEvent, EVENT_TYPES, type EventType } from './apply-event.ts';
import { closeDay } from './close-day.ts';
import { draftOf, finish } from './draft.ts';
import { eventAllocation, type EventAllocation } from './event-allocation.ts';
import { openLoan } from './open-loan.ts';
import { parseLoanTerms } from './parse-terms.ts';
import { payoffQuote } from './payoff-quote.ts';
import { reproject } from './reproject.ts';
import type { LoanInstallment, LoanState, LoanTerms, Posting, ServicingErrorCode, Step } from './types.ts';
import type { ScheduleErrorCode } from '../schedules/types.ts';


export interface LoanEvent {
  readonly type: EventType;
  readonly on: LocalDate;
  readonly amountMinor: bigint;
}

export interface SimulationInput {
  readonly terms: LoanTerms;
  readonly events: readonly LoanEvent[];
  readonly asOf: LocalDate;
}

export type SimulationErrorCode = SpecErrorCode | ScheduleErrorCode | ServicingErrorCode;

export function parseSimulationInput(json: unknown): Result<SimulationInput, SpecErrorCode | ServicingErrorCode> {
  const input = catchFieldError(() => ok(asObject(json, '')));
  if (!input.ok) return input;
  const loan = catchFieldError(() => ok(required(input.value, 'loan')));
  if (!loan.ok) return loan;
  const terms = parseLoanTerms(loan.value);
  if (!terms.ok) return terms;
  return catchFieldError(() => {
    const c = terms.value.spec.currency;
    const disbursedOn = terms.value.spec.disbursedOn;
    const asOf = readDate(required(input.value, 'asOf'), 'asOf');
    if (asOf < disbursedOn) return err('event_before_disbursement', `asOf ${asOf} is before the disbursement on ${disbursedOn}`, 'asOf');
    if (daysBetween(disbursedOn, asOf) > limits.servicingSimulationDaysMax) fail('out_of_range', 'asOf', `asOf is more than ${limits.servicingSimulationDaysMax} days after disbursement`);
    const items = input.value.events === undefined ? [] : asArray(input.value.events, 'events');
    if (items.length > limits.servicingEventsMax) fail('out_of_range', 'events', `at most ${limits.servicingEventsMax} events`);
    const events: LoanEvent[] = [];
    for (let i = 0; i < items.length; i += 1) {
      const param = path('events', i);
      const item = asObject(items[i], param);
      const event: LoanEvent = {
        type: readChoice(required(item, 'type', param), path(param, 'type'), EVENT_TYPES),
        on: readDate(required(item, 'on', param), path(param, 'on')),
        amountMinor: readAmount(required(item, 'amount', param), c, path(param, 'amount'), { allowZero: false }),
      };
      if (event.on < disbursedOn) return err('event_before_disbursement', `${param} on ${event.on} is before the disbursement on ${disbursedOn}`, path(param, 'on'));
      if (i > 0 && event.on < events[i - 1]!.on) return err('event_out_of_order', `${param} on ${event.on} is before the event before it`, path(param, 'on'));
      if (event.on > asOf) return err('event_out_of_order', `${param} on ${event.on} is after asOf ${asOf}`, path(param, 'on'));
      events.push(event);
    }
    return ok({ terms: terms.value, events, asOf });
  });
}

export interface SimulationResult {
  readonly state: LoanState;
  /** Every posting of the loan's life, in order. */
  readonly postings: readonly Posting[];
  /** Each step's state and postings, for auditing that the ledger ties after every event. */
  readonly steps: readonly Step[];
  /** Each input event as applied (a repayment after write-off is a recovery), with what it took off the loan. */
  readonly applied: readonly SimulatedEvent[];
  readonly payoffMinor: bigint;
}

export interface SimulatedEvent extends LoanEvent {
  readonly allocation: EventAllocation | null;
}

export function simulateLoan(input: SimulationInput): Result<SimulationResult, SimulationErrorCode> {
  const { terms, events, asOf } = input;
  const opened = openLoan(terms);
  if (!opened.ok) return opened;
  const steps: Step[] = [opened.value];
  const appliedEvents: SimulatedEvent[] = [];
  let state = opened.value.state;
  let next = 0;
  let payoffMinor = 0n;
  for (let on = terms.spec.disbursedOn; on <= asOf; on = addDays(on, 1)) {
    for (; next < events.length && events[next]!.on === on; next += 1) {
      const event = events[next]!;
      const type = event.type === 'repayment' && state.status === 'writtenOff' ? 'recovery' : event.type;
      const applied = applyEvent(type, state, terms, event.on, event.amountMinor);
      if (!applied.ok) return { ...applied, param: path(path('events', next), applied.param ?? 'amount') };
      appliedEvents.push({ ...event, type, allocation: eventAllocation(type, applied.value.postings) });
      steps.push(applied.value);
      state = applied.value.state;
    }
    if (on === asOf) {
      const quote = payoffQuote(state, terms, asOf);
      if (!quote.ok) return quote;
      payoffMinor = quote.value;
    }
    const closed = closeDay(state, terms, on);
    if (!closed.ok) return closed;
    if (on === asOf && closed.value.state.status === 'active') payoffMinor += closed.value.state.penaltiesChargedMinor - state.penaltiesChargedMinor;
    if (closed.value.postings.length > 0 || on === asOf) steps.push(closed.value);
    state = closed.value.state;
  }
  return ok({ state, postings: steps.flatMap((s) => s.postings), steps, applied: appliedEvents, payoffMinor });
}


export type InstallmentStatus = 'paid' | 'partiallyPaid' | 'due' | 'overdue' | 'future';

export function installmentStatus(installment: LoanInstallment, asOf: LocalDate): InstallmentStatus {
  const paid = installment.principalPaidMinor + installment.interestPaidMinor + installment.feePaidMinor + installment.penaltyPaidMinor;
  if (totalOutstanding(installment) === 0n) return 'paid';
  if (installment.dueOn < asOf) return 'overdue';
  if (paid > 0n) return 'partiallyPaid';
  return installment.dueOn === asOf ? 'due' : 'future';
}

/** The installments as they stand on `asOf`: the open ones re-projected with `asOf` as today. */
export function scheduleAsOf(state: LoanState, terms: LoanTerms, asOf: LocalDate): readonly LoanInstallment[] {
  if (state.status !== 'active') return state.installments;
  const draft = draftOf(state);
  reproject(draft, terms, asOf, false);
  return finish(draft).state.installments;
}
