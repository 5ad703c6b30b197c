/**
 * The loan book's rows: reading loans (under lock when they are about to change) and writing their
 * new state together with the columns the end of day and the reconciliation query (status, open
 * business date, days past due, bucket, the four receivable balances, the principal written off and
 * the credit balance).
 * The terms and state are JSON text, the state in the compact form of stored-state.ts.
 */
import type { Sql } from '../../db/database.ts';
import type { LocalDate } from '../../kernel/local-date.ts';
import { parseWithBigints, stringifyWithBigints } from '../../kernel/bigint-json.ts';
import { toPage, type Page } from '../../kernel/paging.ts';
import { deserializeLoanState, nextCloseNeededOn, type Bucket, type LoanState, type LoanTerms } from '../servicing/index.ts';
import { decodeLoanState, encodeLoanState, type StoredLoanState } from './stored-state.ts';

export interface LoanRow {
  readonly tenantId: string;
  readonly id: string;
  readonly lineId: string | null;
  readonly customerId: string;
  readonly productId: string;
  readonly productVersion: number;
  readonly currency: string;
  readonly principalMinor: bigint;
  readonly disbursedOn: LocalDate;
  readonly terms: LoanTerms;
  readonly state: LoanState;
  readonly events: number;
  readonly createdAt: string;
}

interface DbRow {
  tenant_id: string;
  id: string;
  line_id: string | null;
  customer_id: string;
  product_id: string;
  product_version: number;
  currency: string;
  principal_minor: bigint;
  disbursed_on: string;
  terms: string;
  state: string;
  events: number;
  created_at: string;
}

const COLUMNS = 'tenant_id, id, line_id, customer_id, product_id, product_version, currency, principal_minor, disbursed_on, terms, state, events, created_at';

/**
 * The compact stored form, or the generic serialised form rows written before it still carry (with
 * no credit balance where migration 0264 found none).
 */
function storedStateOf(text: string): LoanState {
  const json = JSON.parse(text) as { v?: number };
  if (json.v === 1) return decodeLoanState(json as StoredLoanState);
  const state = deserializeLoanState(json as never) as Omit<LoanState, 'creditBalanceMinor'> & { creditBalanceMinor?: bigint };
  return { ...state, creditBalanceMinor: state.creditBalanceMinor ?? 0n };
}

function fromDb(r: DbRow): LoanRow {
  return {
    tenantId: r.tenant_id,
    id: r.id,
    lineId: r.line_id,
    customerId: r.customer_id,
    productId: r.product_id,
    productVersion: r.product_version,
    currency: r.currency,
    principalMinor: r.principal_minor,
    disbursedOn: r.disbursed_on as LocalDate,
    terms: parseWithBigints<LoanTerms>(r.terms),
    state: storedStateOf(r.state),
    events: r.events,
    createdAt: r.created_at,
  };
}

export async function selectLoan(sql: Sql, tenantId: string, loanId: string, forUpdate: boolean): Promise<LoanRow | null> {
  const rows = await sql.query<DbRow & Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM lending_loans WHERE tenant_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId, loanId],
  );
  return rows[0] ? fromDb(rows[0]) : null;
}

export interface LoanFilter {
  readonly customerId?: string;
  readonly lineId?: string;
  readonly status?: 'active' | 'closed' | 'writtenOff';
  /** As of the loan's last closed business date (end of day ages overdue loans every day). */
  readonly bucket?: Bucket;
  readonly minDaysPastDue?: number;
  /** true: only loans with a credit balance (owing their borrower); false: only those without. */
  readonly withCreditBalance?: boolean;
}

/** Loans in id order after `cursor`, `limit` at a time (the caller bounds `limit`). */
export async function selectLoanPage(sql: Sql, tenantId: string, filter: LoanFilter, cursor: string | null, limit: number): Promise<Page<LoanRow>> {
  const rows = await sql.query<DbRow & Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM lending_loans
     WHERE tenant_id = $1 AND id > $2 AND ($3::text IS NULL OR customer_id = $3) AND ($4::text IS NULL OR line_id = $4)
       AND ($5::text IS NULL OR status = $5) AND ($6::text IS NULL OR bucket = $6) AND ($7::int IS NULL OR days_past_due >= $7)
       AND ($8::bool IS NULL OR (credit_balance_minor > 0) = $8)
     ORDER BY id LIMIT $9`,
    [
      tenantId, cursor ?? '', filter.customerId ?? null, filter.lineId ?? null, filter.status ?? null, filter.bucket ?? null, filter.minDaysPastDue ?? null,
      filter.withCreditBalance ?? null, limit + 1,
    ],
  );
  return toPage(rows, limit, (r) => r.id as string, fromDb);
}

/** The loans with these ids (unknown ids are absent), in id order; locked when about to change. */
export async function selectLoans(sql: Sql, tenantId: string, loanIds: readonly string[], forUpdate: boolean): Promise<LoanRow[]> {
  const rows = await sql.query<DbRow & Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM lending_loans WHERE tenant_id = $1 AND id = ANY($2::text[]) ORDER BY id${forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId, loanIds],
  );
  return rows.map(fromDb);
}

/**
 * The condition, on an active loan, that it is awake on `date` (a SQL expression): it needs a close
 * every day, or the date it sleeps until has come. It selects through `lending_loans_to_close`
 * (migration 0253) without reading the rows of sleeping loans.
 */
export const AWAKE_ON = (date: string): string => `(sleeps_until IS NULL OR sleeps_until <= ${date})`;

/** When a loan sleeps until: its next close, if that is after its open date; null if it closes daily. */
function sleepsUntil(state: LoanState, terms: LoanTerms): LocalDate | null {
  const next = nextCloseNeededOn(state, terms);
  return next !== null && next > state.openOn ? next : null;
}

/** What closing a loan's days reads of it. */
export type LoanToClose = Pick<LoanRow, 'id' | 'productId' | 'terms' | 'state'>;

/**
 * Active loans in `[firstId, lastId]` that need a close on or before `through`, locked; only the
 * columns closing reads (end of day reads hundreds of thousands of rows a run, and every column
 * returned is printed, sent and parsed).
 */
export async function selectLoansToClose(sql: Sql, tenantId: string, firstId: string, lastId: string, through: LocalDate): Promise<LoanToClose[]> {
  const rows = await sql.query<{ id: string; product_id: string; terms: string; state: string }>(
    `SELECT id, product_id, terms, state FROM lending_loans
     WHERE tenant_id = $1 AND id BETWEEN $2 AND $3 AND status = 'active' AND ${AWAKE_ON('$4')} AND close_needed_on <= $4
     ORDER BY id FOR UPDATE`,
    [tenantId, firstId, lastId, through],
  );
  return rows.map((r) => ({ id: r.id, productId: r.product_id, terms: parseWithBigints<LoanTerms>(r.terms), state: storedStateOf(r.state) }));
}

/** A loan about to be stored: its signed terms (stored exactly, bigints tagged, never changed) and opening state. */
export type NewLoan = Pick<LoanRow, 'tenantId' | 'id' | 'lineId' | 'customerId' | 'productId' | 'productVersion' | 'terms' | 'state' | 'createdAt'>;

/**
 * Rows travel to PostgreSQL as one JSON document unpacked by `json_to_recordset`, not as one array
 * parameter per column: node-postgres escapes array elements one by one, which for a chunk of
 * states costs several times the statement itself. The document is `json`, checked but not
 * converted; the terms and state inside it land in their text columns as the JSON text they are.
 */
const BALANCE_COLUMNS = 'pr int8, ir int8, fr int8, penr int8, wo int8, cb int8';

function balanceFields(s: LoanState): { pr: string; ir: string; fr: string; penr: string; wo: string; cb: string } {
  const r = s.receivable;
  const wo = s.writtenOff?.principalMinor ?? 0n;
  return {
    pr: r.principalMinor.toString(), ir: r.interestMinor.toString(), fr: r.feeMinor.toString(), penr: r.penaltyMinor.toString(), wo: wo.toString(),
    cb: s.creditBalanceMinor.toString(),
  };
}

/**
 * Inserts many loans in one statement (a seeded portfolio, or the drawdowns of one request); a loan
 * whose id exists is left as it is. Returns the ids inserted.
 */
export async function insertLoans(sql: Sql, loans: readonly NewLoan[]): Promise<Set<string>> {
  if (loans.length === 0) return new Set();
  const rows = loans.map((l) => ({
    tenant_id: l.tenantId, id: l.id, line_id: l.lineId, customer_id: l.customerId, product_id: l.productId, product_version: l.productVersion,
    currency: l.state.currency, principal_minor: l.terms.spec.principalMinor.toString(), disbursed_on: l.state.disbursedOn,
    terms: l.terms, state: encodeLoanState(l.state), status: l.state.status, open_on: l.state.openOn, dpd: l.state.daysPastDue, bucket: l.state.bucket,
    ...balanceFields(l.state), created_at: l.createdAt, close_needed_on: nextCloseNeededOn(l.state, l.terms),
    sleeps_until: sleepsUntil(l.state, l.terms),
  }));
  const inserted = await sql.query(
    `INSERT INTO lending_loans (tenant_id, id, line_id, customer_id, product_id, product_version, currency, principal_minor, disbursed_on,
       terms, state, status, open_on, days_past_due, bucket, principal_receivable_minor, interest_receivable_minor, fee_receivable_minor,
       penalty_receivable_minor, written_off_principal_minor, credit_balance_minor, created_at, close_needed_on, sleeps_until)
     SELECT tenant_id, id, line_id, customer_id, product_id, product_version, currency, principal_minor, disbursed_on,
       terms, state, status, open_on, dpd, bucket, pr, ir, fr, penr, wo, cb, created_at, close_needed_on, sleeps_until
     FROM json_to_recordset($1::json) AS u(tenant_id text, id text, line_id text, customer_id text, product_id text, product_version int,
       currency text, principal_minor int8, disbursed_on date, terms text, state text, status text, open_on date, dpd int, bucket text,
       ${BALANCE_COLUMNS}, created_at timestamptz, close_needed_on date, sleeps_until date)
     ON CONFLICT (tenant_id, id) DO NOTHING RETURNING id`,
    // The signed terms keep their bigints tagged; every other amount is already a string.
    [stringifyWithBigints(rows)],
  );
  return new Set(inserted.map((r) => r.id as string));
}

/** Writes new states for many loans in one statement; `eventsAdded` counts journal rows written. */
export interface LoanStateUpdate {
  readonly id: string;
  readonly terms: LoanTerms;
  readonly state: LoanState;
  readonly eventsAdded: number;
}

export async function updateLoanStates(sql: Sql, tenantId: string, updates: readonly LoanStateUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  const rows = updates.map(({ id, terms, state: s, eventsAdded }) => ({
    id, state: encodeLoanState(s), status: s.status, open_on: s.openOn, dpd: s.daysPastDue, bucket: s.bucket, ...balanceFields(s), added: eventsAdded,
    close_needed_on: nextCloseNeededOn(s, terms), sleeps_until: sleepsUntil(s, terms),
  }));
  await sql.query(
    `UPDATE lending_loans l SET state = u.state, status = u.status, open_on = u.open_on, days_past_due = u.dpd, bucket = u.bucket,
       principal_receivable_minor = u.pr, interest_receivable_minor = u.ir, fee_receivable_minor = u.fr, penalty_receivable_minor = u.penr,
       written_off_principal_minor = u.wo, credit_balance_minor = u.cb,
       events = l.events + u.added, close_needed_on = u.close_needed_on, sleeps_until = u.sleeps_until
     FROM json_to_recordset($2::json) AS u(id text, state text, status text, open_on date, dpd int, bucket text, ${BALANCE_COLUMNS}, added int,
       close_needed_on date, sleeps_until date)
     WHERE l.tenant_id = $1 AND l.id = u.id`,
    [tenantId, JSON.stringify(rows)],
  );
}
