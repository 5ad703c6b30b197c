/**
 * Many loan events in one transaction: the batch path of the loan book, for collections that arrive
 * in bulk (auto-debit files on due dates). Each event has exactly the semantics and the ledger postings
 * of `LoanBook.apply` — the same servicing operation, the same catch-up of slept days, the same
 * transfer ids, the same line-limit restore, the same journal row and client-id replay — but the
 * batch locks its loans in one statement (id order, so batches never deadlock), posts all transfers
 * in few ledger requests, and writes all states and journal rows in one statement each. A collection
 * (an auto-debit run) reads each loan's amount due from the row it locks, so its loans are read once.
 * An event servicing refuses gets its code and writes nothing; the others still apply. Events on one
 * loan apply in the order given.
 */
import type { Sql } from '../../db/database.ts';
import { assert } from '../../kernel/assert.ts';
import type { LocalDate } from '../../kernel/local-date.ts';
import { limits } from '../../kernel/limits.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import type { TransferInput } from '../../ledger/types.ts';
import { openBusinessDate, planEvent, postTransfers, type LoanBookDeps, type LoanBookErrorCode, type LoanEventRequest, type LoanEventType } from './loan-book.ts';
import { insertLoanEvents, type LoanEventRecord } from './loan-events.ts';
import { selectLoans, updateLoanStates, type LoanRow, type LoanStateUpdate } from './loan-rows.ts';

export interface LoanEvent extends LoanEventRequest {
  readonly loanId: string;
  readonly type: LoanEventType;
}

export interface LoanBatches {
  /** Applies `events` (at most limits.loanEventBatchMax) in one transaction; one outcome per event, in order. */
  applyEvents(tenantId: string, events: readonly LoanEvent[]): Promise<Result<LoanRow, LoanBookErrorCode>[]>;
  /**
   * Collects from many loans at once (an auto-debit run): for each, a repayment on `on` of what
   * `amountDue` reads from the loan as locked, in one transaction with one read of the loans; at most
   * limits.loanEventBatchMax. One outcome per collection, in order: null when the loan is unknown or
   * owes nothing by `amountDue` (no event, nothing written).
   */
  collect(tenantId: string, on: LocalDate, collections: readonly DueCollection[], amountDue: (loan: LoanRow) => bigint): Promise<(Result<LoanRow, LoanBookErrorCode> | null)[]>;
}

export interface DueCollection {
  readonly loanId: string;
  /** The repayment's client id, replayed as in `applyEvents` (the first outcome, or `client_id_reused`). */
  readonly clientId: string;
}


export function createLoanBatches(deps: LoanBookDeps): LoanBatches {
  const { db, ledger, clock } = deps;

  /** The loans with these ids, locked in id order, by id. */
  const lockLoans = async (tx: Sql, tenantId: string, loanIds: readonly string[]): Promise<Map<string, LoanRow>> =>
    new Map((await selectLoans(tx, tenantId, [...new Set(loanIds)], true)).map((l) => [l.id, l]));

  /** Applies `events` to `loans`, the events' loans locked by `lockLoans` in `tx`. */
  const applyToLocked = async (tx: Sql, tenantId: string, events: readonly LoanEvent[], loans: Map<string, LoanRow>): Promise<Result<LoanRow, LoanBookErrorCode>[]> => {
    const previousRows = await tx.query<{ client_id: string; loan_id: string; type: string; occurred_on: string; amount_minor: bigint }>(
      'SELECT client_id, loan_id, type, occurred_on, amount_minor FROM lending_loan_events WHERE tenant_id = $1 AND client_id = ANY($2::text[])',
      [tenantId, events.map((e) => e.clientId)],
    );
    const previous = new Map(previousRows.map((r) => [r.client_id, { loanId: r.loan_id, type: r.type, on: r.occurred_on, amountMinor: r.amount_minor }]));
    const openDate = await openBusinessDate(tx, tenantId);
    const transfers: TransferInput[] = [];
    const journal: LoanEventRecord[] = [];
    const changed = new Map<string, { loan: LoanRow; added: number }>();

    const outcomes = events.map((event): Result<LoanRow, LoanBookErrorCode> => {
      const loan = loans.get(event.loanId);
      if (!loan) return err('loan_not_found');
      const earlier = previous.get(event.clientId);
      if (earlier) {
        const same = earlier.loanId === event.loanId && earlier.type === event.type && earlier.on === event.on && earlier.amountMinor === event.amountMinor;
        return same ? ok(loan) : err('client_id_reused', 'the event id was used for another event');
      }
      if (openDate !== null && event.on > openDate) return err('date_not_open', `the open business date is ${openDate}`, 'on');
      const planned = planEvent(deps, loan, event.type, event);
      if (!planned.ok) return planned;
      const { state, seq, allocation } = planned.value;
      transfers.push(...planned.value.transfers);
      const next: LoanRow = { ...loan, state, events: seq };
      loans.set(loan.id, next);
      changed.set(loan.id, { loan: next, added: (changed.get(loan.id)?.added ?? 0) + 1 });
      previous.set(event.clientId, { loanId: event.loanId, type: event.type, on: event.on, amountMinor: event.amountMinor });
      journal.push({ loanId: loan.id, seq, type: event.type, on: event.on, amountMinor: event.amountMinor, clientId: event.clientId, allocation });
      return ok(next);
    });

    await postTransfers(ledger, tx, tenantId, transfers);
    const updates: LoanStateUpdate[] = [...changed.values()].map(({ loan, added }) => ({ id: loan.id, terms: loan.terms, state: loan.state, eventsAdded: added }));
    await updateLoanStates(tx, tenantId, updates);
    await insertLoanEvents(tx, tenantId, journal, clock.now());
    return outcomes;
  };

  const checkBatchSize = (size: number): void => assert(size <= limits.loanEventBatchMax, `a loan event batch holds at most ${limits.loanEventBatchMax} events`);

  return {
    async applyEvents(tenantId, events) {
      checkBatchSize(events.length);
      if (events.length === 0) return [];
      return db.transaction(async (tx) => applyToLocked(tx, tenantId, events, await lockLoans(tx, tenantId, events.map((e) => e.loanId))));
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
        const outcomes = events.length === 0 ? [] : await applyToLocked(tx, tenantId, events, loans);
        return eventOf.map((at) => (at < 0 ? null : (outcomes[at] as Result<LoanRow, LoanBookErrorCode>)));
      });
    },
  };
}
