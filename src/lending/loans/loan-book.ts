/**
 * The loan book: opens loans (in the caller's transaction, many at once as a batch of drawdowns
 * needs) and applies events (a borrower's repayments, refunds and recoveries, a lender's waivers,
 * and reversals of any of them: loan-reversal.ts) to them, each in one database transaction that
 * locks the loan, runs the pure servicing operation, posts its ledger transfers, writes the new
 * state and appends the event to the loan's journal (event-writes.ts). An event that servicing
 * refuses writes nothing. Events carry a client id: a replay answers the first outcome.
 */
import type { Database, Sql } from '../../db/database.ts';
import type { Clock } from '../../kernel/instant.ts';
import { addDays, type LocalDate } from '../../kernel/local-date.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import type { Ledger } from '../../ledger/ledger.ts';
import type { TransferInput } from '../../ledger/types.ts';
import {
  applyEvent,
  eventAllocation,
  openLoan,
  payoffQuote,
  type EventAllocation,
  type EventType,
  type LoanState,
  type LoanTerms,
  type Posting,
  type ServicingErrorCode,
} from '../servicing/index.ts';
import { pageLimit, type Page, type PageRequest } from '../../kernel/paging.ts';
import { closeDaysThrough } from './close-days.ts';
import { openBusinessDate, postTransfers, writeEvents } from './event-writes.ts';
import { selectLoanEventPage, selectLoanEventsByClientIds, type JournaledLoanEvent } from './loan-events.ts';
import { insertLoans, selectLoan, selectLoanPage, selectLoans, type LoanFilter, type LoanRow, type LoanStateUpdate } from './loan-rows.ts';
import { reverseOnLocked, type ReversalRequest } from './loan-reversal.ts';
import { postingsToTransfers, type RoleAccounts } from './postings-to-transfers.ts';

/** A loan event's type: servicing's (repayment, refund, recovery, waiver). */
export type LoanEventType = EventType;

export type LoanBookErrorCode =
  | ServicingErrorCode
  | 'loan_not_found'
  | 'loan_exists'
  | 'loan_id_too_long'
  | 'invalid_terms'
  | 'client_id_reused'
  | 'event_not_found'
  | 'event_not_reversible'
  | 'event_already_reversed'
  | 'reversal_conflicts'
  | 'history_too_long';

/**
 * The transfers that give principal coming back to the loan's credit line, if any: posted in the
 * event's own ledger request, so a line's limit is restored with the repayment or refund itself.
 * A reversal passes a negative amount: principal put back on the loan takes the limit back.
 */
export type PrincipalReturned = (loan: LoanRow, amountMinor: bigint, eventKey: string, on: LocalDate) => TransferInput[];

export interface LoanBookDeps {
  readonly db: Database;
  readonly ledger: Ledger;
  readonly clock: Clock;
  /** The ledger account of every chart-of-accounts role of a product. */
  readonly accountsOf: (productId: string) => RoleAccounts;
  readonly principalReturned?: PrincipalReturned;
}

export interface OpenLoanRequest {
  readonly tenantId: string;
  readonly loanId: string;
  readonly lineId: string | null;
  readonly customerId: string;
  readonly productId: string;
  readonly productVersion: number;
  /** The contract's terms: the schedule spec and the servicing rules; stored as signed. */
  readonly terms: LoanTerms;
}

/** A borrower event on a loan. */
export interface LoanEvent extends LoanEventRequest {
  readonly loanId: string;
  readonly type: LoanEventType;
}

export interface LoanEventRequest {
  readonly clientId: string;
  readonly on: LocalDate;
  readonly amountMinor: bigint;
}

export interface LoanBook {
  /**
   * Books loans and their disbursements inside the caller's transaction: one insert and one ledger
   * posting for them all. One outcome per request, in order; a refused loan writes nothing.
   */
  open(tx: Sql, requests: readonly OpenLoanRequest[]): Promise<Result<LoanState, LoanBookErrorCode>[]>;
  /**
   * Books loans as `open` does but posts nothing: each booked loan comes back with its disbursement
   * transfers, which the caller must post in the same transaction (to post them in a ledger request
   * of its own making, with transfers of its own).
   */
  book(tx: Sql, requests: readonly OpenLoanRequest[]): Promise<Result<BookedLoan, LoanBookErrorCode>[]>;
  /**
   * Applies an event: the loan after it and the event as journaled (a replay answers the first event
   * and the loan as it is). With `dryRun`, what it would answer, with nothing written: the same code
   * runs in a transaction that is always rolled back.
   */
  apply(tenantId: string, loanId: string, type: LoanEventType, event: LoanEventRequest, dryRun?: boolean): Promise<Result<AppliedEvent, LoanBookErrorCode>>;
  /** Reverses a booked event (loan-reversal.ts): the loan as if it had never happened; `dryRun` as for `apply`. */
  reverse(tenantId: string, loanId: string, request: ReversalRequest, dryRun?: boolean): Promise<Result<AppliedEvent, LoanBookErrorCode>>;
  payoffQuote(tenantId: string, loanId: string, on: LocalDate): Promise<Result<bigint, LoanBookErrorCode>>;
  get(tenantId: string, loanId: string): Promise<LoanRow | null>;
  /** The loans with these ids (unknown ids are left out); callers bound the list they pass. */
  getMany(tenantId: string, loanIds: readonly string[]): Promise<LoanRow[]>;
  list(tenantId: string, filter: LoanFilter, page: PageRequest): Promise<Page<LoanRow>>;
  /** A loan's events in journal order after event `afterSeq` (default: from the first). */
  events(tenantId: string, loanId: string, page: { afterSeq?: number; limit?: number }): Promise<Page<JournaledLoanEvent>>;
  /** The day after the last business date end of day closed; null before the first. */
  openBusinessDate(tenantId: string): Promise<LocalDate | null>;
}

/** A loan as an event left it, and the event as journaled. */
export interface AppliedEvent {
  readonly loan: LoanRow;
  readonly event: JournaledLoanEvent;
}

/** Thrown out of a preview's transaction to roll it back, carrying what it would have answered. */
class Previewed extends Error {
  constructor(readonly outcome: Result<AppliedEvent, LoanBookErrorCode>) {
    super('an event previewed, rolled back');
  }
}

/** A loan booked and not yet disbursed: its opening state and the transfers that disburse it. */
export interface BookedLoan {
  readonly state: LoanState;
  readonly disbursements: TransferInput[];
}

/** A loan about to be booked: its request and what servicing opens it with. */
interface Opening {
  readonly request: OpenLoanRequest;
  readonly state: LoanState;
  readonly postings: readonly Posting[];
}

/** Loan ids leave room for the transfer ids derived from them (64 characters at most). */
export const LOAN_ID_LENGTH_MAX = 40;

/** What an event does to a loan: its state after, its journal seq, what it took off the loan, and every transfer it posts. */
export interface PlannedEvent {
  readonly state: LoanState;
  readonly seq: number;
  readonly allocation: EventAllocation | null;
  readonly transfers: TransferInput[];
}

/**
 * Plans one event on a loan as read under lock (shared with the batch path, loan-batches.ts): first
 * the days end of day left the loan alone — asleep between due dates, or no longer active (a recovery
 * after write-off) — which post nothing; then the servicing operation and its postings, keyed by the
 * event's journal seq; then the transfer restoring the line's limit by the principal that came back
 * (none for a recovery). Pure.
 */
export function planEvent(deps: Pick<LoanBookDeps, 'accountsOf' | 'principalReturned'>, loan: LoanRow, type: LoanEventType, event: LoanEventRequest): Result<PlannedEvent, LoanBookErrorCode> {
  const accounts = deps.accountsOf(loan.productId);
  const caughtUp = event.on > loan.state.openOn ? closeDaysThrough(loan.id, loan.terms, loan.state, addDays(event.on, -1), accounts) : { state: loan.state, transfers: [] };
  const step = applyEvent(type, caughtUp.state, loan.terms, event.on, event.amountMinor);
  if (!step.ok) return step;
  const seq = loan.events + 1;
  const eventKey = `e${seq}`;
  const returned = loan.state.principalOutstandingMinor - step.value.state.principalOutstandingMinor;
  const restore = returned > 0n && type !== 'recovery' ? (deps.principalReturned?.(loan, returned, eventKey, event.on) ?? []) : [];
  const transfers = [...caughtUp.transfers, ...postingsToTransfers(step.value.postings, accounts, loan.id, eventKey, loan.currency, event.on), ...restore];
  return ok({ state: step.value.state, seq, allocation: eventAllocation(type, step.value.postings), transfers });
}

/** The loans with these ids, locked in id order (so that batches never deadlock), by id. */
export async function lockLoans(tx: Sql, tenantId: string, loanIds: readonly string[]): Promise<Map<string, LoanRow>> {
  return new Map((await selectLoans(tx, tenantId, [...new Set(loanIds)], true)).map((l) => [l.id, l]));
}

/**
 * Applies `events` in order to `loans`, the events' loans locked by `lockLoans` in `tx`: the one
 * implementation of an event, whether it comes alone (`LoanBook.apply`) or in a batch
 * (loan-batches.ts). Each event is answered as if it came alone: a replay of its client id answers
 * the loan, an id used for another event `client_id_reused`, a refusal writes nothing of its own.
 * All transfers, states and journal rows are written at the end, a statement or ledger request each.
 */
export async function applyEventsToLocked(
  deps: LoanBookDeps,
  tx: Sql,
  tenantId: string,
  events: readonly LoanEvent[],
  loans: Map<string, LoanRow>,
): Promise<Result<AppliedEvent, LoanBookErrorCode>[]> {
  const previous = await selectLoanEventsByClientIds(tx, tenantId, events.map((e) => e.clientId));
  const openDate = await openBusinessDate(tx, tenantId);
  const recordedAt = deps.clock.now();
  const transfers: TransferInput[] = [];
  const journal: JournaledLoanEvent[] = [];
  const changed = new Map<string, { loan: LoanRow; added: number }>();

  const outcomes = events.map((event): Result<AppliedEvent, LoanBookErrorCode> => {
    const loan = loans.get(event.loanId);
    if (!loan) return err('loan_not_found');
    const earlier = previous.get(event.clientId);
    if (earlier) {
      const same = earlier.loanId === event.loanId && earlier.type === event.type && earlier.on === event.on && earlier.amountMinor === event.amountMinor;
      return same ? ok({ loan, event: earlier }) : err('client_id_reused', 'the event id was used for another event');
    }
    if (openDate !== null && event.on > openDate) return err('date_not_open', `the open business date is ${openDate}`, 'on');
    const planned = planEvent(deps, loan, event.type, event);
    if (!planned.ok) return planned;
    const { state, seq, allocation } = planned.value;
    transfers.push(...planned.value.transfers);
    const next: LoanRow = { ...loan, state, events: seq };
    loans.set(loan.id, next);
    changed.set(loan.id, { loan: next, added: (changed.get(loan.id)?.added ?? 0) + 1 });
    const journaled: JournaledLoanEvent = {
      loanId: loan.id, seq, type: event.type, on: event.on, amountMinor: event.amountMinor, clientId: event.clientId, allocation, recordedAt, reverses: null, reversedBy: null,
    };
    previous.set(event.clientId, journaled);
    journal.push(journaled);
    return ok({ loan: next, event: journaled });
  });

  const updates: LoanStateUpdate[] = [...changed.values()].map(({ loan, added }) => ({ id: loan.id, terms: loan.terms, state: loan.state, eventsAdded: added }));
  await writeEvents(deps.ledger, tx, tenantId, { transfers, updates, journal, recordedAt });
  return outcomes;
}

export function createLoanBook(deps: LoanBookDeps): LoanBook {
  const { db, ledger, clock } = deps;

  /** Runs `work` on the loan, locked in a transaction of its own; a dry run rolls it back and answers what it would have. */
  const onLockedLoan = async (
    tenantId: string,
    loanId: string,
    dryRun: boolean,
    work: (tx: Sql, loans: Map<string, LoanRow>) => Promise<Result<AppliedEvent, LoanBookErrorCode>>,
  ): Promise<Result<AppliedEvent, LoanBookErrorCode>> => {
    try {
      return await db.transaction(async (tx) => {
        const outcome = await work(tx, await lockLoans(tx, tenantId, [loanId]));
        if (dryRun) throw new Previewed(outcome);
        return outcome;
      });
    } catch (error) {
      if (error instanceof Previewed) return error.outcome;
      throw error;
    }
  };

  const book: LoanBook['book'] = async (tx, requests) => {
    const outcomes = requests.map((request): Result<Opening, LoanBookErrorCode> => {
      if (request.loanId.length > LOAN_ID_LENGTH_MAX) return err('loan_id_too_long', `loan ids are at most ${LOAN_ID_LENGTH_MAX} characters`);
      const opened = openLoan(request.terms);
      return opened.ok ? ok({ request, ...opened.value }) : err('invalid_terms', opened.message);
    });
    const openings = outcomes.flatMap((o) => (o.ok ? [o.value] : []));
    // The insert is the existence check: an existing loan is left as it is and nothing is posted.
    const inserted = await insertLoans(tx, openings.map(({ request, state }) => ({ ...request, id: request.loanId, state, createdAt: clock.now() })));
    return outcomes.map((o) => {
      if (!o.ok) return o;
      const { request, state, postings } = o.value;
      if (!inserted.has(request.loanId)) return err('loan_exists');
      return ok({ state, disbursements: postingsToTransfers(postings, deps.accountsOf(request.productId), request.loanId, 'open', state.currency, state.disbursedOn) });
    });
  };

  return {
    async open(tx, requests) {
      const booked = await book(tx, requests);
      const byTenant = new Map<string, TransferInput[]>();
      booked.forEach((b, i) => {
        if (!b.ok) return;
        const tenantId = (requests[i] as OpenLoanRequest).tenantId;
        byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), ...b.value.disbursements]);
      });
      for (const [tenantId, transfers] of byTenant) await postTransfers(ledger, tx, tenantId, transfers);
      return booked.map((b) => (b.ok ? ok(b.value.state) : b));
    },

    book,

    apply: (tenantId, loanId, type, event, dryRun = false) =>
      onLockedLoan(tenantId, loanId, dryRun, async (tx, loans) => {
        const [outcome] = await applyEventsToLocked(deps, tx, tenantId, [{ ...event, loanId, type }], loans);
        return outcome as Result<AppliedEvent, LoanBookErrorCode>;
      }),

    reverse: (tenantId, loanId, request, dryRun = false) =>
      onLockedLoan(tenantId, loanId, dryRun, (tx, loans) => reverseOnLocked(deps, tx, tenantId, loans.get(loanId), request)),

    async payoffQuote(tenantId, loanId, on) {
      const loan = await selectLoan(db, tenantId, loanId, false);
      if (!loan) return err('loan_not_found');
      return payoffQuote(loan.state, loan.terms, on);
    },

    get: (tenantId, loanId) => selectLoan(db, tenantId, loanId, false),
    getMany: (tenantId, loanIds) => selectLoans(db, tenantId, [...new Set(loanIds)], false),
    list: (tenantId, filter, page) => selectLoanPage(db, tenantId, filter, page.cursor ?? null, pageLimit(page)),
    events: (tenantId, loanId, page) => selectLoanEventPage(db, tenantId, loanId, page.afterSeq ?? 0, pageLimit(page)),
    openBusinessDate: (tenantId) => openBusinessDate(db, tenantId),
  };
}
