/**
 * Decision rows in `risk_decisions`: insert and read, nothing else — the table refuses UPDATE,
 * DELETE and TRUNCATE by trigger. Features and hits are stored as JSON; the limit as int8 minor units.
 */
import type { Sql } from '../../db/database.ts';
import type { Currency } from '../../kernel/money.ts';
import type { Instant } from '../../kernel/instant.ts';
import type { Decision, DecisionRole } from './decision.ts';
import type { FeatureValue, Outcome } from '../strategy/document.ts';
import type { Page, PageRequest } from '../strategy/strategy-catalog.ts';

interface DecisionRow {
  tenant_id: string;
  decision_id: string;
  application_id: string;
  customer_id: string;
  role: DecisionRole;
  effective: boolean;
  strategy_name: string;
  strategy_version: number;
  outcome: Outcome;
  limit_minor: bigint | null;
  currency: string;
  price_tier: string | null;
  score: number;
  score_band: string;
  income_band: string;
  reason_codes: string[];
  rule_hits: string[];
  features: Record<string, FeatureValue>;
  application: Record<string, unknown>;
  bucket: number;
  latency_micros: number;
  decided_at: string;
  [column: string]: unknown;
}

const COLUMNS = `tenant_id, decision_id, application_id, customer_id, role, effective, strategy_name, strategy_version,
  outcome, limit_minor, currency, price_tier, score, score_band, income_band, reason_codes, rule_hits, features,
  application, bucket, latency_micros, decided_at`;

/** An application as the decision service records it: who applied, when, and the identity it was decided on. */
export interface AppliedRecord {
  readonly applicationId: string;
  readonly customerId: string;
  readonly appliedAt: Instant;
  readonly identity: unknown;
}

/**
 * Records applications and their decisions (each application's effective one and its shadows) in one
 * statement, hence one implicit transaction: both or neither. A unique violation means an application
 * was recorded already, and nothing of this call is written.
 */
export async function insertApplicationDecisions(sql: Sql, tenantId: string, applications: readonly AppliedRecord[], decisions: readonly Decision[]): Promise<void> {
  if (applications.length === 0 && decisions.length === 0) return;
  const rows = decisions.map((d) => ({
    tenant_id: d.tenantId, decision_id: d.decisionId, application_id: d.applicationId, customer_id: d.customerId, role: d.role, effective: d.effective,
    strategy_name: d.strategy.name, strategy_version: d.strategy.version, outcome: d.outcome, limit_minor: d.limitMinor?.toString() ?? null,
    currency: d.currency, price_tier: d.priceTier, score: d.score, score_band: d.scoreBand, income_band: d.incomeBand, reason_codes: d.reasonCodes,
    rule_hits: d.ruleHits, features: d.features, application: d.application, bucket: d.bucket, latency_micros: d.latencyMicros, decided_at: d.decidedAt,
  }));
  await sql.query(
    `WITH applications AS (
       INSERT INTO risk_applications (tenant_id, application_id, customer_id, applied_at, identity)
       SELECT $1, a.application_id, a.customer_id, a.applied_at, a.identity
       FROM jsonb_to_recordset($2::jsonb) AS a(application_id text, customer_id text, applied_at timestamptz, identity jsonb)
     )
     INSERT INTO risk_decisions (${COLUMNS})
     SELECT ${COLUMNS} FROM jsonb_to_recordset($3::jsonb) AS d(tenant_id text, decision_id text, application_id text, customer_id text, role text,
       effective boolean, strategy_name text, strategy_version int, outcome text, limit_minor int8, currency text, price_tier text,
       score float8, score_band text, income_band text, reason_codes jsonb, rule_hits jsonb, features jsonb, application jsonb, bucket int,
       latency_micros int, decided_at timestamptz)`,
    [
      tenantId,
      JSON.stringify(applications.map((a) => ({ application_id: a.applicationId, customer_id: a.customerId, applied_at: a.appliedAt, identity: a.identity }))),
      JSON.stringify(rows),
    ],
  );
}

function fromRow(row: DecisionRow): Decision {
  return {
    decisionId: row.decision_id,
    tenantId: row.tenant_id,
    applicationId: row.application_id,
    customerId: row.customer_id,
    role: row.role,
    effective: row.effective,
    strategy: { name: row.strategy_name, version: row.strategy_version },
    outcome: row.outcome,
    limitMinor: row.limit_minor,
    currency: row.currency as Currency,
    priceTier: row.price_tier,
    score: row.score,
    scoreBand: row.score_band,
    incomeBand: row.income_band,
    reasonCodes: row.reason_codes,
    ruleHits: row.rule_hits,
    features: row.features,
    application: row.application,
    bucket: row.bucket,
    latencyMicros: row.latency_micros,
    decidedAt: row.decided_at as Instant,
  };
}

export async function readDecision(sql: Sql, tenantId: string, decisionId: string): Promise<Decision | null> {
  const [row] = await sql.query<DecisionRow>(`SELECT ${COLUMNS} FROM risk_decisions WHERE tenant_id = $1 AND decision_id = $2`, [tenantId, decisionId]);
  return row ? fromRow(row) : null;
}

/** The effective decision of each of these applications that has one, by application id. */
export async function readEffectiveDecisions(sql: Sql, tenantId: string, applicationIds: readonly string[]): Promise<Map<string, Decision>> {
  const rows = await sql.query<DecisionRow>(
    `SELECT ${COLUMNS} FROM risk_decisions WHERE tenant_id = $1 AND application_id = ANY($2::text[]) AND effective`,
    [tenantId, applicationIds],
  );
  return new Map(rows.map((r) => [r.application_id, fromRow(r)]));
}

/** Every decision on an application: the effective one first, then shadows. */
export async function readApplicationDecisions(sql: Sql, tenantId: string, applicationId: string): Promise<Decision[]> {
  const rows = await sql.query<DecisionRow>(
    `SELECT ${COLUMNS} FROM risk_decisions WHERE tenant_id = $1 AND application_id = $2 ORDER BY effective DESC, decision_id`,
    [tenantId, applicationId],
  );
  return rows.map(fromRow);
}

/** Decisions by id — ids sort by creation time — after the page key, optionally of one application. */
export async function listDecisions(sql: Sql, tenantId: string, page: PageRequest & { readonly applicationId?: string }): Promise<Page<Decision>> {
  const rows = await sql.query<DecisionRow>(
    `SELECT ${COLUMNS} FROM risk_decisions
      WHERE tenant_id = $1 AND ($2::text IS NULL OR application_id = $2) AND decision_id > $3
      ORDER BY decision_id LIMIT $4`,
    [tenantId, page.applicationId ?? null, page.after ?? '', page.limit + 1],
  );
  const more = rows.length > page.limit;
  const items = (more ? rows.slice(0, page.limit) : rows).map(fromRow);
  return { items, nextAfter: more ? (items[items.length - 1]?.decisionId ?? null) : null };
}
