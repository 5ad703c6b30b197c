/**
 * Using a credit line: cash drawdowns and checkout holds. A drawdown is quoted under the line's
 * contract (refused if compliance says no), then — in one transaction — recorded with its schedule,
 * posted against the limit on the ledger, and handed to the loan opener; the ledger's balance check
 * under its row lock is what keeps the available limit from going negative however many requests
 * race. A hold is a pending ledger debit of the limit; capturing it posts it (wholly or in part) and
 * opens the purchase's loan in the same way; voiding releases it; its timeout expires it. Refusals
 * roll the transaction back: nothing is written.
 */
import type { Row, Sql } from '../../db/database.ts';
import { assert } from '../../kernel/assert.ts';
import { businessDateOf, epochMs, instantFromEpochMs } from '../../kernel/instant.ts';
import { limits } from '../../kernel/limits.ts';
import type { LocalDate } from '../../kernel/local-date.ts';
import { parseAmount, type Currency } from '../../kernel/money.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import type { TransferResult } from '../../ledger/result-codes.ts';
import { isTransferSuccess } from '../../ledger/result-codes.ts';
import type { TransferInput } from '../../ledger/types.ts';
import { pageLimit, toPage, type Page, type PageRequest } from '../products/paging.ts';
import type { Saved } from '../products/products.ts';
import { scheduleSpecFor } from '../products/drawdown-terms.ts';
import { scheduleToJson } from '../schedules/schedule-json.ts';
import type { OriginationDeps } from './applications.ts';
import { captureTransfer, drawTransfer, holdTransfer, lineAccountId, lineUsageOf, voidTransfer, type LineUsage } from './credit-limits.ts';
import type { LoanOpener } from './loan-opener.ts';
import { quoteDrawdown, type Quote, type QuoteErrorCode } from './quote.ts';
import {
  drawdownFromRow,
  holdFromRow,
  lineFromRow,
  refusable,
  refuse,
  selectOne,
  SELECT_HOLD,
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

export interface HoldRequest {
  readonly id?: string;
  readonly amount: string;
  readonly term: number;
  readonly merchantId: string;
  readonly reference?: string;
}

export type DrawdownResultCode = OriginationResultCode | QuoteErrorCode | string;

export interface Drawdowns {
  draw(tenantId: string, lineId: string, request: DrawdownRequest): Promise<Result<Saved<Drawdown>, DrawdownResultCode>>;
  authorizeHold(tenantId: string, lineId: string, request: HoldRequest): Promise<Result<Saved<Hold>, DrawdownResultCode>>;
  /** Captures `amount` (default: all) of the hold as a purchase loan. */
  captureHold(tenantId: string, holdId: string, request: { amount?: string; drawdownId?: string }): Promise<Result<Saved<Drawdown>, DrawdownResultCode>>;
  voidHold(tenantId: string, holdId: string): Promise<Result<Saved<Hold>, DrawdownResultCode>>;
  getHold(tenantId: string, holdId: string): Promise<Hold | null>;
  getDrawdown(tenantId: string, id: string): Promise<Drawdown | null>;
  listDrawdowns(tenantId: string, lineId: string, page: PageRequest): Promise<Page<Drawdown>>;
  /** The line's available limit, holds and outstanding principal, from its ledger account. */
  usage(tenantId: string, line: CreditLine): Promise<LineUsage>;
}

const SELECT_LINE = 'SELECT * FROM lending_credit_lines WHERE tenant_id = $1 AND id = $2';
const SELECT_DRAWDOWN = 'SELECT * FROM lending_drawdowns WHERE tenant_id = $1 AND id = $2';

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

/** A limit posting's outcome inside a refusable transaction: success, or the refusal it means. */
function expectPosted(result: Result<TransferResult[], string>): void {
  if (!result.ok) refuse(result.code);
  const code = result.value[0] as TransferResult;
  if (isTransferSuccess(code)) return;
  if (code === 'exceeds_credits') refuse('limit_exceeded', 'the amount is more than the line\'s available limit', 'amount');
  if (code === 'pending_transfer_expired') refuse('hold_expired', 'the hold timed out and its limit was released');
  if (code === 'pending_transfer_already_voided') refuse('hold_already_voided', 'the hold was voided');
  if (code === 'pending_transfer_already_posted') refuse('hold_already_captured', 'the hold was captured');
  refuse(code);
}

export function createDrawdowns(deps: OriginationDeps & { loans: LoanOpener }): Drawdowns {
  const { db, clock, ids, ledger, loans } = deps;
  const timeZone = deps.timeZone ?? 'Asia/Shanghai';
  const getLine = (tenantId: string, id: string) => selectOne(db, SELECT_LINE, [tenantId, id], lineFromRow);
  const getDrawdown = (tenantId: string, id: string) => selectOne(db, SELECT_DRAWDOWN, [tenantId, id], drawdownFromRow);
  const getHold = (tenantId: string, id: string) => selectOne(db, `${SELECT_HOLD} WHERE h.tenant_id = $1 AND h.id = $2`, [tenantId, id], (r) => holdFromRow(r, clock.now()));

  /** Records a drawdown, posts `posting` against the limit, and opens its loan: all in `tx`. */
  const openDrawdown = async (
    tx: Sql,
    tenantId: string,
    line: CreditLine,
    d: { id: string; kind: 'cash' | 'purchase'; holdId: string | null; merchantId: string | null; purpose: string | null; principalMinor: bigint; term: number; disbursedOn: LocalDate; quote: Quote },
    posting: TransferInput,
  ): Promise<Drawdown> => {
    const loanId = ids.next('loan');
    const [row] = await tx.query(
      `INSERT INTO lending_drawdowns (tenant_id, id, line_id, loan_id, kind, hold_id, merchant_id, purpose, principal_minor, term, disbursed_on, schedule, apr_percent, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING RETURNING *`,
      [tenantId, d.id, line.id, loanId, d.kind, d.holdId, d.merchantId, d.purpose, d.principalMinor, d.term, d.disbursedOn, JSON.stringify(scheduleToJson(d.quote.schedule)), d.quote.aprPercent.toFixed(4), clock.now()],
    );
    if (!row) refuse('id_reused', `drawdown ${d.id} exists`, 'id');
    expectPosted(await ledger.applyTransfers(tx, tenantId, [posting]));
    const opened = await loans.open(tx, {
      tenantId,
      loanId,
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
    });
    if (!opened.ok) refuse(opened.code, opened.message, opened.param);
    return drawdownFromRow(row);
  };

  return {
    async draw(tenantId, lineId, request) {
      const line = await getLine(tenantId, lineId);
      if (line === null) return err('line_not_found', `no credit line ${lineId}`, 'lineId');
      const principal = parseLineAmount(request.amount, line.currency, 'amount');
      if (!principal.ok) return principal;
      const same = (d: Drawdown) => d.lineId === lineId && d.kind === 'cash' && d.principalMinor === principal.value && d.term === request.term && d.purpose === (request.purpose ?? null);
      const replay = async (id: string) => {
        const existing = await getDrawdown(tenantId, id);
        if (existing === null) return null;
        return same(existing) ? ok({ value: existing, created: false }) : err('id_reused', `drawdown ${id} was made from another request`, 'id');
      };
      if (request.id !== undefined) {
        const replayed = await replay(request.id);
        if (replayed !== null) return replayed;
      }
      const disbursedOn = businessDateOf(clock.now(), timeZone);
      const quote = quoteOnLine(line, principal.value, request.term, disbursedOn);
      if (!quote.ok) return quote;
      const id = request.id ?? ids.next('dd');
      const drawn = await refusable<Drawdown, DrawdownResultCode>(db, (tx) =>
        openDrawdown(
          tx, tenantId, line,
          { id, kind: 'cash', holdId: null, merchantId: null, purpose: request.purpose ?? null, principalMinor: principal.value, term: request.term, disbursedOn, quote: quote.value },
          drawTransfer(id, line.id, line.currency, principal.value),
        ),
      );
      if (drawn.ok) return ok({ value: drawn.value, created: true });
      return (drawn.code === 'id_reused' ? await replay(id) : null) ?? drawn;
    },

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
          `INSERT INTO lending_holds (tenant_id, id, line_id, amount_minor, term, merchant_id, reference, expires_at, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING
           RETURNING *, NULL::text AS status, NULL::int8 AS captured_minor, NULL::text AS drawdown_id`,
          [tenantId, id, lineId, amount.value, request.term, request.merchantId, request.reference ?? null, instantFromEpochMs(epochMs(now) + limits.checkoutHoldTimeoutSeconds * 1000), now],
        );
        if (!row) refuse('id_reused', `hold ${id} exists`, 'id');
        expectPosted(await ledger.applyTransfers(tx, tenantId, [holdTransfer(id, lineId, line.currency, amount.value)]));
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
      const disbursedOn = businessDateOf(clock.now(), timeZone);
      const quote = quoteOnLine(line, amountMinor, hold.term, disbursedOn);
      if (!quote.ok) return quote;
      const id = request.drawdownId ?? ids.next('dd');
      const captured = await refusable<Drawdown, DrawdownResultCode>(db, async (tx) => {
        const [resolution] = await tx.query(
          `INSERT INTO lending_hold_resolutions (tenant_id, hold_id, status, amount_minor, drawdown_id, created_at)
           VALUES ($1, $2, 'captured', $3, $4, $5) ON CONFLICT DO NOTHING RETURNING hold_id`,
          [tenantId, holdId, amountMinor, id, clock.now()],
        );
        if (!resolution) refuse('hold_already_captured', `hold ${holdId} was resolved meanwhile`, 'holdId');
        return openDrawdown(
          tx, tenantId, line,
          { id, kind: 'purchase', holdId, merchantId: hold.merchantId, purpose: hold.reference, principalMinor: amountMinor, term: hold.term, disbursedOn, quote: quote.value },
          captureTransfer(holdId, amountMinor),
        );
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

    async usage(tenantId, line) {
      const [account] = await ledger.lookupAccounts(tenantId, [lineAccountId(line.id)]);
      assert(account !== undefined, `line ${line.id} has no limit account`);
      return lineUsageOf(line.limitMinor, account);
    },

  };
}
