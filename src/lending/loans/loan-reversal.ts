/**
 * Reversing a booked event on the database path: a repayment that bounced, a recovery charged back,
 * a refund or a waiver booked in error. The loan is locked, its journal read, and servicing's
 * `reverseEvent` replays it with and without the event (servicing/reverse-event.ts); the replay of
 * the journal as booked must give the stored state, or the reversal is a bug and nothing is written.
 * The reversal posts the difference of the two replays, gives the line back (or takes back) the
 * principal the change returns, writes the loan as it would have stood, and journals a `reversal`
 * row naming the reversed event, which stays as booked. It is booked on the open business date like
 * any event, with a client id whose replay answers the first outcome.
 */
import type { Sql } from '../../db/database.ts';
import { assert } from '../../kernel/assert.ts';
import { limits } from '../../kernel/limits.ts';
import { addDays, type LocalDate } from '../../kernel/local-date.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import type { TransferInput } from '../../ledger/types.ts';
import { reverseEvent, serializeLoanState, type EventType, type LoanState } from '../servicing/index.ts';
import { closeDaysThrough } from './close-days.ts';
import { selectLoanEventsByClientIds, selectLoanJournal, type JournaledLoanEvent } from './loan-events.ts';
import { openBusinessDate, writeEvents } from './event-writes.ts';
import type { AppliedEvent, LoanBookDeps, LoanBookErrorCode } from './loan-book.ts';
import type { LoanRow } from './loan-rows.ts';
import { postingsToTransfers } from './postings-to-transfers.ts';

export interface ReversalRequest {
  /** The client's id for the reversal itself (idempotency). */
  readonly clientId: string;
  readonly on: LocalDate;
  /** The event to reverse: its seq in the loan's journal, or its client id (a bank return names the payment's). */
  readonly reverses: { readonly seq: number } | { readonly eventId: string };
}

/**
 * Reverses an event on `loan`, locked in `tx`: the loan after it and the reversal as journaled,
 * or why not, with nothing written.
 */
export async function reverseOnLocked(deps: LoanBookDeps, tx: Sql, tenantId: string, loan: LoanRow | undefined, request: ReversalRequest): Promise<Result<AppliedEvent, LoanBookErrorCode>> {
  if (!loan) return err('loan_not_found');
  const { reverses } = request;
  // One read finds a replay of this reversal and, when it is named by client id, the event it reverses.
  const found = await selectLoanEventsByClientIds(tx, tenantId, 'eventId' in reverses ? [request.clientId, reverses.eventId] : [request.clientId]);
  const named = 'eventId' in reverses ? found.get(reverses.eventId) : undefined;
  if ('eventId' in reverses && named?.loanId !== loan.id) return err('event_not_found', `the loan has no event ${reverses.eventId}`, 'eventId');
  const target = 'seq' in reverses ? reverses.seq : (named as JournaledLoanEvent).seq;
  const earlier = found.get(request.clientId);
  if (earlier) {
    const same = earlier.loanId === loan.id && earlier.type === 'reversal' && earlier.on === request.on && earlier.reverses === target;
    return same ? ok({ loan, event: earlier }) : err('client_id_reused', 'the event id was used for another event');
  }
  const openDate = await openBusinessDate(tx, tenantId);
  if (openDate !== null && request.on > openDate) return err('date_not_open', `the open business date is ${openDate}`, 'on');
  const journal = await selectLoanJournal(tx, tenantId, loan.id, limits.servicingEventsMax);
  if (journal === null) return err('history_too_long', `the loan has more than ${limits.servicingEventsMax} events to replay`, 'seq');
  const planned = planReversal(deps, loan, journal, { on: request.on, seq: target });
  if (!planned.ok) return planned;
  const { state, transfers, reversed } = planned.value;
  const recordedAt = deps.clock.now();
  const seq = loan.events + 1;
  const event: JournaledLoanEvent = {
    loanId: loan.id, seq, type: 'reversal', on: request.on, amountMinor: reversed.amountMinor, clientId: request.clientId, allocation: null,
    reverses: reversed.seq, reversedBy: null, recordedAt,
  };
  const next: LoanRow = { ...loan, state, events: seq };
  await writeEvents(deps.ledger, tx, tenantId, { transfers, updates: [{ id: loan.id, terms: loan.terms, state, eventsAdded: 1 }], journal: [event], recordedAt });
  return ok({ loan: next, event });
}

interface PlannedReversal {
  readonly state: LoanState;
  readonly transfers: TransferInput[];
  readonly reversed: JournaledLoanEvent;
}

/** The reversal's transfers and the loan after it, from the loan as stored and its whole journal. Pure. */
export function planReversal(deps: Pick<LoanBookDeps, 'accountsOf' | 'principalReturned'>, loan: LoanRow, journal: readonly JournaledLoanEvent[], request: { on: LocalDate; seq: number }): Result<PlannedReversal, LoanBookErrorCode> {
  const reversed = journal.find((e) => e.seq === request.seq);
  if (!reversed) return err('event_not_found', `the loan has no event ${request.seq}`, 'seq');
  if (reversed.type === 'reversal') return err('event_not_reversible', 'a reversal cannot be reversed', 'seq');
  if (reversed.reversedBy !== null) return err('event_already_reversed', `event ${request.seq} was reversed by event ${reversed.reversedBy}`, 'seq');
  if (request.on < loan.state.openOn) return err('event_out_of_order', `${request.on} is before the loan's open business date ${loan.state.openOn}`, 'on');

  const accounts = deps.accountsOf(loan.productId);
  const closedThrough = addDays(request.on, -1);
  const caughtUp = closeDaysThrough(loan.id, loan.terms, loan.state, closedThrough, accounts);
  // The history as it stands: reversals, and the events they reversed, left out.
  const standing = journal.filter((e) => e.type !== 'reversal' && e.reversedBy === null);
  const history = standing.map((e) => ({ type: e.type as EventType, on: e.on, amountMinor: e.amountMinor }));
  const outcome = reverseEvent(loan.terms, history, standing.indexOf(reversed), closedThrough);
  if (!outcome.ok) return err('reversal_conflicts', `without event ${request.seq}, a later event would be refused: ${outcome.code} (${outcome.message})`, 'seq');
  const { before, after, postings, principalReturnedChangeMinor } = outcome.value;
  assert(JSON.stringify(serializeLoanState(before)) === JSON.stringify(serializeLoanState(caughtUp.state)), `loan ${loan.id}: its journal does not replay to its stored state`);

  const eventKey = `e${loan.events + 1}`;
  const line = principalReturnedChangeMinor === 0n ? [] : (deps.principalReturned?.(loan, principalReturnedChangeMinor, eventKey, request.on) ?? []);
  const transfers = [...caughtUp.transfers, ...postingsToTransfers(postings, accounts, loan.id, eventKey, loan.currency, request.on), ...line];
  return ok({ state: after, transfers, reversed });
}
