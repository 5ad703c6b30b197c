/**
 * Checkout holds on a credit line: a purchase authorized at checkout is a pending ledger debit of the
 * line's limit, so the available limit counts it at once and concurrent checkouts cannot overdraw it;
 * capturing it posts it (wholly or in part) and opens the purchase's loan as a drawdown does, in one
 * transaction; voiding releases it; its timeout expires it on the ledger by itself. A hold is
 * resolved once (`lending_hold_resolutions`, one row a hold), so a capture and a void racing each
 * other leave one winner; a given id answers a replay as first, and a refused request writes nothing.
 * A frozen or closed line takes no hold (its status read after posting, as drawdowns read it).
 */
import type { Row, Sql } from '../../db/database.ts';
import { businessDateOf, epochMs, instantFromEpochMs } from '../../kernel/instant.ts';
import { limits } from '../../kernel/limits.ts';
import { pageLimit, toPage, type Page, type PageRequest } from '../../kernel/paging.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import type { Saved } from '../products/products.ts';
import type { OriginationDeps } from './applications.ts';
import { captureTransfer, holdTransfer, voidTransfer } from './credit-limits.ts';
import { expectPosted, parseRequestAmount, quoteOnLine, type LineRequestResultCode } from './line-requests.ts';
import { selectLineStatuses, unusable } from './line-status.ts';
import { holdFromRow, refusable, refuse, selectOne, SELECT_HOLD, type CreditLine, type Drawdown, type Hold } from './records.ts';

export interface HoldRequest {
  readonly id?: string;
  readonly amount: string;
  readonly term: number;
  readonly merchantId: string;
  readonly reference?: string;
}

export interface CheckoutHolds {
  authorizeHold(tenantId: string, lineId: string, request: HoldRequest): Promise<Result<Saved<Hold>, LineRequestResultCode>>;
  /** Captures `amount` (default: all) of the hold as a purchase loan. */
  captureHold(tenantId: string, holdId: string, request: { amount?: string; drawdownId?: string }): Promise<Result<Saved<Drawdown>, LineRequestResultCode>>;
  voidHold(tenantId: string, holdId: string): Promise<Result<Saved<Hold>, LineRequestResultCode>>;
  getHold(tenantId: string, holdId: string): Promise<Hold | null>;
  /** A line's holds by id, each with its status now (authorized, captured, voided or expired). */
  listHolds(tenantId: string, lineId: string, page: PageRequest): Promise<Page<Hold>>;
}

/** What a capture needs of the drawdowns: the line, and a purchase planned and opened as a drawdown is. */
export interface PurchaseOpener<Planned> {
  getLine(tenantId: string, id: string): Promise<CreditLine | null>;
  getDrawdown(tenantId: string, id: string): Promise<Drawdown | null>;
  plan(
    line: CreditLine,
    d: { id: string; kind: 'purchase'; holdId: string; merchantId: string; purpose: string | null; principalMinor: bigint; term: number },
    posting: ReturnType<typeof captureTransfer>,
  ): Result<Planned, LineRequestResultCode>;
  /** Opens the planned drawdown in the caller's `refusable` transaction. */
  openOne(tx: Sql, tenantId: string, planned: Planned): Promise<Drawdown>;
}

export function createCheckoutHolds<Planned>(deps: Pick<OriginationDeps, 'db' | 'clock' | 'ids' | 'ledger' | 'timeZone'>, drawdowns: PurchaseOpener<Planned>): CheckoutHolds {
  const { db, clock, ids, ledger } = deps;
  const timeZone = deps.timeZone ?? 'Asia/Shanghai';
  const { getLine, getDrawdown, plan, openOne } = drawdowns;
  const getHold = (tenantId: string, id: string) => selectOne(db, `${SELECT_HOLD} WHERE h.tenant_id = $1 AND h.id = $2`, [tenantId, id], (r) => holdFromRow(r, clock.now()));

  return {
    async authorizeHold(tenantId, lineId, request) {
      const line = await getLine(tenantId, lineId);
      if (line === null) return err('line_not_found', `no credit line ${lineId}`, 'lineId');
      const amount = parseRequestAmount(request.amount, line.currency, 'amount');
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
      const held = await refusable<Row, LineRequestResultCode>(db, async (tx) => {
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
        const parsed = parseRequestAmount(request.amount, line.currency, 'amount');
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
      const captured = await refusable<Drawdown, LineRequestResultCode>(db, async (tx) => {
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
      const voided = await refusable<void, LineRequestResultCode>(db, async (tx) => {
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

    async listHolds(tenantId, lineId, page) {
      const limit = pageLimit(page);
      const rows = await db.query(`${SELECT_HOLD} WHERE h.tenant_id = $1 AND h.line_id = $2 AND h.id > $3 ORDER BY h.id LIMIT $4`, [tenantId, lineId, page.cursor ?? '', limit + 1]);
      const now = clock.now();
      return toPage(rows, limit, (r) => r.id as string, (r) => holdFromRow(r, now));
    },

    getHold,
  };
}
