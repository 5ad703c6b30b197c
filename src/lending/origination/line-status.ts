/**
 * A credit line's status: `active` (the default), `frozen` — no drawdown, hold or capture until it
 * is made active again, a fraud or risk control — or `closed` for good. Every change is a row of
 * its log (line-changes.ts, migration 0262) with its reason. Loans already drawn go on as they
 * are, repayments give the limit back, and holds may still be voided.
 *
 * A change and a drawdown never race: the change first locks the line's limit account on the
 * ledger, which every drawdown and hold posts to under the same row lock, and a drawdown reads the
 * status after posting, in a statement of its own. So a drawdown either commits before the change
 * takes effect or sees it and is refused (`line_frozen`, `line_closed`).
 */
import type { Database, Sql } from '../../db/database.ts';
import type { Clock } from '../../kernel/instant.ts';
import { err, ok, type Err, type Result } from '../../kernel/result.ts';
import type { Ledger } from '../../ledger/ledger.ts';
import { lineAccountId } from './credit-limits.ts';
import { appendChange, lastChange, latestValues, type LineChangeLog } from './line-changes.ts';

export const LINE_STATUSES = ['active', 'frozen', 'closed'] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

export const STATUS_LOG: LineChangeLog = { table: 'lending_line_status_changes', column: 'status' };

export interface LineChangeDeps {
  readonly db: Database;
  readonly ledger: Ledger;
  readonly clock: Clock;
}

/** The current status of each of these lines (the tenant's), by line id; a line never changed is active. */
export async function selectLineStatuses(sql: Sql, tenantId: string, lineIds: readonly string[]): Promise<Map<string, LineStatus>> {
  const changed = await latestValues<LineStatus>(sql, STATUS_LOG, tenantId, lineIds);
  return new Map(lineIds.map((id) => [id, changed.get(id) ?? 'active']));
}

/** Why a line with this status takes no drawdown or hold; null when it does. */
export function unusable(status: LineStatus | undefined): Err<'line_frozen' | 'line_closed'> | null {
  if (status === 'frozen') return err('line_frozen', 'the line is frozen: no drawdown or hold until it is made active again');
  if (status === 'closed') return err('line_closed', 'the line is closed');
  return null;
}

/**
 * Runs `work` in a transaction holding the line's limit account lock: every change of a line goes
 * through here, so changes take their turns and drawdowns see them.
 */
export async function withLineLocked<T>(deps: LineChangeDeps, tenantId: string, lineId: string, work: (tx: Sql) => Promise<T>): Promise<T> {
  return deps.db.transaction(async (tx) => {
    await deps.ledger.lockAccounts(tx, tenantId, [lineAccountId(lineId)]);
    return work(tx);
  });
}

/** The line's status and its last change's seq (0 before the first). */
export async function currentStatus(tx: Sql, tenantId: string, lineId: string): Promise<{ seq: number; status: LineStatus }> {
  const last = await lastChange<LineStatus>(tx, STATUS_LOG, tenantId, lineId);
  return { seq: last?.seq ?? 0, status: last?.value ?? 'active' };
}

/**
 * Sets a line's status, with its reason. The same status again changes nothing; a closed line
 * stays closed (`line_closed`). Answers the line's status after.
 */
export async function changeLineStatus(deps: LineChangeDeps, tenantId: string, lineId: string, change: { status: LineStatus; reason: string }): Promise<Result<LineStatus, 'line_closed'>> {
  return withLineLocked(deps, tenantId, lineId, async (tx) => {
    const current = await currentStatus(tx, tenantId, lineId);
    if (current.status === change.status) return ok(current.status);
    if (current.status === 'closed') return err('line_closed', 'a closed line stays closed', 'status');
    await appendChange(tx, STATUS_LOG, tenantId, lineId, current.seq + 1, change.status, change.reason, deps.clock.now());
    return ok(change.status);
  });
}
