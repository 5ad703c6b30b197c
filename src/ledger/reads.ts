/**
 * Reading the ledger: transfers by id, an account's transfers and balance history page by page,
 * balances at any effective date (summed from the append-only transfers, so they are a replay, not a
 * cache), and the trial balance of a ledger grouped by account code.
 */
import type { Sql } from '../db/database.ts';
import type { Instant } from '../kernel/instant.ts';
import type { Page } from '../kernel/paging.ts';
import type { LocalDate } from '../kernel/local-date.ts';
import { TRANSFER_FLAG_BITS, bitsToFlags, type Balance, type HistoryEvent, type Transfer, type TransferFlags } from './types.ts';

interface TransferRow {
  id: string;
  seq: bigint;
  debit_account_id: string;
  credit_account_id: string;
  amount: bigint;
  ledger: string;
  code: number;
  flags: number;
  pending_id: string | null;
  timeout_seconds: number;
  reference: string | null;
  effective_on: string;
  recorded_at: string;
}

function transferFromRow(r: TransferRow): Transfer {
  return {
    id: r.id,
    debitAccountId: r.debit_account_id,
    creditAccountId: r.credit_account_id,
    amount: r.amount,
    ledger: r.ledger,
    code: r.code,
    flags: bitsToFlags<TransferFlags>(r.flags, TRANSFER_FLAG_BITS),
    pendingId: r.pending_id,
    timeoutSeconds: r.timeout_seconds,
    reference: r.reference,
    effectiveOn: r.effective_on as LocalDate,
    recordedAt: r.recorded_at as Instant,
  };
}

export async function selectTransfers(sql: Sql, tenantId: string, ids: readonly string[]): Promise<Transfer[]> {
  const rows = await sql.query<TransferRow & Record<string, unknown>>(
    'SELECT * FROM ledger_transfers WHERE tenant_id = $1 AND id = ANY($2::text[]) ORDER BY seq',
    [tenantId, ids],
  );
  return rows.map(transferFromRow);
}

/** An account's transfers in the order they were recorded, `limit` at a time after `cursor`. */
export async function selectAccountTransfers(sql: Sql, tenantId: string, accountId: string, cursor: string | null, limit: number): Promise<Page<Transfer>> {
  const after = cursor === null ? -1n : BigInt(cursor);
  const rows = await sql.query<TransferRow & Record<string, unknown>>(
    `SELECT * FROM (
       (SELECT * FROM ledger_transfers WHERE tenant_id = $1 AND debit_account_id = $2 AND seq > $3 ORDER BY seq LIMIT $4)
       UNION ALL
       (SELECT * FROM ledger_transfers WHERE tenant_id = $1 AND credit_account_id = $2 AND seq > $3 ORDER BY seq LIMIT $4)
     ) t ORDER BY seq LIMIT $4`,
    [tenantId, accountId, after, limit + 1],
  );
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  return { items: items.map(transferFromRow), nextCursor: more ? String((items[items.length - 1] as TransferRow).seq) : null };
}

export interface HistoryPoint extends Balance {
  readonly event: HistoryEvent;
  /** The transfer; for an `expiry`, the pending transfer that expired. */
  readonly transferId: string;
}

/**
 * Balances after each transfer and each expiry of a pending transfer, in the order they were
 * recorded, for an account flagged `history`.
 */
export async function selectAccountHistory(sql: Sql, tenantId: string, accountId: string, cursor: string | null, limit: number): Promise<Page<HistoryPoint>> {
  const after = cursor === null ? -1n : BigInt(cursor);
  const rows = await sql.query<{ position: bigint; event: HistoryEvent; transfer_id: string; debits_pending: bigint; debits_posted: bigint; credits_pending: bigint; credits_posted: bigint }>(
    `SELECT position, event, transfer_id, debits_pending, debits_posted, credits_pending, credits_posted
     FROM ledger_account_history WHERE tenant_id = $1 AND account_id = $2 AND position > $3
     ORDER BY position LIMIT $4`,
    [tenantId, accountId, after, limit + 1],
  );
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  return {
    items: items.map((r) => ({
      event: r.event, transferId: r.transfer_id, debitsPending: r.debits_pending, debitsPosted: r.debits_posted, creditsPending: r.credits_pending, creditsPosted: r.credits_posted,
    })),
    nextCursor: more ? String(items[items.length - 1]?.position) : null,
  };
}

const PENDING = TRANSFER_FLAG_BITS.pending;
const VOID = TRANSFER_FLAG_BITS.voidPending;

/**
 * An account's balances as of the end of `asOf`: posted sums of every posting transfer effective by
 * then, and pending sums of pending transfers effective by then and not yet resolved by then.
 */
export async function selectBalanceAsOf(sql: Sql, tenantId: string, accountId: string, asOf: LocalDate): Promise<Balance> {
  const [row] = await sql.query<{ dp: bigint; dpo: bigint; cp: bigint; cpo: bigint }>(
    `SELECT
       coalesce(sum(t.amount) FILTER (WHERE t.debit_account_id = $2 AND t.flags & ${PENDING} <> 0 AND r.pending_id IS NULL), 0)::int8 AS dp,
       coalesce(sum(t.amount) FILTER (WHERE t.debit_account_id = $2 AND t.flags & ${PENDING | VOID} = 0), 0)::int8 AS dpo,
       coalesce(sum(t.amount) FILTER (WHERE t.credit_account_id = $2 AND t.flags & ${PENDING} <> 0 AND r.pending_id IS NULL), 0)::int8 AS cp,
       coalesce(sum(t.amount) FILTER (WHERE t.credit_account_id = $2 AND t.flags & ${PENDING | VOID} = 0), 0)::int8 AS cpo
     FROM ledger_transfers t
     LEFT JOIN ledger_pending_resolutions r
       ON r.tenant_id = t.tenant_id AND r.pending_id = t.id AND r.effective_on <= $3
     WHERE t.tenant_id = $1 AND (t.debit_account_id = $2 OR t.credit_account_id = $2) AND t.effective_on <= $3`,
    [tenantId, accountId, asOf],
  );
  return { debitsPending: row?.dp ?? 0n, debitsPosted: row?.dpo ?? 0n, creditsPending: row?.cp ?? 0n, creditsPosted: row?.cpo ?? 0n };
}

export interface TrialBalanceLine {
  readonly code: number;
  readonly accounts: number;
  readonly debitsPosted: bigint;
  readonly creditsPosted: bigint;
}

export interface TrialBalance {
  readonly ledger: string;
  readonly asOf: LocalDate | null;
  readonly lines: TrialBalanceLine[];
  readonly debitsPosted: bigint;
  readonly creditsPosted: bigint;
  /** Debits equal credits: the ledger's fundamental invariant, checked, not assumed. */
  readonly balanced: boolean;
}

/**
 * The trial balance of one ledger (currency), grouped by account code: now (from the account
 * counters) or as of a date (from the transfers).
 */
export async function selectTrialBalance(sql: Sql, tenantId: string, ledger: string, asOf: LocalDate | null): Promise<TrialBalance> {
  const rows = asOf === null
    ? await sql.query<{ code: number; accounts: bigint; dpo: string; cpo: string }>(
        `SELECT code, count(*)::int8 AS accounts, sum(debits_posted)::text AS dpo, sum(credits_posted)::text AS cpo
         FROM ledger_accounts WHERE tenant_id = $1 AND ledger = $2 GROUP BY code ORDER BY code`,
        [tenantId, ledger],
      )
    : await sql.query<{ code: number; accounts: bigint; dpo: string; cpo: string }>(
        `SELECT a.code, count(DISTINCT a.id)::int8 AS accounts, coalesce(sum(m.debit), 0)::text AS dpo, coalesce(sum(m.credit), 0)::text AS cpo
         FROM ledger_accounts a
         LEFT JOIN (
           SELECT debit_account_id AS account_id, amount AS debit, 0::int8 AS credit FROM ledger_transfers
           WHERE tenant_id = $1 AND ledger = $2 AND effective_on <= $3 AND flags & ${PENDING | VOID} = 0
           UNION ALL
           SELECT credit_account_id, 0::int8, amount FROM ledger_transfers
           WHERE tenant_id = $1 AND ledger = $2 AND effective_on <= $3 AND flags & ${PENDING | VOID} = 0
         ) m ON m.account_id = a.id
         WHERE a.tenant_id = $1 AND a.ledger = $2
         GROUP BY a.code ORDER BY a.code`,
        [tenantId, ledger, asOf],
      );
  return trialBalanceOf(ledger, asOf, rows);
}

/** Every ledger's trial balance now, from one pass over the tenant's accounts, in ledger order. */
export async function selectTrialBalances(sql: Sql, tenantId: string): Promise<TrialBalance[]> {
  const rows = await sql.query<{ ledger: string; code: number; accounts: bigint; dpo: string; cpo: string }>(
    `SELECT ledger, code, count(*)::int8 AS accounts, sum(debits_posted)::text AS dpo, sum(credits_posted)::text AS cpo
     FROM ledger_accounts WHERE tenant_id = $1 GROUP BY ledger, code ORDER BY ledger, code`,
    [tenantId],
  );
  const byLedger = new Map<string, typeof rows>();
  for (const r of rows) {
    const lines = byLedger.get(r.ledger);
    if (lines) lines.push(r);
    else byLedger.set(r.ledger, [r]);
  }
  return [...byLedger].map(([ledger, lines]) => trialBalanceOf(ledger, null, lines));
}

// The sums come back as text: every account's counter fits in int8, but a ledger's total need not.
function trialBalanceOf(ledger: string, asOf: LocalDate | null, rows: readonly { code: number; accounts: bigint; dpo: string; cpo: string }[]): TrialBalance {
  const lines = rows.map((r) => ({ code: r.code, accounts: Number(r.accounts), debitsPosted: BigInt(r.dpo), creditsPosted: BigInt(r.cpo) }));
  const debitsPosted = lines.reduce((s, l) => s + l.debitsPosted, 0n);
  const creditsPosted = lines.reduce((s, l) => s + l.creditsPosted, 0n);
  return { ledger, asOf, lines, debitsPosted, creditsPosted, balanced: debitsPosted === creditsPosted };
}
