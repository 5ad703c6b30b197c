/**
 * A credit line's status: `active` (the default), `frozen` — no drawdown or hold until it is made
 * active again, a fraud or risk control — or `closed` for good. Every change is an append-only row
 * (migration 0262) with its reason; the line's record itself never changes, so it stays cached.
 * Loans already drawn go on as they are, repayments give the limit back, and holds already
 * authorized may still be captured or voided.
 *
 * A change and a drawdown never race: the change first locks the line's limit account on the
 * ledger, which every drawdown and hold posts to under the same row lock, and a drawdown reads the
 * status after posting, in a statement of its own. So a drawdown either commits before the change
 * takes effect or sees it and is refused (`line_frozen`, `line_closed`).
 */
import type { Database, Sql } from '../../db/database.ts';
import type { Clock } from '../../kernel/instant.ts';
import { toPage, type Page } from '../../kernel/paging.ts';
import { err, ok, type Err, type Result } from '../../kernel/result.ts';
import type { Ledger } from '../../ledger/ledger.ts';
import { lineAccountId } from './credit-limits.ts';

export const LINE_STATUSES = ['active', 'frozen', 'closed'] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

export interface LineStatusChange {
  readonly seq: number;
  readonly status: LineStatus;
  readonly reason: string;
  readonly changedAt: string;
}

export type LineStatusErrorCode = 'line_closed';

/** The current status of each of these lines (the tenant's), by line id; a line never changed is active. */
export async function selectLineStatuses(sql: Sql, tenantId: string, lineIds: readonly string[]): Promise<Map<string, LineStatus>> {
  const rows = await sql.query<{ line_id: string; status: LineStatus }>(
    `SELECT DISTINCT ON (line_id) line_id, status FROM lending_line_status_changes
     WHERE tenant_id = $1 AND line_id = ANY($2::text[]) ORDER BY line_id, seq DESC`,
    [tenantId, [...new Set(lineIds)]],
  );
  const statuses = new Map<string, LineStatus>(lineIds.map((id) => [id, 'active']));
  for (const r of rows) statuses.set(r.line_id, r.status);
  return statuses;
}

/** Why a line with this status takes no drawdown or hold; null when it does. */
export function unusable(status: LineStatus | undefined): Err<'line_frozen' | 'line_closed'> | null {
  if (status === 'frozen') return err('line_frozen', 'the line is frozen: no drawdown or hold until it is made active again');
  if (status === 'closed') return err('line_closed', 'the line is closed');
  return null;
}

/**
 * Sets a line's status, with its reason. The same status again changes nothing; a closed line
 * stays closed (`line_closed`). Answers the line's status after.
 */
export async function changeLineStatus(
  deps: { db: Database; ledger: Ledger; clock: Clock },
  tenantId: string,
  lineId: string,
  change: { status: LineStatus; reason: string },
): Promise<Result<LineStatus, LineStatusErrorCode>> {
  return deps.db.transaction(async (tx) => {
    await deps.ledger.lockAccounts(tx, tenantId, [lineAccountId(lineId)]);
    const [last] = await tx.query<{ seq: number; status: LineStatus }>(
      'SELECT seq, status FROM lending_line_status_changes WHERE tenant_id = $1 AND line_id = $2 ORDER BY seq DESC LIMIT 1',
      [tenantId, lineId],
    );
    const current = last?.status ?? 'active';
    if (current === change.status) return ok(current);
    if (current === 'closed') return err('line_closed', 'a closed line stays closed', 'status');
    await tx.query(
      'INSERT INTO lending_line_status_changes (tenant_id, line_id, seq, status, reason, changed_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [tenantId, lineId, (last?.seq ?? 0) + 1, change.status, change.reason, deps.clock.now()],
    );
    return ok(change.status);
  });
}

/** A line's status changes, oldest first, after `afterSeq`, `limit` at a time (the caller bounds `limit`). */
export async function selectLineStatusChanges(sql: Sql, tenantId: string, lineId: string, afterSeq: number, limit: number): Promise<Page<LineStatusChange>> {
  const rows = await sql.query<{ seq: number; status: LineStatus; reason: string; changed_at: string }>(
    'SELECT seq, status, reason, changed_at FROM lending_line_status_changes WHERE tenant_id = $1 AND line_id = $2 AND seq > $3 ORDER BY seq LIMIT $4',
    [tenantId, lineId, afterSeq, limit + 1],
  );
  return toPage(rows, limit, (r) => String(r.seq), (r) => ({ seq: r.seq, status: r.status, reason: r.reason, changedAt: r.changed_at }));
}
