/**
 * Using a credit line: cash drawdowns, purchases and checkout holds. A drawdown is quoted under the
 * line's contract (refused if compliance says no), then — in one transaction — recorded with its
 * schedule, posted against the limit on the ledger, and handed to the loan opener; the ledger's
 * balance check under its row lock is what keeps the available limit from going negative however many
 * requests race. Drawdowns come one at a time or many at once (`drawMany`, an order file or a day of
 * checkouts: one statement or ledger request per step for the whole batch), through the same code.
 * A hold is a pending ledger debit of the limit; capturing it posts it (wholly or in part) and opens
 * the purchase's loan in the same way; voiding releases it; its timeout expires it. A refused request
 * writes nothing, and in a batch leaves the others alone. Lines are read through the cache of records
 * that never change (records.ts), shared with the applications that open them; a line's status
 * (frozen, closed: line-status.ts) is read apart, after posting, so a frozen or closed line takes
 * no drawdown, hold or capture.
 */
import type { Row, Sql } from '../../db/database.ts';
import { selectByIds } from '../../db/select-by-ids.ts';
import { assert } from '../../kernel/assert.ts';
import { coalesceByTenant } from '../../kernel/coalesce.ts';
import { businessDateOf, epochMs, instantFromEpochMs } from '../../kernel/instant.ts';
import { limits } from '../../kernel/limits.ts';
import type { LocalDate } from '../../kernel/local-date.ts';
import { parseAmount, type Currency } from '../../kernel/money.ts';
import { err, ok, type Err, type Result } from '../../kernel/result.ts';
import { applyInRequests } from '../../ledger/ledger.ts';
import type { TransferResult } from '../../ledger/result-codes.ts';
import { isTransferSuccess } from '../../ledger/result-codes.ts';
import type { TransferInput } from '../../ledger/types.ts';
import { pageLimit, toPage, type Page, type PageRequest } from '../../kernel/paging.ts';
import type { Saved } from '../products/products.ts';
import { scheduleSpecFor } from '../products/drawdown-terms.ts';
import { scheduleToJson } from '../schedules/schedule-json.ts';
import type { OriginationDeps } from './applications.ts';
import { changePage, type LineChange } from './line-changes.ts';
import { changeLineLimit, LIMIT_LOG, selectLineLimits } from './line-limits.ts';
import { changeLineStatus, selectLineStatuses, STATUS_LOG, unusable, type LineStatus } from './line-status.ts';
import { captureTransfer, drawTransfer, holdTransfer, lineAccountId, lineUsageOf, overLimitAccountId, voidTransfer, type LineUsage } from './credit-limits.ts';
import type { LoanOpener, OpenLoanRequest } from './loan-opener.ts';
import { quoteDrawdown, type Quote, type QuoteErrorCode } from './quote.ts';
import {
  drawdownFromRow,
  drawdownToRow,
  holdFromRow,
  lineFromRow,
  refusable,
  refuse,
  selectOne,
  settled,
  SELECT_HOLD,
  SELECT_LINES,
  type CreditLine,
  type Drawdown,
  type Hold,
  type OriginationResultCode,
} from './records.ts';

export interface DrawdownRequest {
  readonly id?: string;
  readonly amount: string;
  readonly term: number;
  readonly purpose?: string;
}

/** A drawdown in a batch: cash, or with `merchantId` a purchase captured at checkout (no hold). */
export interface BatchDrawdownRequest extends DrawdownRequest {
  readonly lineId: string;
  readonly merchantId?: string;
}

export interface HoldRequest {
  readonly id?: string;
  readonly amount: string;
  readonly term: number;
  readonly merchantId: string;
  readonly reference?: string;
}

export type DrawdownResultCode = OriginationResultCode | QuoteErrorCode | string;

/** A line's status, limit now and usage. */
export interface LineStanding extends LineUsage {
  readonly limitMinor: bigint;
  readonly status: LineStatus;
}

export interface Drawdowns {
  draw(tenantId: string, lineId: string, request: DrawdownRequest): Promise<Result<Saved<Drawdown>, DrawdownResultCode>>;
  /** Many drawdowns (at most limits.drawdownBatchMax) in one transaction; one outcome per request, in order. */
  drawMany(tenantId: string, requests: readonly BatchDrawdownRequest[]): Promise<Result<Saved<Drawdown>, DrawdownResultCode>[]>;
  authorizeHold(tenantId: string, lineId: string, request: HoldRequest): Promise<Result<Saved<Hold>, DrawdownResultCode>>;
  /** Captures `amount` (default: all) of the hold as a purchase loan. */
  captureHold(tenantId: string, holdId: string, request: { amount?: string; drawdownId?: string }): Promise<Result<Saved<Drawdown>, DrawdownResultCode>>;
  voidHold(tenantId: string, holdId: string): Promise<Result<Saved<Hold>, DrawdownResultCode>>;
  getHold(tenantId: string, holdId: string): Promise<Hold | null>;
  getDrawdown(tenantId: string, id: string): Promise<Drawdown | null>;
  listDrawdowns(tenantId: string, lineId: string, page: PageRequest): Promise<Page<Drawdown>>;
  /** A line's holds by id, each with its status now (authorized, captured, voided or expired). */
  listHolds(tenantId: string, lineId: string, page: PageRequest): Promise<Page<Hold>>;
  /** Freezes, unfreezes or closes a line (line-status.ts): its status after. */
  changeStatus(tenantId: string, lineId: string, change: { status: LineStatus; reason: string }): Promise<Result<LineStatus, DrawdownResultCode>>;
  /** Raises or lowers a line's limit (line-limits.ts), a decimal string in its currency: the limit after. */
  changeLimit(tenantId: string, lineId: string, change: { limit: string; reason: string }): Promise<Result<bigint, DrawdownResultCode>>;
  /** A line's status or limit changes, oldest first, after seq `afterSeq`. */
  changes(tenantId: string, lineId: string, log: 'status' | 'limit', page: { afterSeq?: number; limit?: number }): Promise<Page<LineChange<LineStatus | bigint>>>;
  /** The line's available limit, holds and outstanding principal, from its ledger account. */
  /** The line's status and what of its limit is available, held, drawn and over the limit. */
  usage(tenantId: string, line: CreditLine): Promise<LineStanding>;
}

const SELECT_DRAWDOWN = 'SELECT * FROM lending_drawdowns WHERE tenant_id = $1 AND id = $2';
const SELECT_DRAWDOWNS = 'SELECT * FROM lending_drawdowns WHERE tenant_id = $1 AND id = ANY($2::text[])';

const kindOf = (request: BatchDrawdownRequest): 'cash' | 'purchase' => (request.merchantId === undefined ? 'cash' : 'purchase');

/** What the loan opener needs of a drawdown. */
function loanRequest(tenantId: string, d: PlannedDrawdown): OpenLoanRequest {
  const { line } = d;
  return {
    tenantId,
    loanId: d.loanId,
    drawdownId: d.id,
    lineId: line.id,
    customerId: line.customerId,
    productId: line.productId,
    productVersion: line.productVersion,
    currency: line.currency,
    principalMinor: d.principalMinor,
    term: d.term,
    disbursedOn: d.disbursedOn,
    scheduleSpec: scheduleSpecFor(line.terms, line.terms.pricing, d),
    contract: line.terms,
    kind: d.kind,
    purpose: d.purpose,
    merchantId: d.merchantId,
  };
}

/** The amount as minor units of the line's currency, or the code of what is wrong with it. */
function parseLineAmount(text: string, c: Currency, param: string): Result<bigint, OriginationResultCode> {
  const parsed = parseAmount(text, c, { allowZero: false });
  if (parsed.ok) return parsed;
  return err(parsed.code === 'amount_out_of_range' || parsed.code === 'unknown_currency' ? 'invalid_amount' : parsed.code, parsed.message, param);
}

/** Checks a drawdown against the line's contract and quotes it. */
function quoteOnLine(line: CreditLine, principalMinor: bigint, term: number, disbursedOn: LocalDate): Result<Quote, OriginationResultCode | QuoteErrorCode> {
  const doc = line.terms;
  if (principalMinor < doc.amountMinMinor || principalMinor > doc.amountMaxMinor) return err('amount_out_of_range', 'the amount is outside the product\'s minimum and maximum', 'amount');
  if (!doc.terms.includes(term)) return err('term_not_allowed', `the product offers terms ${doc.terms.join(', ')} (${doc.termUnit})`, 'term');
  return quoteDrawdown(doc, doc.pricing, { principalMinor, term, disbursedOn });
}

/** The refusal a limit posting's ledger result means, or null when it was posted. */
function postingRefusal(code: TransferResult): Err<DrawdownResultCode> | null {
  if (isTransferSuccess(code)) return null;
  if (code === 'exceeds_credits') return err('limit_exceeded', 'the amount is more than the line\'s available limit', 'amount');
  if (code === 'pending_transfer_expired') return err('hold_expired', 'the hold timed out and its limit was released');
  if (code === 'pending_transfer_already_voided') return err('hold_already_voided', 'the hold was voided');
  if (code === 'pending_transfer_already_posted') return err('hold_already_captured', 'the hold was captured');
  return err(code);
}

/** A limit posting inside a refusable transaction: a refusal rolls the transaction back. */
function expectPosted(result: Result<TransferResult[], string>): void {
  assert(result.ok, 'one limit posting is a valid ledger request');
  const refusal = postingRefusal(result.value[0] as TransferResult);
  if (refusal !== null) refuse(refusal.code, refusal.message, refusal.param);
}

/** Thrown out of a run of drawdowns that refused any, to roll its transaction back; carries its outcomes. */
class RefusedRun extends Error {
  constructor(readonly outcomes: Result<Drawdown, DrawdownResultCode>[]) {
    super('a drawdown of the run was refused');
  }
}

/** A drawdown ready to be made: its record, its line, its quote and the limit posting that pays for it. */
interface PlannedDrawdown extends Pick<Drawdown, 'id' | 'loanId' | 'kind' | 'holdId' | 'merchantId' | 'purpose' | 'principalMinor' | 'term' | 'disbursedOn'> {
  readonly line: CreditLine;
  readonly quote: Quote;
  readonly posting: TransferInput;
}

/** Inserts drawdowns (an id already used is skipped) and returns the loans of those inserted. */
const INSERT_DRAWDOWNS = `
INSERT INTO lending_drawdowns (tenant_id, id, line_id, loan_id, kind, hold_id, merchant_id, purpose, currency, principal_minor, term, disbursed_on, schedule, apr_percent, created_at)
SELECT $1, d.id, d.line_id, d.loan_id, d.kind, d.hold_id, d.merchant_id, d.purpose, d.currency, d.principal_minor, d.term, d.disbursed_on, d.schedule, d.apr_percent, d.created_at
FROM json_to_recordset($2::json) AS d(id text, line_id text, loan_id text, kind text, hold_id text, merchant_id text, purpose text, currency text,
  principal_minor int8, term int, disbursed_on date, schedule text, apr_percent numeric, created_at timestamptz)
ON CONFLICT DO NOTHING RETURNING loan_id`;

export function createDrawdowns(deps: OriginationDeps & { loans: LoanOpener }): Drawdowns {
  const { db, clock, ids, ledger, loans, caches } = deps;
  const timeZone = deps.timeZone ?? 'Asia/Shanghai';
  // Lines never change once opened: read from the cache shared with the applications that open them.
  const linesById = caches.lines.readThrough(selectByIds(db, SELECT_LINES, lineFromRow));
  const getLine = async (tenantId: string, id: string): Promise<CreditLine | null> => (await linesById(tenantId, [id]))[0] ?? null;
  const getDrawdown = (tenantId: string, id: string) => selectOne(db, SELECT_DRAWDOWN, [tenantId, id], drawdownFromRow);
  const getHold = (tenantId: string, id: string) => selectOne(db, `${SELECT_HOLD} WHERE h.tenant_id = $1 AND h.id = $2`, [tenantId, id], (r) => holdFromRow(r, clock.now()));

  /**
   * Records the drawdowns, posts their limit postings and opens their loans, each step one statement or
   * ledger request for the whole batch. A drawdown refused at any step (its id used, the limit
   * exceeded, the loan refused) must write nothing, not even a spent ledger id: a run is one
   * transaction that stops at the first step refusing any and is rolled back whole, and the next run
   * goes without the refused. Every run that refuses removes at least one drawdown, so the runs end.
   * The common batch, refused nowhere, is one transaction and no savepoint.
   */
  const openDrawdowns = async (tenantId: string, planned: readonly PlannedDrawdown[]): Promise<Result<Drawdown, DrawdownResultCode>[]> => {
    const outcomes: (Result<Drawdown, DrawdownResultCode> | null)[] = planned.map(() => null);
    let pending = planned.map((_, at) => at);
    while (pending.length > 0) {
      const batch = pending.map((at) => planned[at] as PlannedDrawdown);
      const run = await db
        .transaction(async (tx) => {
          const made = await tryOpening(tx, tenantId, batch);
          if (made.some((o) => !o.ok)) throw new RefusedRun(made);
          return made;
        })
        .catch((error: unknown) => {
          if (error instanceof RefusedRun) return error.outcomes;
          throw error;
        });
      const refused = run.some((o) => !o.ok);
      run.forEach((o, i) => {
        if (!o.ok || !refused) outcomes[pending[i] as number] = o;
      });
      if (!refused) break;
      pending = pending.filter((_, i) => run[i]?.ok === true);
    }
    return outcomes.map((o) => o as Result<Drawdown, DrawdownResultCode>);
  };

  /** Opens one drawdown in the caller's `refusable` transaction: a refusal rolls all of it back. */
  const openOne = async (tx: Sql, tenantId: string, planned: PlannedDrawdown): Promise<Drawdown> => {
    const [only] = (await tryOpening(tx, tenantId, [planned])) as [Result<Drawdown, DrawdownResultCode>];
    if (!only.ok) refuse(only.code, only.message, only.param);
    return only.value;
  };

  /**
   * One run of `openDrawdowns` in `tx`: the drawdowns recorded, then, if none was refused, their loans
   * booked, and the limit postings and the loans' disbursements posted in one ledger request. A
   * drawdown whose limit posting is refused answers that refusal, before its loan's; the run is then
   * rolled back whole, so the disbursements of refused drawdowns, posted alongside, never commit.
   */
  const tryOpening = async (tx: Sql, tenantId: string, planned: readonly PlannedDrawdown[]): Promise<Result<Drawdown, DrawdownResultCode>[]> => {
    const now = clock.now();
    const drawdowns = planned.map((d): Drawdown => ({
      id: d.id, lineId: d.line.id, loanId: d.loanId, kind: d.kind, holdId: d.holdId, merchantId: d.merchantId, purpose: d.purpose, currency: d.line.currency,
      principalMinor: d.principalMinor, term: d.term, disbursedOn: d.disbursedOn, schedule: scheduleToJson(d.quote.schedule),
      aprPercent: d.quote.aprPercent.toFixed(4), createdAt: now,
    }));
    const rows = await tx.query<{ loan_id: string }>(INSERT_DRAWDOWNS, [tenantId, JSON.stringify(drawdowns.map(drawdownToRow))]);
    // A row is this drawdown's only if it carries its loan: an id given twice in one batch is inserted once.
    const inserted = new Set(rows.map((r) => r.loan_id));
    const outcomes: Result<Drawdown, DrawdownResultCode>[] = drawdowns.map((d) => (inserted.has(d.loanId) ? ok(d) : err('id_reused', `drawdown ${d.id} exists`, 'id')));
    const refuseWhere = (indexes: readonly number[], refusals: readonly (Err<DrawdownResultCode> | null)[]): void =>
      indexes.forEach((at, i) => {
        const refusal = refusals[i];
        if (refusal) outcomes[at] = refusal;
      });
    const live = (): number[] => outcomes.flatMap((o, i) => (o.ok ? [i] : []));
    const anyRefused = (): boolean => live().length < outcomes.length;

    if (anyRefused()) return outcomes;
    const opening = live();
    const opened = await loans.open(tx, opening.map((i) => loanRequest(tenantId, planned[i] as PlannedDrawdown)));
    const postings = opening.map((i) => (planned[i] as PlannedDrawdown).posting);
    const disbursements = opened.flatMap((o) => (o.ok ? o.value : []));
    const posted = await applyInRequests(ledger, tx, tenantId, [...postings, ...disbursements]);
    posted.slice(postings.length).forEach((code, i) => assert(isTransferSuccess(code), `disbursement ${disbursements[i]?.id} refused by the ledger: ${code}`));
    // Read after posting, under the limit accounts' row locks: a freeze committed first is seen (line-status.ts).
    const statuses = await selectLineStatuses(tx, tenantId, opening.map((i) => (planned[i] as PlannedDrawdown).line.id));
    refuseWhere(opening, opening.map((i, k) =>
      unusable(statuses.get((planned[i] as PlannedDrawdown).line.id)) ?? postingRefusal(posted[k] as TransferResult) ?? (opened[k]?.ok === false ? opened[k] : null)));
    return outcomes;
  };

  /** Quotes a drawdown on its line and plans it, or says why it cannot be made. */
  const plan = (
    line: CreditLine,
    d: { id: string; kind: 'cash' | 'purchase'; holdId: string | null; merchantId: string | null; purpose: string | null; principalMinor: bigint; term: number },
    posting: TransferInput,
  ): Result<PlannedDrawdown, DrawdownResultCode> => {
    const disbursedOn = businessDateOf(clock.now(), timeZone);
    const quote = quoteOnLine(line, d.principalMinor, d.term, disbursedOn);
    if (!quote.ok) return quote;
    return ok({ ...d, line, loanId: ids.next('loan'), disbursedOn, quote: quote.value, posting });
  };

  const drawMany: Drawdowns['drawMany'] = async (tenantId, requests) => {
    assert(requests.length <= limits.drawdownBatchMax, `a drawdown batch holds at most ${limits.drawdownBatchMax} requests`);
    if (requests.length === 0) return [];
    const givenIds = requests.flatMap((r) => (r.id === undefined ? [] : [r.id]));
    // Read at once, each on a connection of its own: both are on the critical path of the batch.
    const [found, drawdownRows] = await Promise.all([
      linesById(tenantId, [...new Set(requests.map((r) => r.lineId))]),
      givenIds.length === 0 ? [] : db.query(SELECT_DRAWDOWNS, [tenantId, givenIds]),
    ]);
    const lines = new Map(found.flatMap((line) => (line === null ? [] : [[line.id, line] as const])));
    const existing = new Map(drawdownRows.map((r) => [r.id as string, drawdownFromRow(r)]));
    const replayOf = (request: BatchDrawdownRequest, principalMinor: bigint, d: Drawdown): Result<Saved<Drawdown>, DrawdownResultCode> => {
      const same = d.lineId === request.lineId && d.kind === kindOf(request) && d.principalMinor === principalMinor && d.term === request.term
        && d.purpose === (request.purpose ?? null) && d.merchantId === (request.merchantId ?? null);
      return same ? ok({ value: d, created: false }) : err('id_reused', `drawdown ${d.id} was made from another request`, 'id');
    };

    // Filled in request order; a planned drawdown's outcome waits for the transaction.
    const outcomes: (Result<Saved<Drawdown>, DrawdownResultCode> | null)[] = [];
    const planned: { at: number; drawdown: PlannedDrawdown; principalMinor: bigint }[] = [];
    requests.forEach((request, at) => {
      const line = lines.get(request.lineId);
      const principal = line === undefined ? null : parseLineAmount(request.amount, line.currency, 'amount');
      const earlier = request.id === undefined ? undefined : existing.get(request.id);
      let outcome: Result<Saved<Drawdown>, DrawdownResultCode> | null = null;
      if (line === undefined) outcome = err('line_not_found', `no credit line ${request.lineId}`, 'lineId');
      else if (!principal?.ok) outcome = principal as Err<OriginationResultCode>;
      else if (earlier !== undefined) outcome = replayOf(request, principal.value, earlier);
      else {
        const id = request.id ?? ids.next('dd');
        const kind = kindOf(request);
        const made = plan(
          line,
          { id, kind, holdId: null, merchantId: request.merchantId ?? null, purpose: request.purpose ?? null, principalMinor: principal.value, term: request.term },
          drawTransfer(id, line.id, line.currency, principal.value),
        );
        if (made.ok) planned.push({ at, drawdown: made.value, principalMinor: principal.value });
        else outcome = made;
      }
      outcomes.push(outcome);
    });
    if (planned.length === 0) return settled(outcomes);
    const made = await openDrawdowns(tenantId, planned.map((p) => p.drawdown));
    const raced: { at: number; id: string; principalMinor: bigint }[] = [];
    made.forEach((m, i) => {
      const { at, drawdown, principalMinor } = planned[i] as (typeof planned)[number];
      if (m.ok) outcomes[at] = ok({ value: m.value, created: true });
      else if (m.code === 'id_reused' && requests[at]?.id !== undefined) raced.push({ at, id: drawdown.id, principalMinor });
      else outcomes[at] = m;
    });
    // A given id another request took meanwhile: a replay if that request was this one.
    for (const { at, id, principalMinor } of raced) {
      const d = await getDrawdown(tenantId, id);
      outcomes[at] = d === null ? err('id_reused', `drawdown ${id} exists`, 'id') : replayOf(requests[at] as BatchDrawdownRequest, principalMinor, d);
    }
    return settled(outcomes);
  };

  const drawOne = coalesceByTenant(drawMany, limits.drawdownBatchMax);

  /** Lines' status and usage from their limit and over-limit accounts, concurrent single reads coalesced into one look-up. */
  const lineUsage = coalesceByTenant(async (tenantId: string, lines: readonly CreditLine[]): Promise<LineStanding[]> => {
    const ids = [...new Set(lines.flatMap((l) => [lineAccountId(l.id), overLimitAccountId(l.id)]))];
    const [found, statuses, limitsNow] = await Promise.all([
      ledger.lookupAccounts(tenantId, ids), selectLineStatuses(db, tenantId, lines.map((l) => l.id)), selectLineLimits(db, tenantId, lines),
    ]);
    const accounts = new Map(found.map((a) => [a.id, a]));
    return lines.map((line) => {
      const account = accounts.get(lineAccountId(line.id));
      const overLimit = accounts.get(overLimitAccountId(line.id));
      assert(account !== undefined && overLimit !== undefined, `line ${line.id} lacks its limit accounts`);
      const limitMinor = limitsNow.get(line.id) ?? line.limitMinor;
      return { ...lineUsageOf(limitMinor, account, overLimit), limitMinor, status: statuses.get(line.id) ?? 'active' };
    });
  }, limits.pageSizeMax);

  return {
    draw: (tenantId, lineId, request) => drawOne(tenantId, { ...request, lineId }),
    drawMany,

    async authorizeHold(tenantId, lineId, request) {
      const line = await getLine(tenantId, lineId);
      if (line === null) return err('line_not_found', `no credit line ${lineId}`, 'lineId');
      const amount = parseLineAmount(request.amount, line.currency, 'amount');
      if (!amount.ok) return amount;
      const same = (h: Hold) => h.lineId === lineId && h.amountMinor === amount.value && h.term === request.term && h.merchantId === request.merchantId && h.reference === (request.reference ?? null);
      const replay = async (id: string) => {
        const existing = await getHold(tenantId, id);
        if (existing === null) return null;
        return same(existing) ? ok({ value: existing, created: false }) : err('id_reused', `hold ${id} was made from another request`, 'id');
      };
      if (request.id !== undefined) {
        const replayed = await replay(request.id);
        if (replayed !== null) return replayed;
      }
      const now = clock.now();
      const quote = quoteOnLine(line, amount.value, request.term, businessDateOf(now, timeZone));
      if (!quote.ok) return quote;
      const id = request.id ?? ids.next('hold');
      const held = await refusable<Row, DrawdownResultCode>(db, async (tx) => {
        // The new hold as SELECT_HOLD reads it: not resolved yet.
        const [row] = await tx.query(
          `INSERT INTO lending_holds (tenant_id, id, line_id, currency, amount_minor, term, merchant_id, reference, expires_at, created_at)
           VALUES ($1, $2, $3, $10, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING
           RETURNING *, NULL::text AS status, NULL::int8 AS captured_minor, NULL::text AS drawdown_id`,
          [tenantId, id, lineId, amount.value, request.term, request.merchantId, request.reference ?? null, instantFromEpochMs(epochMs(now) + limits.checkoutHoldTimeoutSeconds * 1000), now, line.currency],
        );
        if (!row) refuse('id_reused', `hold ${id} exists`, 'id');
        expectPosted(await ledger.applyTransfers(tx, tenantId, [holdTransfer(id, lineId, line.currency, amount.value)]));
        const refusal = unusable((await selectLineStatuses(tx, tenantId, [lineId])).get(lineId));
        if (refusal) refuse(refusal.code, refusal.message);
        return row as Row;
      });
      if (!held.ok) return (held.code === 'id_reused' ? await replay(id) : null) ?? held;
      return ok({ value: holdFromRow(held.value, clock.now()), created: true });
    },

    async captureHold(tenantId, holdId, request) {
      const hold = await getHold(tenantId, holdId);
      if (hold === null) return err('hold_not_found', `no hold ${holdId}`, 'holdId');
      const line = (await getLine(tenantId, hold.lineId)) as CreditLine;
      let amountMinor = hold.amountMinor;
      if (request.amount !== undefined) {
        const parsed = parseLineAmount(request.amount, line.currency, 'amount');
        if (!parsed.ok) return parsed;
        amountMinor = parsed.value;
      }
      if (hold.status === 'captured') {
        const replayed = amountMinor === hold.capturedMinor && (request.drawdownId === undefined || request.drawdownId === hold.drawdownId);
        if (!replayed) return err('hold_already_captured', `hold ${holdId} was captured`, 'holdId');
        return ok({ value: (await getDrawdown(tenantId, hold.drawdownId as string)) as Drawdown, created: false });
      }
      if (hold.status === 'voided') return err('hold_already_voided', `hold ${holdId} was voided`, 'holdId');
      if (hold.status === 'expired') return err('hold_expired', `hold ${holdId} expired at ${hold.expiresAt}`, 'holdId');
      if (amountMinor > hold.amountMinor) return err('capture_exceeds_hold', 'a capture may not exceed the hold', 'amount');
      const id = request.drawdownId ?? ids.next('dd');
      const planned = plan(line, { id, kind: 'purchase', holdId, merchantId: hold.merchantId, purpose: hold.reference, principalMinor: amountMinor, term: hold.term }, captureTransfer(holdId, amountMinor));
      if (!planned.ok) return planned;
      const captured = await refusable<Drawdown, DrawdownResultCode>(db, async (tx) => {
        const [resolution] = await tx.query(
          `INSERT INTO lending_hold_resolutions (tenant_id, hold_id, status, amount_minor, drawdown_id, created_at)
           VALUES ($1, $2, 'captured', $3, $4, $5) ON CONFLICT DO NOTHING RETURNING hold_id`,
          [tenantId, holdId, amountMinor, id, clock.now()],
        );
        if (!resolution) refuse('hold_already_captured', `hold ${holdId} was resolved meanwhile`, 'holdId');
        return openOne(tx, tenantId, planned.value);
      });
      if (captured.ok) return ok({ value: captured.value, created: true });
      return captured;
    },

    async voidHold(tenantId, holdId) {
      const hold = await getHold(tenantId, holdId);
      if (hold === null) return err('hold_not_found', `no hold ${holdId}`, 'holdId');
      if (hold.status === 'voided') return ok({ value: hold, created: false });
      if (hold.status === 'captured') return err('hold_already_captured', `hold ${holdId} was captured`, 'holdId');
      if (hold.status === 'expired') return err('hold_expired', `hold ${holdId} expired at ${hold.expiresAt}`, 'holdId');
      const voided = await refusable<void, DrawdownResultCode>(db, async (tx) => {
        const [resolution] = await tx.query(
          `INSERT INTO lending_hold_resolutions (tenant_id, hold_id, status, amount_minor, created_at)
           VALUES ($1, $2, 'voided', 0, $3) ON CONFLICT DO NOTHING RETURNING hold_id`,
          [tenantId, holdId, clock.now()],
        );
        if (!resolution) refuse('hold_already_captured', `hold ${holdId} was resolved meanwhile`, 'holdId');
        expectPosted(await ledger.applyTransfers(tx, tenantId, [voidTransfer(holdId)]));
      });
      if (!voided.ok) return voided;
      return ok({ value: (await getHold(tenantId, holdId)) as Hold, created: true });
    },

    getHold,
    getDrawdown,

    async listDrawdowns(tenantId, lineId, page) {
      const limit = pageLimit(page);
      const rows = await db.query('SELECT * FROM lending_drawdowns WHERE tenant_id = $1 AND line_id = $2 AND id > $3 ORDER BY id LIMIT $4', [tenantId, lineId, page.cursor ?? '', limit + 1]);
      return toPage(rows, limit, (r) => r.id as string, drawdownFromRow);
    },

    async changeStatus(tenantId, lineId, change) {
      if ((await getLine(tenantId, lineId)) === null) return err('line_not_found', `no credit line ${lineId}`, 'id');
      return changeLineStatus({ db, ledger, clock }, tenantId, lineId, change);
    },

    async changeLimit(tenantId, lineId, change) {
      const line = await getLine(tenantId, lineId);
      if (line === null) return err('line_not_found', `no credit line ${lineId}`, 'id');
      const limit = parseLineAmount(change.limit, line.currency, 'limit');
      if (!limit.ok) return limit;
      return changeLineLimit({ db, ledger, clock }, tenantId, line, { limitMinor: limit.value, reason: change.reason });
    },

    changes: (tenantId, lineId, log, page) => changePage(db, log === 'status' ? STATUS_LOG : LIMIT_LOG, tenantId, lineId, page.afterSeq ?? 0, pageLimit(page)),

    async listHolds(tenantId, lineId, page) {
      const limit = pageLimit(page);
      const rows = await db.query(`${SELECT_HOLD} WHERE h.tenant_id = $1 AND h.line_id = $2 AND h.id > $3 ORDER BY h.id LIMIT $4`, [tenantId, lineId, page.cursor ?? '', limit + 1]);
      const now = clock.now();
      return toPage(rows, limit, (r) => r.id as string, (r) => holdFromRow(r, now));
    },

    usage: lineUsage,

  };
}
