/**
 * `lendcore loan simulate`: replays one loan from disbursement to `asOf` through exactly the
 * operations the database path uses (replay.ts) and renders the schedule as it stands on `asOf`
 * (../shared/CONTRACTS.md).
 * The payoff is what closes the loan on `asOf`: quoted after that day's events, plus any penalty the
 * day's end charges. A repayment on a written-off loan is recorded as a recovery.
 */
import { addDays, daysBetween, type LocalDate } from '../../kernel/local-date.ts';
import { limits } from '../../kernel/limits.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { asArray, asObject, catchFieldError, fail, path, readAmount, readChoice, readDate, required, type SpecErrorCode } from '../schedules/json-fields.ts';
import { totalOutstanding } from './allocate.ts';
import { EVENT_TYPES } from './apply-event.ts';
import { closeDay } from './close-day.ts';
import { draftOf, finish } from './draft.ts';
import { parseLoanTerms } from './parse-terms.ts';
import { payoffQuote } from './payoff-quote.ts';
import { replayLoan, type LoanEvent, type Replay } from './replay.ts';
import { reproject } from './reproject.ts';
import type { LoanInstallment, LoanState, LoanTerms, Posting, ServicingErrorCode } from './types.ts';
import type { ScheduleErrorCode } from '../schedules/types.ts';

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

export interface SimulationResult extends Replay {
  /** Every posting of the loan's life, in order. */
  readonly postings: readonly Posting[];
  readonly payoffMinor: bigint;
}

/** The loan replayed to `asOf`'s events (replay.ts), its payoff quoted then, and `asOf` closed. */
export function simulateLoan(input: SimulationInput): Result<SimulationResult, SimulationErrorCode> {
  const { terms, events, asOf } = input;
  const replayed = replayLoan(terms, events, addDays(asOf, -1), 'asRequested');
  if (!replayed.ok) return replayed;
  const { state, applied } = replayed.value;
  const quote = payoffQuote(state, terms, asOf);
  if (!quote.ok) return quote;
  const closed = closeDay(state, terms, asOf);
  if (!closed.ok) return closed;
  // The payoff is what closes the loan on asOf: with any penalty the day's end charges.
  const charged = closed.value.state.status === 'active' ? closed.value.state.penaltiesChargedMinor - state.penaltiesChargedMinor : 0n;
  const steps = [...replayed.value.steps, closed.value];
  return ok({ state: closed.value.state, steps, applied, postings: steps.flatMap((s) => s.postings), payoffMinor: quote.value + charged });
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
