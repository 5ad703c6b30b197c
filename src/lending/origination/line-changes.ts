/**
 * The append-only logs of what changes on a credit line after it opens — its status
 * (line-status.ts), its limit (line-limits.ts) — each change a row numbered per line with its value,
 * its reason and when it was made. The line's own record never changes, so it stays cached; its
 * current value is the latest row. A change is made in the caller's transaction, after it has
 * locked the line's limit account on the ledger, so changes of one line take their numbers in turn.
 */
import type { Sql } from '../../db/database.ts';
import type { Instant } from '../../kernel/instant.ts';
import { toPage, type Page } from '../../kernel/paging.ts';

/** One log: its table and the column holding the changed value (names from code, never input). */
export interface LineChangeLog {
  readonly table: 'lending_line_status_changes' | 'lending_line_limit_changes';
  readonly column: 'status' | 'limit_minor';
}

export interface LineChange<V> {
  readonly seq: number;
  readonly value: V;
  readonly reason: string;
  readonly changedAt: string;
}

/** The latest value of each of these lines that ever changed, by line id. */
export async function latestValues<V>(sql: Sql, log: LineChangeLog, tenantId: string, lineIds: readonly string[]): Promise<Map<string, V>> {
  const rows = await sql.query<{ line_id: string; value: V }>(
    `SELECT DISTINCT ON (line_id) line_id, ${log.column} AS value FROM ${log.table}
     WHERE tenant_id = $1 AND line_id = ANY($2::text[]) ORDER BY line_id, seq DESC`,
    [tenantId, [...new Set(lineIds)]],
  );
  return new Map(rows.map((r) => [r.line_id, r.value]));
}

/** The line's latest change, if any. */
export async function lastChange<V>(tx: Sql, log: LineChangeLog, tenantId: string, lineId: string): Promise<{ seq: number; value: V } | undefined> {
  const [row] = await tx.query<{ seq: number; value: V }>(
    `SELECT seq, ${log.column} AS value FROM ${log.table} WHERE tenant_id = $1 AND line_id = $2 ORDER BY seq DESC LIMIT 1`,
    [tenantId, lineId],
  );
  return row;
}

export async function appendChange<V>(tx: Sql, log: LineChangeLog, tenantId: string, lineId: string, seq: number, value: V, reason: string, at: Instant): Promise<void> {
  await tx.query(
    `INSERT INTO ${log.table} (tenant_id, line_id, seq, ${log.column}, reason, changed_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [tenantId, lineId, seq, value, reason, at],
  );
}

/** A line's changes, oldest first, after `afterSeq`, `limit` at a time (the caller bounds `limit`). */
export async function changePage<V>(sql: Sql, log: LineChangeLog, tenantId: string, lineId: string, afterSeq: number, limit: number): Promise<Page<LineChange<V>>> {
  const rows = await sql.query<{ seq: number; value: V; reason: string; changed_at: string }>(
    `SELECT seq, ${log.column} AS value, reason, changed_at FROM ${log.table} WHERE tenant_id = $1 AND line_id = $2 AND seq > $3 ORDER BY seq LIMIT $4`,
    [tenantId, lineId, afterSeq, limit + 1],
  );
  return toPage(rows, limit, (r) => String(r.seq), (r) => ({ seq: r.seq, value: r.value, reason: r.reason, changedAt: r.changed_at }));
}
