/**
 * End of day for one tenant and one business date: close the date on every active loan (accrue,
 * age, charge penalties, write off — the servicing engine's `closeDay`), then prove the books: the
 * trial balance of every currency balances and, per product, the loans' receivables equal the
 * ledger's receivable accounts to the cent. Only then is the date closed.
 *
 * Dates close in order, each once: a date already closed answers `business_date_closed`, any other
 * date but the next `business_date_out_of_order`. A tenant's first date to close is the one a run
 * left unfinished, else its earliest active loan's first open day, or today (by the clock, in the
 * tenant's time zone) if that is earlier or it has no loan: closing a date is final, so a mistyped
 * year can never close decades. The loans are cut into chunks of consecutive ids; any number of
 * workers (in this process or others) claim chunks with `FOR UPDATE SKIP LOCKED` and close
 * each chunk in one transaction — its loans, their ledger transfers and the chunk's `done` mark
 * commit together. A crash loses at most the chunks in flight, which the next run takes up again;
 * a loan whose date is already closed is never closed twice (its `open_on` has moved past it).
 */
import type { Database, Sql } from '../../db/database.ts';
import { businessDateOf, type Clock } from '../../kernel/instant.ts';
import { pageLimit, toPage, type Page, type PageRequest } from '../../kernel/paging.ts';
import { addDays, type LocalDate } from '../../kernel/local-date.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import type { Ledger } from '../../ledger/ledger.ts';
import type { TransferInput } from '../../ledger/types.ts';
import { postTransfers } from '../loans/event-writes.ts';
import { AWAKE_ON, selectLoansToClose, updateLoanStates, type LoanStateUpdate } from '../loans/loan-rows.ts';
import { closeDaysThrough } from '../loans/close-days.ts';
import type { RoleAccounts } from '../loans/postings-to-transfers.ts';
import { reconcile, reconciliationToJson, type Reconciliation, type ReconciliationJson } from './reconcile.ts';

export type EndOfDayErrorCode = 'business_date_closed' | 'business_date_out_of_order' | 'reconciliation_failed';

export interface EndOfDayDeps {
  readonly db: Database;
  readonly ledger: Ledger;
  readonly clock: Clock;
  readonly accountsOf: (productId: string) => RoleAccounts;
  /** The tenant's time zone, for today's date (default Asia/Shanghai). */
  readonly timeZone?: string;
}

export interface EndOfDayOptions {
  readonly tenantId: string;
  readonly businessDate: LocalDate;
  /** Concurrent chunk workers in this process (1 on PGlite). */
  readonly workers?: number;
  readonly chunkLoans?: number;
  readonly onProgress?: (progress: { chunksDone: number; chunks: number; loans: number }) => void;
}

export interface EndOfDayReport {
  readonly businessDate: LocalDate;
  readonly loansClosed: number;
  readonly chunks: number;
  readonly reconciliation: Reconciliation;
}

const DEFAULT_CHUNK_LOANS = 1_000;

export async function runEndOfDay(deps: EndOfDayDeps, options: EndOfDayOptions): Promise<Result<EndOfDayReport, EndOfDayErrorCode>> {
  const { db, clock } = deps;
  const { tenantId, businessDate } = options;
  const chunkLoans = options.chunkLoans ?? DEFAULT_CHUNK_LOANS;

  const [calendar] = await db.query<{ closed_through: LocalDate }>('SELECT closed_through FROM lending_business_calendar WHERE tenant_id = $1', [tenantId]);
  if (calendar && businessDate <= calendar.closed_through) return err('business_date_closed', `${businessDate} is closed (closed through ${calendar.closed_through})`);
  const next = calendar ? addDays(calendar.closed_through, 1) : await firstDateToClose(deps, tenantId);
  if (businessDate !== next) return err('business_date_out_of_order', `the next business date to close is ${next}`);

  const chunks = await planChunks(db, tenantId, businessDate, chunkLoans, clock.now());
  let chunksDone = chunks.done;
  let loans = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const closed = await db.transaction((tx) => closeNextChunk(deps, tx, tenantId, businessDate));
      if (closed === null) return;
      chunksDone++;
      loans += closed;
      options.onProgress?.({ chunksDone, chunks: chunks.total, loans });
    }
  };
  const workers = db.engine === 'pglite' ? 1 : Math.max(1, options.workers ?? 4);
  await Promise.all(Array.from({ length: workers }, worker));
  // Loans opened on this date after the chunks were cut are closed in a last pass.
  loans += await db.transaction((tx) => closeLoans(deps, tx, tenantId, businessDate, '', '\uffff'));

  const reconciliation = await reconcile(db, deps.ledger, tenantId);
  if (!reconciliation.tied) return err('reconciliation_failed', `the books do not tie after ${businessDate}: ${reconciliation.breaks.join('; ')}`);
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO lending_business_calendar (tenant_id, closed_through) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET closed_through = EXCLUDED.closed_through`,
      [tenantId, businessDate],
    );
    await tx.query(
      `UPDATE lending_eod_runs SET status = 'closed', closed_at = $3, loans = $4, report = $5 WHERE tenant_id = $1 AND business_date = $2`,
      [tenantId, businessDate, clock.now(), loans, JSON.stringify(reconciliationToJson(reconciliation))],
    );
  });
  return ok({ businessDate, loansClosed: loans, chunks: chunks.total, reconciliation });
}

/**
 * A tenant that has closed no date yet resumes the date a run left unfinished (its loans may all have
 * moved past it), else starts at its earliest active loan's open day, or today if earlier.
 */
async function firstDateToClose(deps: EndOfDayDeps, tenantId: string): Promise<LocalDate> {
  const [unfinished] = await deps.db.query<{ business_date: LocalDate }>(
    "SELECT business_date FROM lending_eod_runs WHERE tenant_id = $1 AND status = 'running' ORDER BY business_date LIMIT 1",
    [tenantId],
  );
  if (unfinished) return unfinished.business_date;
  const today = businessDateOf(deps.clock.now(), deps.timeZone ?? 'Asia/Shanghai');
  const [earliest] = await deps.db.query<{ open_on: LocalDate | null }>(
    "SELECT min(open_on) AS open_on FROM lending_loans WHERE tenant_id = $1 AND status = 'active'",
    [tenantId],
  );
  return earliest?.open_on != null && earliest.open_on < today ? earliest.open_on : today;
}

/** Cuts the date's loans into chunks once; a resumed run finds them already cut. */
async function planChunks(db: Database, tenantId: string, businessDate: LocalDate, chunkLoans: number, now: string): Promise<{ total: number; done: number }> {
  return db.transaction(async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO lending_eod_runs (tenant_id, business_date, status, chunks, loans, started_at) VALUES ($1, $2, 'running', 0, 0, $3)
       ON CONFLICT (tenant_id, business_date) DO NOTHING RETURNING 1`,
      [tenantId, businessDate, now],
    );
    if (inserted.length > 0) {
      await tx.query(
        `INSERT INTO lending_eod_chunks (tenant_id, business_date, chunk, first_loan_id, last_loan_id)
         SELECT $1, $2, chunk, min(id), max(id) FROM (
           SELECT id, ((row_number() OVER (ORDER BY id)) - 1) / $3 AS chunk
           FROM lending_loans WHERE tenant_id = $1 AND status = 'active' AND ${AWAKE_ON('$2')} AND close_needed_on <= $2
         ) numbered GROUP BY chunk`,
        [tenantId, businessDate, chunkLoans],
      );
      await tx.query(
        `UPDATE lending_eod_runs SET chunks = (SELECT count(*) FROM lending_eod_chunks WHERE tenant_id = $1 AND business_date = $2)
         WHERE tenant_id = $1 AND business_date = $2`,
        [tenantId, businessDate],
      );
    }
    const [counts] = await tx.query<{ total: bigint; done: bigint }>(
      `SELECT count(*)::int8 AS total, count(*) FILTER (WHERE done)::int8 AS done FROM lending_eod_chunks WHERE tenant_id = $1 AND business_date = $2`,
      [tenantId, businessDate],
    );
    return { total: Number(counts?.total ?? 0n), done: Number(counts?.done ?? 0n) };
  });
}

/** Claims one open chunk (skipping chunks other workers hold) and closes it; null when none is left. */
async function closeNextChunk(deps: EndOfDayDeps, tx: Sql, tenantId: string, businessDate: LocalDate): Promise<number | null> {
  const [chunk] = await tx.query<{ chunk: number; first_loan_id: string; last_loan_id: string }>(
    `SELECT chunk, first_loan_id, last_loan_id FROM lending_eod_chunks
     WHERE tenant_id = $1 AND business_date = $2 AND NOT done ORDER BY chunk LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [tenantId, businessDate],
  );
  if (!chunk) return null;
  const closed = await closeLoans(deps, tx, tenantId, businessDate, chunk.first_loan_id, chunk.last_loan_id);
  await tx.query(
    'UPDATE lending_eod_chunks SET done = true, loans = $4, done_at = $5 WHERE tenant_id = $1 AND business_date = $2 AND chunk = $3',
    [tenantId, businessDate, chunk.chunk, closed, deps.clock.now()],
  );
  return closed;
}

/** Closes every business date up to `through` on the active loans with ids in `[firstId, lastId]`. */
async function closeLoans(deps: EndOfDayDeps, tx: Sql, tenantId: string, through: LocalDate, firstId: string, lastId: string): Promise<number> {
  const loans = await selectLoansToClose(tx, tenantId, firstId, lastId, through);
  if (loans.length === 0) return 0;
  const transfers: TransferInput[] = [];
  const updates: LoanStateUpdate[] = [];
  for (const loan of loans) {
    const accounts = deps.accountsOf(loan.productId);
    const { state } = closeDaysThrough(loan.id, loan.terms, loan.state, through, accounts, transfers);
    updates.push({ id: loan.id, terms: loan.terms, state, eventsAdded: 0 });
  }
  // The loans first, the ledger last: posting locks the product's accounts, which every chunk's
  // transaction shares, so they are held only from here to the commit.
  await updateLoanStates(tx, tenantId, updates);
  await postTransfers(deps.ledger, tx, tenantId, transfers);
  return loans.length;
}

export interface EndOfDayRun {
  readonly businessDate: LocalDate;
  readonly status: 'running' | 'closed';
  readonly chunks: number;
  readonly chunksDone: number;
  readonly loans: number;
  readonly startedAt: string;
  readonly closedAt: string | null;
  /** The reconciliation of a closed date; null while running. */
  readonly report: ReconciliationJson | null;
}

type EndOfDayRunRow = {
  business_date: LocalDate;
  status: 'running' | 'closed';
  chunks: number;
  loans: number;
  started_at: string;
  closed_at: string | null;
  report: ReconciliationJson | null;
  done: bigint;
};

const SELECT_RUNS = `SELECT r.business_date, r.status, r.chunks, r.loans, r.started_at, r.closed_at, r.report,
       (SELECT count(*) FROM lending_eod_chunks c WHERE c.tenant_id = r.tenant_id AND c.business_date = r.business_date AND c.done)::int8 AS done
  FROM lending_eod_runs r`;

function runFromRow(row: EndOfDayRunRow): EndOfDayRun {
  return {
    businessDate: row.business_date, status: row.status, chunks: row.chunks, chunksDone: Number(row.done), loans: row.loans,
    startedAt: row.started_at, closedAt: row.closed_at, report: row.report,
  };
}

/** A tenant's end-of-day run for a date, with its progress; null if none was started. */
export async function readEndOfDayRun(db: Database, tenantId: string, businessDate: LocalDate): Promise<EndOfDayRun | null> {
  const [row] = await db.query<EndOfDayRunRow>(`${SELECT_RUNS} WHERE r.tenant_id = $1 AND r.business_date = $2`, [tenantId, businessDate]);
  return row ? runFromRow(row) : null;
}

/** A tenant's end-of-day runs, the latest business date first; the cursor is the last date shown. */
export async function listEndOfDayRuns(db: Database, tenantId: string, page: PageRequest): Promise<Page<EndOfDayRun>> {
  const limit = pageLimit(page);
  const rows = await db.query<EndOfDayRunRow>(
    `${SELECT_RUNS} WHERE r.tenant_id = $1 AND ($2::date IS NULL OR r.business_date < $2::date) ORDER BY r.business_date DESC LIMIT $3`,
    [tenantId, page.cursor ?? null, limit + 1],
  );
  return toPage(rows, limit, (r) => r.business_date, runFromRow);
}
