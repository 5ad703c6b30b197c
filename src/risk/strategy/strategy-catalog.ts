/**
 * Reading the strategy catalogue: published versions (without their documents, a page at a time),
 * one version with its document, and the history of deployments. Reads only; `strategy-service.ts`
 * owns every write. Pages are keyset pages: `after` is the opaque key of the last row seen, so a page
 * never skips or repeats a row when versions are published meanwhile.
 */
import type { Sql } from '../../db/database.ts';
import type { Instant } from '../../kernel/instant.ts';
import type { StrategyDocument } from './document.ts';
import type { StrategyRef } from './strategy-service.ts';

export interface PageRequest {
  /** The `nextAfter` of the previous page. */
  readonly after?: string;
  readonly limit: number;
}

export interface Page<T> {
  readonly items: T[];
  /** Pass as `after` for the next page; null on the last page. */
  readonly nextAfter: string | null;
}

export interface StrategyVersionSummary extends StrategyRef {
  readonly description: string | null;
  readonly sourceFormat: 'json' | 'yaml';
  readonly createdAt: Instant;
}

export interface StrategyVersion extends StrategyVersionSummary {
  readonly document: StrategyDocument;
}

export interface DeploymentRecord {
  readonly seq: number;
  readonly champion: StrategyRef;
  readonly challenger: (StrategyRef & { readonly percent: number }) | null;
  readonly shadows: readonly StrategyRef[];
  readonly activatedAt: Instant;
}

const KEY_SEPARATOR = '\u0000';

function pageOf<R, T>(rows: R[], limit: number, view: (row: R) => T, keyOf: (row: R) => string): Page<T> {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown[shown.length - 1];
  return { items: shown.map(view), nextAfter: more && last !== undefined ? keyOf(last) : null };
}

interface VersionRow {
  name: string;
  version: number;
  description: string | null;
  source_format: 'json' | 'yaml';
  created_at: string;
  [column: string]: unknown;
}

const summaryOf = (row: VersionRow): StrategyVersionSummary => ({
  name: row.name, version: row.version, description: row.description, sourceFormat: row.source_format, createdAt: row.created_at as Instant,
});

/** Versions by name, then version; only one name's when `name` is given. */
export async function listStrategyVersions(sql: Sql, tenantId: string, page: PageRequest & { readonly name?: string }): Promise<Page<StrategyVersionSummary>> {
  const [afterName = '', afterVersion = '0'] = (page.after ?? '').split(KEY_SEPARATOR);
  const rows = await sql.query<VersionRow>(
    `SELECT name, version, document->>'description' AS description, source_format, created_at FROM risk_strategy_versions
      WHERE tenant_id = $1 AND ($2::text IS NULL OR name = $2) AND (name, version) > ($3, $4::int)
      ORDER BY name, version LIMIT $5`,
    [tenantId, page.name ?? null, afterName, Number.parseInt(afterVersion, 10) || 0, page.limit + 1],
  );
  return pageOf(rows, page.limit, summaryOf, (r) => `${r.name}${KEY_SEPARATOR}${r.version}`);
}

export async function readStrategyVersion(sql: Sql, tenantId: string, ref: StrategyRef): Promise<StrategyVersion | null> {
  const [row] = await sql.query<VersionRow & { document: StrategyDocument }>(
    `SELECT name, version, document->>'description' AS description, source_format, created_at, document FROM risk_strategy_versions
      WHERE tenant_id = $1 AND name = $2 AND version = $3`,
    [tenantId, ref.name, ref.version],
  );
  return row ? { ...summaryOf(row), document: row.document } : null;
}

interface DeploymentRow {
  seq: number;
  champion_name: string;
  champion_version: number;
  challenger_name: string | null;
  challenger_version: number | null;
  challenger_percent: number;
  shadows: StrategyRef[];
  activated_at: string;
  [column: string]: unknown;
}

const deploymentOf = (row: DeploymentRow): DeploymentRecord => ({
  seq: row.seq,
  champion: { name: row.champion_name, version: row.champion_version },
  challenger: row.challenger_name !== null && row.challenger_version !== null
    ? { name: row.challenger_name, version: row.challenger_version, percent: row.challenger_percent }
    : null,
  shadows: row.shadows,
  activatedAt: row.activated_at as Instant,
});

/** Deployments, latest first: the first item of the first page is the one in force. */
export async function listDeployments(sql: Sql, tenantId: string, page: PageRequest): Promise<Page<DeploymentRecord>> {
  const before = page.after === undefined ? null : Number.parseInt(page.after, 10) || 0;
  const rows = await sql.query<DeploymentRow>(
    `SELECT * FROM risk_deployments WHERE tenant_id = $1 AND ($2::int IS NULL OR seq < $2) ORDER BY seq DESC LIMIT $3`,
    [tenantId, before, page.limit + 1],
  );
  return pageOf(rows, page.limit, deploymentOf, (r) => String(r.seq));
}
