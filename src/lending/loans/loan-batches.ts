/**
 * Many loan events in one transaction: the batch path of the loan book, for collections that arrive
 * in bulk (auto-debit files on due dates). An event here runs through the same code as one sent alone
 * (`applyEventsToLocked` in loan-book.ts): the same servicing operation, catch-up of slept days,
 * transfer ids, line-limit restore, journal row and client-id replay. The batch locks its loans in one
 * statement (id order, so batches never deadlock), posts all transfers in few ledger requests, and
 * writes all states and journal rows in one statement each. A collection (an auto-debit run) reads
 * each loan's amount due from the row it locks, so its loans are read once. An event servicing
 * refuses gets its code and writes nothing; the others still apply. Events on one loan apply in the
 * order given. Reversals come in a batch too (a bank's return file), each naming the event it
 * reverses by its client id alone, as a return names the payment: the loans are found from the
 * events, locked once, and each reversal runs through `reverseOnLocked` as one sent alone does.
 */
import { assert } from '../../kernel/assert.ts';
import type { LocalDate } from '../../kernel/local-date.ts';
import { limits } from '../../kernel/limits.ts';
import { err, type Result } from '../../kernel/result.ts';
import { applyEventsToLocked, lockLoans, type AppliedEvent, type LoanBookDeps, type LoanBookErrorCode, type LoanEvent } from './loan-book.ts';
import { selectLoanEventsByClientIds } from './loan-events.ts';
import { reverseOnLocked } from './loan-reversal.ts';
import type { LoanRow } from './loan-rows.ts';

export interface LoanBatches {
  /** Applies `events` (at most limits.loanEventBatchMax) in one transaction; one outcome per event, in order. */
  applyEvents(tenantId: string, events: readonly LoanEvent[]): Promise<Result<AppliedEvent, LoanBookErrorCode>[]>;
  /**
   * Collects from many loans at once (an auto-debit run): for each, a repayment on `on` of what
   * `amountDue` reads from the loan as locked, in one transaction with one read of the loans; at most
   * limits.loanEventBatchMax. One outcome per collection, in order: null when the loan is unknown or
   * owes nothing by `amountDue` (no event, nothing written).
   */
  collect(tenantId: string, on: LocalDate, collections: readonly DueCollection[], amountDue: (loan: LoanRow) => bigint): Promise<(Result<AppliedEvent, LoanBookErrorCode> | null)[]>;
  /**
   * Reverses many events, each named by its client id, on whatever loans they were booked on (at most
   * limits.loanEventBatchMax), in one transaction; one outcome per reversal, in order, as
   * `LoanBook.reverse` answers it. A refused reversal writes nothing; the others still apply, in the
   * order given.
   */
  reverseMany(tenantId: string, reversals: readonly ReturnedEvent[]): Promise<Result<AppliedEvent, LoanBookErrorCode>[]>;
}

/** A reversal of the event booked under `eventId` (a payment a bank returned), booked on `on` under `clientId`. */
export interface ReturnedEvent {
  readonly clientId: string;
  readonly on: LocalDate;
  readonly eventId: string;
}

export interface DueCollection {
  readonly loanId: string;
  /** The repayment's client id, replayed as in `applyEvents` (the first outcome, or `client_id_reused`). */
  readonly clientId: string;
}


export function createLoanBatches(deps: LoanBookDeps): LoanBatches {
  const { db } = deps;

  const checkBatchSize = (size: number): void => assert(size <= limits.loanEventBatchMax, `a loan event batch holds at most ${limits.loanEventBatchMax} events`);

  return {
    async applyEvents(tenantId, events) {
      checkBatchSize(events.length);
      if (events.length === 0) return [];
      return db.transaction(async (tx) => applyEventsToLocked(deps, tx, tenantId, events, await lockLoans(tx, tenantId, events.map((e) => e.loanId))));
    },

    async collect(tenantId, on, collections, amountDue) {
      checkBatchSize(collections.length);
      if (collections.length === 0) return [];
      return db.transaction(async (tx) => {
        const loans = await lockLoans(tx, tenantId, collections.map((c) => c.loanId));
        const events: LoanEvent[] = [];
        const eventOf = collections.map((c) => {
          const loan = loans.get(c.loanId);
          const amountMinor = loan ? amountDue(loan) : 0n;
          if (amountMinor <= 0n) return -1;
          events.push({ loanId: c.loanId, type: 'repayment', clientId: c.clientId, on, amountMinor });
          return events.length - 1;
        });
        const outcomes = events.length === 0 ? [] : await applyEventsToLocked(deps, tx, tenantId, events, loans);
        return eventOf.map((at) => (at < 0 ? null : (outcomes[at] as Result<AppliedEvent, LoanBookErrorCode>)));
      });
    },

    async reverseMany(tenantId, reversals) {
      checkBatchSize(reversals.length);
      if (reversals.length === 0) return [];
      return db.transaction(async (tx) => {
        // A booked event never moves to another loan, so the loans found before the lock are the events' loans.
        const named = await selectLoanEventsByClientIds(tx, tenantId, reversals.map((r) => r.eventId));
        const loans = await lockLoans(tx, tenantId, [...named.values()].map((e) => e.loanId));
        const outcomes: Result<AppliedEvent, LoanBookErrorCode>[] = [];
        for (const { clientId, on, eventId } of reversals) {
          const event = named.get(eventId);
          if (!event) {
            outcomes.push(err('event_not_found', `no event ${eventId}`, 'eventId'));
            continue;
          }
          const outcome = await reverseOnLocked(deps, tx, tenantId, loans.get(event.loanId), { clientId, on, reverses: { eventId } });
          // The next reversal on the same loan starts from the loan as this one left it.
          if (outcome.ok) loans.set(event.loanId, outcome.value.loan);
          outcomes.push(outcome);
        }
        return outcomes;
      });
    },
  };
}
