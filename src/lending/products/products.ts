/**
 * The products service: creates a product (version 1, and its chart of accounts on the ledger),
 * revises it (a new version; type and currency are fixed for life because the product's ledger
 * accounts are in that currency), and reads versions. Versions are append-only rows; the current
 * version is the highest. Creating is idempotent by product id: the same document again answers the
 * existing version, another document answers `product_exists`. Revising with the current document
 * again makes no new version.
 */
import { assert } from '../../kernel/assert.ts';
import type { Database, Sql } from '../../db/database.ts';
import type { Clock, Instant } from '../../kernel/instant.ts';
import { limits } from '../../kernel/limits.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import type { Ledger } from '../../ledger/ledger.ts';
import { productAccountIds, productAccountInputs, type AccountRole } from './chart-of-accounts.ts';
import { pageLimit, toPage, type Page, type PageRequest } from '../../kernel/paging.ts';
import { parseProductDocument, productDocumentToJson, type ProductDocument, type ProductErrorCode } from './product-document.ts';

/**
 * Outcomes besides a bad document (`ProductErrorCode`, naming the field):
 * - `product_id_invalid`: not 1–32 letters, digits and `_.:-`;
 * - `product_exists`: the id names a product with another document (revise it instead);
 * - `product_not_found`: no product (or no such version) has the id;
 * - `product_type_fixed`, `product_currency_fixed`: a revision may not change the type or currency;
 * - `product_version_conflict`: `basedOnVersion` is not the current version, or a concurrent revision won.
 */
export type ProductResultCode =
  | ProductErrorCode
  | 'product_id_invalid'
  | 'product_exists'
  | 'product_not_found'
  | 'product_type_fixed'
  | 'product_currency_fixed'
  | 'product_version_conflict';

export interface ProductVersion {
  readonly productId: string;
  readonly version: number;
  readonly document: ProductDocument;
  readonly createdAt: Instant;
}

export interface Saved<T> {
  readonly value: T;
  /** false for a replay that wrote nothing. */
  readonly created: boolean;
}

export interface Products {
  create(tenantId: string, productId: string, document: unknown): Promise<Result<Saved<ProductVersion>, ProductResultCode>>;
  revise(tenantId: string, productId: string, document: unknown, basedOnVersion?: number): Promise<Result<Saved<ProductVersion>, ProductResultCode>>;
  /** The given version, or the current one. */
  get(tenantId: string, productId: string, version?: number): Promise<ProductVersion | null>;
  /** Current versions, by product id. */
  list(tenantId: string, page: PageRequest): Promise<Page<ProductVersion>>;
  /** Every version of a product, oldest first. */
  versions(tenantId: string, productId: string): Promise<ProductVersion[]>;
  /** The ledger account of every chart-of-accounts role of a product; null for an unknown product. */
  productAccounts(tenantId: string, productId: string): Promise<Record<AccountRole, string> | null>;
}

const PRODUCT_ID_PATTERN = new RegExp(`^[A-Za-z0-9_.:-]{1,${limits.productIdLengthMax}}$`);

interface VersionRow {
  product_id: string;
  version: number;
  document: unknown;
  created_at: string;
}

function versionFromRow(r: VersionRow): ProductVersion {
  const parsed = parseProductDocument(r.document);
  assert(parsed.ok, `stored product ${r.product_id} v${r.version} no longer parses`);
  return { productId: r.product_id, version: r.version, document: parsed.value, createdAt: r.created_at as Instant };
}

function canonical(doc: ProductDocument): string {
  return JSON.stringify(productDocumentToJson(doc));
}

async function insertVersion(sql: Sql, tenantId: string, productId: string, version: number, doc: ProductDocument, now: Instant): Promise<VersionRow | null> {
  const [row] = await sql.query<VersionRow & Record<string, unknown>>(
    `INSERT INTO lending_product_versions (tenant_id, product_id, version, type, currency, document, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING
     RETURNING product_id, version, document, created_at`,
    [tenantId, productId, version, doc.type, doc.currency, JSON.stringify(productDocumentToJson(doc)), now],
  );
  return row ?? null;
}

/** Parses a document, naming a bad field by its path from the request (`document.pricing.rate`). */
function parseDocument(document: unknown): Result<ProductDocument, ProductErrorCode> {
  const parsed = parseProductDocument(document);
  if (parsed.ok) return parsed;
  return err(parsed.code, parsed.message, parsed.param ? `document.${parsed.param}` : 'document');
}

const SELECT_VERSION = 'SELECT product_id, version, document, created_at FROM lending_product_versions';

export function createProducts(deps: { db: Database; clock: Clock; ledger: Ledger }): Products {
  const { db, clock, ledger } = deps;

  const current = async (tenantId: string, productId: string): Promise<ProductVersion | null> => {
    const [row] = await db.query<VersionRow & Record<string, unknown>>(`${SELECT_VERSION} WHERE tenant_id = $1 AND product_id = $2 ORDER BY version DESC LIMIT 1`, [tenantId, productId]);
    return row ? versionFromRow(row) : null;
  };

  return {
    async create(tenantId, productId, document) {
      if (!PRODUCT_ID_PATTERN.test(productId)) return err('product_id_invalid', `a product id is 1–${limits.productIdLengthMax} letters, digits and _.:-`, 'id');
      const parsed = parseDocument(document);
      if (!parsed.ok) return parsed;
      const existing = await current(tenantId, productId);
      if (existing !== null) {
        if (existing.version === 1 && canonical(existing.document) === canonical(parsed.value)) return ok({ value: existing, created: false });
        return err('product_exists', `product ${productId} exists; revise it with a new version`, 'id');
      }
      // Accounts first: creating them is idempotent, so a crash before the version is written leaves
      // only empty accounts that the retry finds again.
      const accounts = await ledger.createAccounts(tenantId, productAccountInputs(productId, parsed.value.currency));
      assert(accounts.ok && accounts.value.every((r) => r === 'ok' || r === 'exists'), `product ${productId}: chart of accounts not created`);
      const row = await insertVersion(db, tenantId, productId, 1, parsed.value, clock.now());
      if (row === null) return err('product_exists', `product ${productId} was created at the same time`, 'id');
      return ok({ value: versionFromRow(row), created: true });
    },

    async revise(tenantId, productId, document, basedOnVersion) {
      const parsed = parseDocument(document);
      if (!parsed.ok) return parsed;
      const latest = await current(tenantId, productId);
      if (latest === null) return err('product_not_found', `no product ${productId}`, 'productId');
      if (basedOnVersion !== undefined && basedOnVersion !== latest.version) {
        return err('product_version_conflict', `the current version is ${latest.version}, not ${basedOnVersion}`, 'basedOnVersion');
      }
      if (parsed.value.type !== latest.document.type) return err('product_type_fixed', 'a product keeps its type; create another product', 'document.type');
      if (parsed.value.currency !== latest.document.currency) return err('product_currency_fixed', 'a product keeps its currency; create another product', 'document.currency');
      if (canonical(parsed.value) === canonical(latest.document)) return ok({ value: latest, created: false });
      const row = await insertVersion(db, tenantId, productId, latest.version + 1, parsed.value, clock.now());
      if (row === null) return err('product_version_conflict', 'another revision was saved at the same time; read the product and retry', 'basedOnVersion');
      return ok({ value: versionFromRow(row), created: true });
    },

    async get(tenantId, productId, version) {
      if (version === undefined) return current(tenantId, productId);
      const [row] = await db.query<VersionRow & Record<string, unknown>>(`${SELECT_VERSION} WHERE tenant_id = $1 AND product_id = $2 AND version = $3`, [tenantId, productId, version]);
      return row ? versionFromRow(row) : null;
    },

    async list(tenantId, page) {
      const limit = pageLimit(page);
      const rows = await db.query<VersionRow & Record<string, unknown>>(
        `SELECT DISTINCT ON (product_id) product_id, version, document, created_at FROM lending_product_versions
         WHERE tenant_id = $1 AND product_id > $2 ORDER BY product_id, version DESC LIMIT $3`,
        [tenantId, page.cursor ?? '', limit + 1],
      );
      return toPage(rows, limit, (r) => r.product_id, versionFromRow);
    },

    async versions(tenantId, productId) {
      const rows = await db.query<VersionRow & Record<string, unknown>>(`${SELECT_VERSION} WHERE tenant_id = $1 AND product_id = $2 ORDER BY version LIMIT ${limits.pageSizeMax}`, [tenantId, productId]);
      return rows.map(versionFromRow);
    },

    async productAccounts(tenantId, productId) {
      const [row] = await db.query('SELECT 1 FROM lending_product_versions WHERE tenant_id = $1 AND product_id = $2 LIMIT 1', [tenantId, productId]);
      return row ? productAccountIds(productId) : null;
    },
  };
}
