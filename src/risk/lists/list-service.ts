/**
 * Black, grey and white lists: the table `risk_list_entries` is the source of truth; each tenant's
 * in-memory `ListIndex` is loaded from it on first use and updated by every change made here, after
 * the database has accepted it.
 * Invariants: an import is all-or-nothing (validated whole, written in one transaction); a value is
 * stored normalised, once per (list, type); a list never holds more than limits.riskListEntriesMax.
 */
import type { Database } from '../../db/database.ts';
import type { Clock, Instant } from '../../kernel/instant.ts';
import type { Page, PageRequest } from '../strategy/strategy-catalog.ts';
import { limits } from '../../kernel/limits.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import type { ListErrorCode } from '../codes.ts';
import { isIdentifierType, normaliseIdentifier, type IdentifierNormaliser, type IdentifierType } from '../identifiers.ts';
import { parseListCsv, type ListImportRows } from './list-csv.ts';
import { isListKind, LIST_KINDS, ListIndex, type ListKind } from './list-index.ts';

export interface ListEntryInput {
  readonly list: string;
  readonly type: string;
  readonly value: string;
  readonly reason?: string;
}

export interface ListEntry {
  readonly type: IdentifierType;
  readonly value: string;
  readonly reason: string | null;
  readonly addedAt: Instant;
}

export interface ListService {
  add(tenantId: string, entry: ListEntryInput): Promise<Result<{ added: boolean }, ListErrorCode>>;
  remove(tenantId: string, entry: ListEntryInput): Promise<Result<{ removed: boolean }, ListErrorCode>>;
  /** Imports a CSV (`type,value[,reason]`) into one list; `added` excludes values already listed. */
  importCsv(tenantId: string, list: string, csv: string): Promise<Result<{ rows: number; added: number }, ListErrorCode>>;
  /** Which lists hold this value. */
  check(tenantId: string, type: string, value: string): Promise<Result<Record<ListKind, boolean>, ListErrorCode>>;
  /** One list's entries by type and value, a page at a time; one type's when `type` is given. */
  entries(tenantId: string, list: string, page: PageRequest & { readonly type?: string }): Promise<Result<Page<ListEntry>, ListErrorCode>>;
  /** The tenant's in-memory index, loaded from the database on first use. */
  indexFor(tenantId: string): Promise<ListIndex>;
  /** The form values are stored and compared in (ID numbers keyed where the deployment keys them). */
  readonly normalise: IdentifierNormaliser;
}

/**
 * Rows per INSERT statement in an import: large enough that round trips and planning vanish against
 * the index work, small enough to keep each statement's parameters a few megabytes.
 */
const IMPORT_CHUNK_ROWS = 50_000;
const PAGE_KEY_SEPARATOR = '\u0000';
/** Rows per page when loading a tenant's lists. */
const LOAD_PAGE_ROWS = 50_000;

/** Rebuilds a tenant's in-memory lists from the table, a page at a time. */
export async function loadListIndex(db: Database, tenantId: string): Promise<ListIndex> {
  const counts = await db.query<{ list: ListKind; n: bigint }>('SELECT list, count(*) AS n FROM risk_list_entries WHERE tenant_id = $1 GROUP BY list', [tenantId]);
  const expected: Partial<Record<ListKind, number>> = {};
  for (const { list, n } of counts) expected[list] = Number(n);
  const index = new ListIndex(expected);
  let after: [string, string, string] = ['', '', ''];
  for (;;) {
    const rows = await db.query<{ list: ListKind; identifier_type: IdentifierType; value: string }>(
      `SELECT list, identifier_type, value FROM risk_list_entries
        WHERE tenant_id = $1 AND (list, identifier_type, value) > ($2, $3, $4)
        ORDER BY list, identifier_type, value LIMIT ${LOAD_PAGE_ROWS}`,
      [tenantId, ...after],
    );
    for (const row of rows) index.add(row.list, row.identifier_type, row.value);
    const last = rows[rows.length - 1];
    if (!last || rows.length < LOAD_PAGE_ROWS) break;
    after = [last.list, last.identifier_type, last.value];
  }
  return index;
}

/**
 * The import's rows ordered by (type, value), the primary key's order after (tenant, list): each
 * statement then inserts into one narrow, ascending stretch of the index instead of touching pages all
 * over it, which on PostgreSQL halves the cost of a large import. The columns collate as "C" (byte
 * order, migration 0301), which JavaScript's code-unit order matches for every character outside the
 * astral planes — and locality needs no more than near order anyway.
 */
function keyOrder({ types, values }: ListImportRows): Uint32Array {
  const order = new Uint32Array(types.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => {
    const ta = types[a] as string;
    const tb = types[b] as string;
    if (ta !== tb) return ta < tb ? -1 : 1;
    const va = values[a] as string;
    const vb = values[b] as string;
    return va < vb ? -1 : va > vb ? 1 : 0;
  });
}

/**
 * Writes an import in one transaction, a few set-based statements (INSERT … SELECT FROM unnest of
 * whole columns), skipping values already listed; returns how many rows were new.
 */
async function insertListRows(db: Database, tenantId: string, list: ListKind, rows: ListImportRows, addedAt: string): Promise<number> {
  const order = keyOrder(rows);
  return db.transaction(async (tx) => {
    let inserted = 0;
    for (let start = 0; start < order.length; start += IMPORT_CHUNK_ROWS) {
      const chunk = order.subarray(start, Math.min(start + IMPORT_CHUNK_ROWS, order.length));
      const types = new Array<string>(chunk.length);
      const values = new Array<string>(chunk.length);
      const reasons = new Array<string | null>(chunk.length);
      for (let i = 0; i < chunk.length; i++) {
        const row = chunk[i] as number;
        types[i] = rows.types[row] as string;
        values[i] = rows.values[row] as string;
        reasons[i] = rows.reasons[row] as string | null;
      }
      const [result] = await tx.query<{ n: bigint }>(
        `WITH inserted AS (
           INSERT INTO risk_list_entries (tenant_id, list, identifier_type, value, reason, added_at)
           SELECT $1, $2, t, v, r, $3 FROM unnest($4::text[], $5::text[], $6::text[]) AS u(t, v, r)
           ON CONFLICT DO NOTHING RETURNING 1)
         SELECT count(*) AS n FROM inserted`,
        [tenantId, list, addedAt, types, values, reasons],
      );
      inserted += Number(result?.n ?? 0);
    }
    return inserted;
  });
}

function checkEntry(entry: { list: string; type: string; value: string }, normalise: IdentifierNormaliser): Result<{ list: ListKind; type: IdentifierType; value: string }, ListErrorCode> {
  if (!isListKind(entry.list)) return err('invalid_list_entry', `unknown list "${entry.list}"; expected one of ${LIST_KINDS.join(', ')}`, 'list');
  if (!isIdentifierType(entry.type)) return err('invalid_list_entry', `unknown identifier type "${entry.type}"`, 'type');
  if (typeof entry.value !== 'string' || entry.value.length > limits.riskIdentifierLengthMax) {
    return err('invalid_list_entry', `value must be a string of at most ${limits.riskIdentifierLengthMax} characters`, 'value');
  }
  const value = normalise(entry.type, entry.value);
  if (value === '') return err('invalid_list_entry', 'value is empty once normalised', 'value');
  return ok({ list: entry.list, type: entry.type, value });
}

export function createListService({ db, clock, normalise = normaliseIdentifier }: { db: Database; clock: Clock; normalise?: IdentifierNormaliser }): ListService {
  const indexes = new Map<string, Promise<ListIndex>>();
  const indexFor = (tenantId: string): Promise<ListIndex> => {
    let index = indexes.get(tenantId);
    if (!index) {
      index = loadListIndex(db, tenantId);
      indexes.set(tenantId, index);
      index.catch(() => indexes.delete(tenantId));
    }
    return index;
  };

  return {
    indexFor,
    normalise,

    async add(tenantId, input) {
      const entry = checkEntry(input, normalise);
      if (!entry.ok) return entry;
      const { list, type, value } = entry.value;
      const index = await indexFor(tenantId);
      if (!index.hasRoomFor(list, 1)) return err('list_full', `the ${list} list holds ${limits.riskListEntriesMax} entries`);
      const rows = await db.query(
        `INSERT INTO risk_list_entries (tenant_id, list, identifier_type, value, reason, added_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT DO NOTHING RETURNING 1 AS added`,
        [tenantId, list, type, value, input.reason ?? null, clock.now()],
      );
      index.add(list, type, value);
      return ok({ added: rows.length === 1 });
    },

    async remove(tenantId, input) {
      const entry = checkEntry(input, normalise);
      if (!entry.ok) return entry;
      const { list, type, value } = entry.value;
      const index = await indexFor(tenantId);
      const rows = await db.query(
        'DELETE FROM risk_list_entries WHERE tenant_id = $1 AND list = $2 AND identifier_type = $3 AND value = $4 RETURNING 1 AS removed',
        [tenantId, list, type, value],
      );
      index.remove(list, type, value);
      return ok({ removed: rows.length === 1 });
    },

    async importCsv(tenantId, list, csv) {
      if (!isListKind(list)) return err('invalid_list_entry', `unknown list "${list}"; expected one of ${LIST_KINDS.join(', ')}`, 'list');
      const parsed = parseListCsv(csv, normalise);
      if (!parsed.ok) return parsed;
      const rows = parsed.value;
      const index = await indexFor(tenantId);
      if (!index.hasRoomFor(list, rows.types.length)) return err('list_full', `importing ${rows.types.length} rows could take the ${list} list past ${limits.riskListEntriesMax} entries`);
      const added = await insertListRows(db, tenantId, list, rows, clock.now());
      index.addNormalised(list, rows.types, rows.values);
      return ok({ rows: rows.types.length, added });
    },

    async entries(tenantId, list, page) {
      if (!isListKind(list)) return err('invalid_list_entry', `unknown list "${list}"; expected one of ${LIST_KINDS.join(', ')}`, 'list');
      if (page.type !== undefined && !isIdentifierType(page.type)) return err('invalid_list_entry', `unknown identifier type "${page.type}"`, 'type');
      const [afterType = '', afterValue = ''] = (page.after ?? '').split(PAGE_KEY_SEPARATOR);
      const rows = await db.query<{ identifier_type: IdentifierType; value: string; reason: string | null; added_at: string }>(
        `SELECT identifier_type, value, reason, added_at FROM risk_list_entries
          WHERE tenant_id = $1 AND list = $2 AND ($3::text IS NULL OR identifier_type = $3) AND (identifier_type, value) > ($4, $5)
          ORDER BY identifier_type, value LIMIT $6`,
        [tenantId, list, page.type ?? null, afterType, afterValue, page.limit + 1],
      );
      const more = rows.length > page.limit;
      const items = (more ? rows.slice(0, page.limit) : rows).map((r) => ({ type: r.identifier_type, value: r.value, reason: r.reason, addedAt: r.added_at as Instant }));
      const last = items[items.length - 1];
      return ok({ items, nextAfter: more && last ? `${last.type}${PAGE_KEY_SEPARATOR}${last.value}` : null });
    },

    async check(tenantId, type, value) {
      const entry = checkEntry({ list: 'black', type, value }, normalise);
      if (!entry.ok) return entry;
      const index = await indexFor(tenantId);
      const on = (list: ListKind): boolean => index.has(list, entry.value.type, entry.value.value);
      return ok({ black: on('black'), grey: on('grey'), white: on('white') });
    },
  };
}
