/**
 * A lookup of records by id for `coalesceByTenant` (kernel/coalesce.ts): concurrent single reads of
 * one kind served by one statement, `text` being `… WHERE tenant_id = $1 AND id = ANY($2::text[])`.
 * Answers in the order asked, null for an id not found; an id asked twice is looked up once.
 */
import type { Row, Sql } from './database.ts';

export function selectByIds<T>(sql: Sql, text: string, map: (r: Row) => T): (tenantId: string, ids: readonly string[]) => Promise<(T | null)[]> {
  return async (tenantId, ids) => {
    const found = new Map((await sql.query(text, [tenantId, [...new Set(ids)]])).map((r) => [r.id as string, map(r)]));
    return ids.map((id) => found.get(id) ?? null);
  };
}
