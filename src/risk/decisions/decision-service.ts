/**
 * DecisionService: `decide(tenantId, application)` validates the application, answers a repeated
 * application id with the decision already made, loads the tenant's deployment and in-memory indexes,
 * decides in memory (./decide.ts), and stores the application and every decision (effective and
 * shadows) in one transaction. `decideMany` does the same for a batch, in order, in one transaction
 * (`decide` is a batch of one).
 * Invariants:
 * - one effective decision per application id (a unique index; a replay returns the stored one);
 * - decision rows are only inserted (the table's triggers refuse anything else);
 * - a tenant's velocity and graph indexes are rebuilt from `risk_applications` on first use, so a
 *   restarted process counts exactly the applications stored. An application is recorded in memory
 *   when it is decided; if storing it then fails, it still counts in this process until restart
 *   (an attempted application is still an application).
 */
import type { Database } from '../../db/database.ts';
import { assert, AssertionError } from '../../kernel/assert.ts';
import { limits } from '../../kernel/limits.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { Clock } from '../../kernel/instant.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import type { DecisionErrorCode } from '../codes.ts';
import { normaliseApplication, type NormalisedIdentity, type RiskApplication } from '../features/application.ts';
import { createTenantIndexes, recordApplication, type TenantIndexes } from '../features/compute-features.ts';
import type { CustomerHistoryPort } from '../features/history.ts';
import type { ListService } from '../lists/list-service.ts';
import type { StrategyService } from '../strategy/strategy-service.ts';
import type { Decision } from './decision.ts';
import { decideInMemory, decisionOf, type StrategyDecision } from './decide.ts';
import { insertApplicationDecisions, listDecisions, readApplicationDecisions, readDecision, readEffectiveDecisions } from './decision-store.ts';
import type { Page, PageRequest } from '../strategy/strategy-catalog.ts';
import { explainDecision, type DecisionExplanation } from './explain.ts';

export interface DecisionService {
  decide(tenantId: string, application: RiskApplication): Promise<Result<Decision, DecisionErrorCode>>;
  /** Many applications (at most limits.riskDecisionBatchMax), decided in order; one outcome per application. */
  decideMany(tenantId: string, applications: readonly RiskApplication[]): Promise<Result<Decision, DecisionErrorCode>[]>;
  get(tenantId: string, decisionId: string): Promise<Result<{ decision: Decision; explanation: DecisionExplanation }, DecisionErrorCode>>;
  /** The effective decision and the shadows for one application. */
  forApplication(tenantId: string, applicationId: string): Promise<Decision[]>;
  /** Decisions by id (so by time), a page at a time; one application's when `applicationId` is given. */
  list(tenantId: string, page: PageRequest & { readonly applicationId?: string }): Promise<Page<Decision>>;
}

export interface DecisionServiceDeps {
  readonly db: Database;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly strategies: StrategyService;
  readonly lists: ListService;
  readonly history: CustomerHistoryPort;
}

const REPLAY_PAGE_ROWS = 50_000;
const UNIQUE_VIOLATION = '23505';

/** Rebuilds velocity and graph for a tenant by replaying its stored applications in time order. */
async function loadTenantIndexes(db: Database, lists: ListService, tenantId: string): Promise<TenantIndexes> {
  const indexes = createTenantIndexes(await lists.indexFor(tenantId));
  let after: [string, string] = ['-infinity', ''];
  for (;;) {
    const rows = await db.query<{ application_id: string; applied_at: string; identity: NormalisedIdentity }>(
      `SELECT application_id, applied_at, identity FROM risk_applications
        WHERE tenant_id = $1 AND (applied_at, application_id) > ($2::timestamptz, $3)
        ORDER BY applied_at, application_id LIMIT ${REPLAY_PAGE_ROWS}`,
      [tenantId, ...after],
    );
    for (const row of rows) recordApplication(indexes, row.identity, Date.parse(row.applied_at));
    const last = rows[rows.length - 1];
    if (!last || rows.length < REPLAY_PAGE_ROWS) break;
    after = [last.applied_at, last.application_id];
  }
  return indexes;
}

export function createDecisionService(deps: DecisionServiceDeps): DecisionService {
  const { db, clock, ids, strategies, lists, history } = deps;
  const tenantIndexes = new Map<string, Promise<TenantIndexes>>();
  const indexesFor = (tenantId: string): Promise<TenantIndexes> => {
    let indexes = tenantIndexes.get(tenantId);
    if (!indexes) {
      indexes = loadTenantIndexes(db, lists, tenantId);
      tenantIndexes.set(tenantId, indexes);
      indexes.catch(() => tenantIndexes.delete(tenantId));
    }
    return indexes;
  };

  const toDecision = (tenantId: string, app: RiskApplication, bucket: number, latencyMicros: number, made: StrategyDecision): Decision =>
    decisionOf(made, { decisionId: ids.next('dec'), tenantId, app, bucket, latencyMicros, decidedAt: clock.now() });

  /**
   * Decides applications in order, each seeing in velocity and graph every one decided before it (in
   * this batch too), then stores them all in one statement. An application id already decided, or
   * given twice, answers the first decision.
   */
  const decideMany: DecisionService['decideMany'] = async (tenantId, apps) => {
    assert(apps.length <= limits.riskDecisionBatchMax, `a decision batch holds at most ${limits.riskDecisionBatchMax} applications`);
    if (apps.length === 0) return [];
    const identities = apps.map((app) => normaliseApplication(app, lists.normalise));
    // Read at once, each on a connection of its own: every one is on the critical path of the batch.
    // The deployment and histories are read for every well-formed application, replays included.
    const wellFormed = apps.filter((_, i) => identities[i]?.ok === true);
    const [earlier, deployment, histories] = await Promise.all([
      readEffectiveDecisions(db, tenantId, apps.map((a) => a.applicationId)),
      wellFormed.length === 0 ? null : strategies.deployment(tenantId),
      wellFormed.length === 0 ? new Map() : history.historiesOf(tenantId, [...new Set(wellFormed.map((a) => a.customerId))]),
    ]);
    const indexes = deployment === null ? null : await indexesFor(tenantId);

    const made: { app: RiskApplication; identity: NormalisedIdentity; effective: Decision; shadows: Decision[] }[] = [];
    const decided = new Map(earlier);
    const outcomes = apps.map((app, i): Result<Decision, DecisionErrorCode> => {
      const identity = identities[i] as Result<NormalisedIdentity, DecisionErrorCode>;
      if (!identity.ok) return identity;
      const before = decided.get(app.applicationId);
      if (before) return ok(before);
      if (deployment === null || indexes === null) return err('no_active_strategy', 'no strategy has been activated for this tenant');
      const decision = decideInMemory(indexes, deployment, app, identity.value, histories.get(app.customerId) ?? null);
      const effective = toDecision(tenantId, app, decision.bucket, decision.latencyMicros, decision.effective);
      made.push({ app, identity: identity.value, effective, shadows: decision.shadows.map((s) => toDecision(tenantId, app, decision.bucket, decision.latencyMicros, s)) });
      decided.set(app.applicationId, effective);
      return ok(effective);
    });
    if (made.length === 0) return outcomes;
    try {
      await insertApplicationDecisions(
        db,
        tenantId,
        made.map((m) => ({ applicationId: m.app.applicationId, customerId: m.app.customerId, appliedAt: m.app.appliedAt, identity: m.identity })),
        made.flatMap((m) => [m.effective, ...m.shadows]),
      );
    } catch (error) {
      // A concurrent decide of one of these applications won the race: answer every one with what is stored.
      if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
      const stored = await readEffectiveDecisions(db, tenantId, apps.map((a) => a.applicationId));
      return outcomes.map((o, i) => {
        if (!o.ok) return o;
        const decision = stored.get((apps[i] as RiskApplication).applicationId);
        if (!decision) throw error;
        return ok(decision);
      });
    }
    return outcomes;
  };

  return {
    decide: async (tenantId, app) => (await decideMany(tenantId, [app]))[0] as Result<Decision, DecisionErrorCode>,
    decideMany,

    async get(tenantId, decisionId) {
      const decision = await readDecision(db, tenantId, decisionId);
      if (!decision) return err('decision_not_found', `no decision ${decisionId}`, 'decisionId');
      const strategy = await strategies.compiled(tenantId, decision.strategy);
      // The decision's strategy version was stored before the decision and is never deleted.
      if (!strategy.ok) throw new AssertionError(`decision ${decisionId} names strategy ${decision.strategy.name}@${decision.strategy.version}: ${strategy.code}`);
      return ok({ decision, explanation: explainDecision(decision, strategy.value.document) });
    },

    forApplication: (tenantId, applicationId) => readApplicationDecisions(db, tenantId, applicationId),
    list: (tenantId, page) => listDecisions(db, tenantId, page),
  };
}
