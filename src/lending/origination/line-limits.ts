/**
 * A credit line's limit after it opens: raised or lowered by the lender (a risk review, a customer's
 * request), each change a row of its log (line-changes.ts, migration 0263) with its reason, and
 * the same change posted on the ledger in the same transaction (credit-limits.ts): a raise grants
 * the line more, a lower takes the grant back from what is available, and what the borrower has
 * drawn beyond a lower limit is over it, paid first by repayments. A closed line's limit no longer
 * changes (`line_closed`); the same limit again changes nothing.
 */
import type { Sql } from '../../db/database.ts';
import type { Currency } from '../../kernel/money.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { isTransferSuccess } from '../../ledger/result-codes.ts';
import { assert } from '../../kernel/assert.ts';
import { lowerLimitTransfers, raiseLimitTransfers } from './credit-limits.ts';
import { appendChange, lastChange, latestValues, type LineChangeLog } from './line-changes.ts';
import { currentStatus, withLineLocked, type LineChangeDeps } from './line-status.ts';
import type { CreditLine } from './records.ts';

export const LIMIT_LOG: LineChangeLog = { table: 'lending_line_limit_changes', column: 'limit_minor' };

/** The current limit of each of these lines, by line id: the latest change, or the limit it opened with. */
export async function selectLineLimits(sql: Sql, tenantId: string, lines: readonly CreditLine[]): Promise<Map<string, bigint>> {
  const changed = await latestValues<bigint>(sql, LIMIT_LOG, tenantId, lines.map((l) => l.id));
  return new Map(lines.map((l) => [l.id, changed.get(l.id) ?? l.limitMinor]));
}

/** Sets a line's limit, with its reason: the limit after. */
export async function changeLineLimit(deps: LineChangeDeps, tenantId: string, line: CreditLine, change: { limitMinor: bigint; reason: string }): Promise<Result<bigint, 'line_closed'>> {
  return withLineLocked(deps, tenantId, line.id, async (tx) => {
    if ((await currentStatus(tx, tenantId, line.id)).status === 'closed') return err('line_closed', 'a closed line\'s limit no longer changes');
    const last = await lastChange<bigint>(tx, LIMIT_LOG, tenantId, line.id);
    const current = last?.value ?? line.limitMinor;
    if (current === change.limitMinor) return ok(current);
    const seq = (last?.seq ?? 0) + 1;
    const id = `limchg_${line.id}_${seq}`;
    const c = line.currency as Currency;
    const transfers = change.limitMinor > current ? raiseLimitTransfers(id, line.id, c, change.limitMinor - current) : lowerLimitTransfers(id, line.id, c, current - change.limitMinor);
    const posted = await deps.ledger.applyTransfers(tx, tenantId, transfers);
    assert(posted.ok && posted.value.every(isTransferSuccess), `line ${line.id}: its limit change was refused by the ledger`);
    await appendChange(tx, LIMIT_LOG, tenantId, line.id, seq, change.limitMinor, change.reason, deps.clock.now());
    return ok(change.limitMinor);
  });
}
