/**
 * Using a credit line: cash drawdowns and purchases. A drawdown is quoted under the line's contract
 * (refused if compliance says no), then — in one transaction — recorded with its schedule, posted
 * against the limit on the ledger, and handed to the loan opener; the ledger's balance check under
 * its row lock is what keeps the available limit from going negative however many requests race. Drawdowns come one at a time or many at once (`drawMany`, an order file or a day of
 * checkouts: one statement or ledger request per step for the whole batch), through the same code;
 * a checkout hold's capture opens its purchase through it too (checkout-holds.ts, which the line's
 * service includes). A refused request writes nothing, and in a batch leaves the others alone.
 * Lines are read through the cache of records that never change (records.ts), shared with the
 * applications that open them; a line's status (frozen, closed: line-status.ts) is read apart,
 * after posting, so a frozen or closed line takes no drawdown, hold or capture. Its status and limit
 * change here too (line-status.ts, line-limits.ts).
 */
import type { Sql } from '../../db/database.ts';
import { selectByIds } from '../../db/select-by-ids.ts';
import { assert } from '../../kernel/assert.ts';
import { coalesceByTenant } from '../../kernel/coalesce.ts';
import { businessDateOf } from '../../kernel/instant.ts';
import { limits } from '../../kernel/limits.ts';
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
import { createCheckoutHolds, type CheckoutHolds } from './checkout-holds.ts';
import { drawTransfer, lineAccountId, lineUsageOf, overLimitAccountId, type LineUsage } from './credit-limits.ts';
import { parseRequestAmount, postingRefusal, quoteOnLine, type LineRequestResultCode } from './line-requests.ts';
import type { LoanOpener, OpenLoanRequest } from './loan-opener.ts';
import type { Quote } from './quote.ts';
import {
  drawdownFromRow,
  drawdownToRow,
  lineFromRow,
  refuse,
  selectOne,
  settled,
  SELECT_LINES,
  type CreditLine,
  type Drawdown,
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

/** A line's status, limit now and usage. */
export interface LineStanding extends LineUsage {
  readonly limitMinor: bigint;
  readonly status: LineStatus;
}

export interface Drawdowns extends CheckoutHolds {
  draw(tenantId: string, lineId: string, request: DrawdownRequest): Promise<Result<Saved<Drawdown>, LineRequestResultCode>>;
  /** Many drawdowns (at most limits.drawdownBatchMax) in one transaction; one outcome per request, in order. */
  drawMany(tenantId: string, requests: readonly BatchDrawdownRequest[]): Promise<Result<Saved<Drawdown>, LineRequestResultCode>[]>;
  getDrawdown(tenantId: string, id: string): Promise<Drawdown | null>;
  listDrawdowns(tenantId: string, lineId: string, page: PageRequest): Promise<Page<Drawdown>>;
  /** Freezes, unfreezes or closes a line (line-status.ts): its status after. */
  changeStatus(tenantId: string, lineId: string, change: { status: LineStatus; reason: string }): Promise<Result<LineStatus, LineRequestResultCode>>;
  /** Raises or lowers a line's limit (line-limits.ts), a decimal string in its currency: the limit after. */
  changeLimit(tenantId: string, lineId: string, change: { limit: string; reason: string }): Promise<Result<bigint, LineRequestResultCode>>;
  /** A line's status or limit changes, oldest first, after seq `afterSeq`. */
  changes(tenantId: string, lineId: string, log: 'status' | 'limit', page: { afterSeq?: number; limit?: number }): Promise<Page<LineChange<LineStatus | bigint>>>;
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


/** Thrown out of a run of drawdowns that refused any, to roll its transaction back; carries its outcomes. */
class RefusedRun extends Error {
  constructor(readonly outcomes: Result<Drawdown, LineRequestResultCode>[]) {
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

  /**
   * Records the drawdowns, posts their limit postings and opens their loans, each step one statement or
   * ledger request for the whole batch. A drawdown refused at any step (its id used, the limit
   * exceeded, the loan refused) must write nothing, not even a spent ledger id: a run is one
   * transaction that stops at the first step refusing any and is rolled back whole, and the next run
   * goes without the refused. Every run that refuses removes at least one drawdown, so the runs end.
   * The common batch, refused nowhere, is one transaction and no savepoint.
   */
  const openDrawdowns = async (tenantId: string, planned: readonly PlannedDrawdown[]): Promise<Result<Drawdown, LineRequestResultCode>[]> => {
    const outcomes: (Result<Drawdown, LineRequestResultCode> | null)[] = planned.map(() => null);
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
    return outcomes.map((o) => o as Result<Drawdown, LineRequestResultCode>);
  };

  /** Opens one drawdown in the caller's `refusable` transaction: a refusal rolls all of it back. */
  const openOne = async (tx: Sql, tenantId: string, planned: PlannedDrawdown): Promise<Drawdown> => {
    const [only] = (await tryOpening(tx, tenantId, [planned])) as [Result<Drawdown, LineRequestResultCode>];
    if (!only.ok) refuse(only.code, only.message, only.param);
    return only.value;
  };

  /**
   * One run of `openDrawdowns` in `tx`: the drawdowns recorded, then, if none was refused, their loans
   * booked, and the limit postings and the loans' disbursements posted in one ledger request. A
   * drawdown whose limit posting is refused answers that refusal, before its loan's; the run is then
   * rolled back whole, so the disbursements of refused drawdowns, posted alongside, never commit.
   */
  const tryOpening = async (tx: Sql, tenantId: string, planned: readonly PlannedDrawdown[]): Promise<Result<Drawdown, LineRequestResultCode>[]> => {
    const now = clock.now();
    const drawdowns = planned.map((d): Drawdown => ({
      id: d.id, lineId: d.line.id, loanId: d.loanId, kind: d.kind, holdId: d.holdId, merchantId: d.merchantId, purpose: d.purpose, currency: d.line.currency,
      principalMinor: d.principalMinor, term: d.term, disbursedOn: d.disbursedOn, schedule: scheduleToJson(d.quote.schedule),
      aprPercent: d.quote.aprPercent.toFixed(4), createdAt: now,
    }));
    const rows = await tx.query<{ loan_id: string }>(INSERT_DRAWDOWNS, [tenantId, JSON.stringify(drawdowns.map(drawdownToRow))]);
    // A row is this drawdown's only if it carries its loan: an id given twice in one batch is inserted once.
    const inserted = new Set(rows.map((r) => r.loan_id));
    const outcomes: Result<Drawdown, LineRequestResultCode>[] = drawdowns.map((d) => (inserted.has(d.loanId) ? ok(d) : err('id_reused', `drawdown ${d.id} exists`, 'id')));
    const refuseWhere = (indexes: readonly number[], refusals: readonly (Err<LineRequestResultCode> | null)[]): void =>
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
  ): Result<PlannedDrawdown, LineRequestResultCode> => {
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
    const replayOf = (request: BatchDrawdownRequest, principalMinor: bigint, d: Drawdown): Result<Saved<Drawdown>, LineRequestResultCode> => {
      const same = d.lineId === request.lineId && d.kind === kindOf(request) && d.principalMinor === principalMinor && d.term === request.term
        && d.purpose === (request.purpose ?? null) && d.merchantId === (request.merchantId ?? null);
      return same ? ok({ value: d, created: false }) : err('id_reused', `drawdown ${d.id} was made from another request`, 'id');
    };

    // Filled in request order; a planned drawdown's outcome waits for the transaction.
    const outcomes: (Result<Saved<Drawdown>, LineRequestResultCode> | null)[] = [];
    const planned: { at: number; drawdown: PlannedDrawdown; principalMinor: bigint }[] = [];
    requests.forEach((request, at) => {
      const line = lines.get(request.lineId);
      const principal = line === undefined ? null : parseRequestAmount(request.amount, line.currency, 'amount');
      const earlier = request.id === undefined ? undefined : existing.get(request.id);
      let outcome: Result<Saved<Drawdown>, LineRequestResultCode> | null = null;
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
      const limit = parseRequestAmount(change.limit, line.currency, 'limit');
      if (!limit.ok) return limit;
      return changeLineLimit({ db, ledger, clock }, tenantId, line, { limitMinor: limit.value, reason: change.reason });
    },

    changes: (tenantId, lineId, log, page) => changePage(db, log === 'status' ? STATUS_LOG : LIMIT_LOG, tenantId, lineId, page.afterSeq ?? 0, pageLimit(page)),

    usage: lineUsage,
    ...createCheckoutHolds(deps, { getLine, getDrawdown, plan, openOne }),
  };
}
