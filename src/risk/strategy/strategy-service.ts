/**
 * Strategy storage and deployment. Publishing stores a new numbered version of a document only if
 * it compiles; activating records which versions decide (champion, an optional challenger with its
 * traffic share, and shadows) as a new deployment row. Compiled strategies are cached by
 * (tenant, name, version): versions never change, so the cache never goes stale.
 * Invariants: an invalid document is refused before anything is written, so the active deployment is
 * untouched; strategy versions and deployments are only ever inserted. Both writes are idempotent:
 * publishing the document the name's latest version already holds returns that version, and
 * activating the deployment already in force returns it, each with `created: false`.
 */
import type { Database, Sql } from '../../db/database.ts';
import type { Clock } from '../../kernel/instant.ts';
import { AssertionError } from '../../kernel/assert.ts';
import { limits } from '../../kernel/limits.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import type { StrategyErrorCode } from '../codes.ts';
import { loadStrategy, type CompiledStrategy } from './compile.ts';
import type { StrategyIssue } from './document.ts';
import { parseStrategyText } from './parse.ts';
import {
  listDeployments, listStrategyVersions, readStrategyVersion,
  type DeploymentRecord, type Page, type PageRequest, type StrategyVersion, type StrategyVersionSummary,
} from './strategy-catalog.ts';

export interface StrategyRef {
  readonly name: string;
  readonly version: number;
}

export interface DeployedStrategy extends StrategyRef {
  readonly compiled: CompiledStrategy;
}

export interface DeploymentRequest {
  readonly champion: StrategyRef;
  readonly challenger?: StrategyRef & { readonly percent: number };
  readonly shadows?: readonly StrategyRef[];
}

export interface Deployment {
  readonly seq: number;
  readonly champion: DeployedStrategy;
  readonly challenger: (DeployedStrategy & { readonly percent: number }) | null;
  readonly shadows: readonly DeployedStrategy[];
}

export interface StrategyService {
  /** Validates, compiles and stores a document as the next version of its name. */
  publish(tenantId: string, text: string): Promise<Result<StrategyRef & { created: boolean }, StrategyErrorCode>>;
  activate(tenantId: string, request: DeploymentRequest): Promise<Result<{ seq: number; created: boolean }, StrategyErrorCode>>;
  /** The deployment in force, compiled; null when none was ever activated. */
  deployment(tenantId: string): Promise<Deployment | null>;
  compiled(tenantId: string, ref: StrategyRef): Promise<Result<CompiledStrategy, StrategyErrorCode>>;
  /** Published versions by name and version; one name's when `name` is given. */
  versions(tenantId: string, page: PageRequest & { readonly name?: string }): Promise<Page<StrategyVersionSummary>>;
  version(tenantId: string, ref: StrategyRef): Promise<Result<StrategyVersion, StrategyErrorCode>>;
  /** Every activation, latest (the one in force) first. */
  deployments(tenantId: string, page: PageRequest): Promise<Page<DeploymentRecord>>;
}

const ISSUES_IN_MESSAGE_MAX = 20;

export function describeIssues(issues: readonly StrategyIssue[]): string {
  const shown = issues.slice(0, ISSUES_IN_MESSAGE_MAX).map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`));
  const more = issues.length > ISSUES_IN_MESSAGE_MAX ? `; and ${issues.length - ISSUES_IN_MESSAGE_MAX} more` : '';
  return shown.join('; ') + more;
}

/** Parses and compiles strategy text; the error names the first problem's path. */
export function compileStrategyText(text: string): Result<CompiledStrategy, 'invalid_strategy'> {
  const parsed = parseStrategyText(text);
  const compiled = 'issues' in parsed ? { ok: false as const, issues: parsed.issues } : loadStrategy(parsed.value);
  if (!compiled.ok) return err('invalid_strategy', describeIssues(compiled.issues), compiled.issues[0]?.path);
  return ok(compiled.strategy);
}

function sameDeployment(a: DeploymentRecord, b: DeploymentRecord): boolean {
  const key = (d: DeploymentRecord): string => JSON.stringify([d.champion, d.challenger, d.shadows]);
  return key(a) === key(b);
}

export function createStrategyService({ db, clock }: { db: Database; clock: Clock }): StrategyService {
  const cache = new Map<string, CompiledStrategy>();
  const deployments = new Map<string, Deployment>();
  const cacheKey = (tenantId: string, ref: StrategyRef): string => `${tenantId}\u0000${ref.name}\u0000${ref.version}`;

  async function compiled(tenantId: string, ref: StrategyRef, sql: Sql = db): Promise<Result<CompiledStrategy, StrategyErrorCode>> {
    const key = cacheKey(tenantId, ref);
    const cached = cache.get(key);
    if (cached) return ok(cached);
    const [row] = await sql.query<{ document: unknown }>(
      'SELECT document FROM risk_strategy_versions WHERE tenant_id = $1 AND name = $2 AND version = $3',
      [tenantId, ref.name, ref.version],
    );
    if (!row) return err('strategy_not_found', `no strategy ${ref.name} version ${ref.version}`, 'name');
    const result = loadStrategy(row.document);
    if (!result.ok) return err('invalid_strategy', describeIssues(result.issues), result.issues[0]?.path);
    cache.set(key, result.strategy);
    return ok(result.strategy);
  }

  return {
    async publish(tenantId, text) {
      const strategy = compileStrategyText(text);
      if (!strategy.ok) return strategy;
      const { name, document } = strategy.value;
      const format = text.trimStart().startsWith('{') ? 'json' : 'yaml';
      const stored = JSON.stringify(document);
      const { version, created } = await db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`risk_strategy:${tenantId}:${name}`]);
        const [latest] = await tx.query<{ version: number; same: boolean }>(
          'SELECT version, document = $3::jsonb AS same FROM risk_strategy_versions WHERE tenant_id = $1 AND name = $2 ORDER BY version DESC LIMIT 1',
          [tenantId, name, stored],
        );
        if (latest?.same) return { version: latest.version, created: false };
        const next = (latest?.version ?? 0) + 1;
        await tx.query(
          'INSERT INTO risk_strategy_versions (tenant_id, name, version, document, source_format, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
          [tenantId, name, next, stored, format, clock.now()],
        );
        return { version: next, created: true };
      });
      cache.set(cacheKey(tenantId, { name, version }), strategy.value);
      return ok({ name, version, created });
    },

    async activate(tenantId, request) {
      const shadows = request.shadows ?? [];
      const challenger = request.challenger;
      if (challenger && (!Number.isInteger(challenger.percent) || challenger.percent < 0 || challenger.percent > limits.riskChallengerPercentMax)) {
        return err('invalid_deployment', `challenger percent must be an integer from 0 to ${limits.riskChallengerPercentMax}`, 'challenger.percent');
      }
      if (shadows.length > limits.riskShadowStrategiesMax) return err('invalid_deployment', `at most ${limits.riskShadowStrategiesMax} shadow strategies`, 'shadows');
      const refs = [request.champion, ...(challenger ? [challenger] : []), ...shadows];
      if (new Set(refs.map((r) => `${r.name}@${r.version}`)).size !== refs.length) return err('invalid_deployment', 'a strategy version may appear only once in a deployment', 'shadows');
      for (const ref of refs) {
        const found = await compiled(tenantId, ref);
        if (!found.ok) return found;
      }
      const requested: DeploymentRecord = {
        seq: 0, activatedAt: clock.now(),
        champion: { name: request.champion.name, version: request.champion.version },
        challenger: challenger ? { name: challenger.name, version: challenger.version, percent: challenger.percent } : null,
        shadows: shadows.map((s) => ({ name: s.name, version: s.version })),
      };
      return ok(await db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`risk_deployment:${tenantId}`]);
        const [current] = (await listDeployments(tx, tenantId, { limit: 1 })).items;
        if (current && sameDeployment(current, requested)) return { seq: current.seq, created: false };
        const next = (current?.seq ?? 0) + 1;
        await tx.query(
          `INSERT INTO risk_deployments (tenant_id, seq, champion_name, champion_version, challenger_name, challenger_version,
             challenger_percent, shadows, activated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [tenantId, next, request.champion.name, request.champion.version, challenger?.name ?? null, challenger?.version ?? null,
            challenger?.percent ?? 0, JSON.stringify(requested.shadows), requested.activatedAt],
        );
        return { seq: next, created: true };
      }));
    },

    async deployment(tenantId) {
      const [row] = await db.query<{
        seq: number; champion_name: string; champion_version: number; challenger_name: string | null;
        challenger_version: number | null; challenger_percent: number; shadows: StrategyRef[];
      }>('SELECT * FROM risk_deployments WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1', [tenantId]);
      if (!row) return null;
      const known = deployments.get(tenantId);
      if (known && known.seq === row.seq) return known;
      const deploy = async (ref: StrategyRef): Promise<DeployedStrategy> => {
        const result = await compiled(tenantId, ref);
        // Activation compiled every version it names; a failure here means the compiler changed.
        if (!result.ok) throw new AssertionError(`deployed strategy ${ref.name}@${ref.version} no longer compiles: ${result.message}`);
        return { name: ref.name, version: ref.version, compiled: result.value };
      };
      const deployment: Deployment = {
        seq: row.seq,
        champion: await deploy({ name: row.champion_name, version: row.champion_version }),
        challenger: row.challenger_name !== null && row.challenger_version !== null
          ? { ...(await deploy({ name: row.challenger_name, version: row.challenger_version })), percent: row.challenger_percent }
          : null,
        shadows: await Promise.all(row.shadows.map(deploy)),
      };
      deployments.set(tenantId, deployment);
      return deployment;
    },

    compiled: (tenantId, ref) => compiled(tenantId, ref),
    versions: (tenantId, page) => listStrategyVersions(db, tenantId, page),
    async version(tenantId, ref) {
      const found = await readStrategyVersion(db, tenantId, ref);
      return found ? ok(found) : err('strategy_not_found', `no strategy ${ref.name} version ${ref.version}`, 'version');
    },
    deployments: (tenantId, page) => listDeployments(db, tenantId, page),
  };
}
