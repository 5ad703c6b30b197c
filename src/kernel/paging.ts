/**
 * Cursor pages for the lists keyed by one ordered column (products, customers, applications, lines,
 * drawdowns, holds, loans, ledger transfers and history): rows are read in key order, one more than
 * the page holds, and the last key shown is the next cursor. A page holds 1 to `limits.pageSizeMax` rows.
 */
import { limits } from './limits.ts';

export interface Page<T> {
  readonly items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export interface PageRequest {
  readonly cursor?: string | null;
  readonly limit?: number;
}

/** The page size asked for, within 1 and `limits.pageSizeMax`. */
export function pageLimit(request: PageRequest): number {
  return Math.min(Math.max(1, request.limit ?? limits.pageSizeDefault), limits.pageSizeMax);
}

/** Rows fetched with `LIMIT pageLimit + 1` into a page whose cursor is the last shown row's id. */
export function toPage<R, T>(rows: readonly R[], limit: number, idOf: (row: R) => string, view: (row: R) => T): Page<T> {
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return { items: shown.map(view), nextCursor: rows.length > limit && last !== undefined ? idOf(last) : null };
}
