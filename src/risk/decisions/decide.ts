/**
 * The decision path, in memory and synchronous: compute the built-in features once, pick champion or
 * challenger by the customer's bucket, evaluate it, and evaluate every shadow on the same features.
 * No database and no awaiting here — this is what the benchmark times and what the service wraps.
 * Invariant: the effective strategy and the shadows see identical built-in features, and the
 * application is recorded in velocity and graph exactly once, whatever the number of strategies.
 */
import type { FeatureValue } from '../strategy/document.ts';
import type { CompiledStrategy, StrategyEvaluation } from '../strategy/compile.ts';
import type { Deployment, DeployedStrategy } from '../strategy/strategy-service.ts';
import type { NormalisedIdentity, RiskApplication } from '../features/application.ts';
import { observeApplication, type TenantIndexes } from '../features/compute-features.ts';
import type { CustomerHistory } from '../features/history.ts';
import type { Instant } from '../../kernel/instant.ts';
import type { Decision, DecisionRole } from './decision.ts';
import { bucketOf } from './split.ts';

export interface StrategyDecision {
  readonly role: DecisionRole;
  readonly strategy: DeployedStrategy;
  readonly evaluation: StrategyEvaluation;
}

export interface InMemoryDecision {
  readonly bucket: number;
  readonly effective: StrategyDecision;
  readonly shadows: readonly StrategyDecision[];
  readonly latencyMicros: number;
}

export function decideInMemory(
  indexes: TenantIndexes,
  deployment: Deployment,
  app: RiskApplication,
  identity: NormalisedIdentity,
  history: CustomerHistory | null,
): InMemoryDecision {
  const started = performance.now();
  const { builtins, listHitMasks } = observeApplication(indexes, app, identity, history);
  const input = { builtins, fields: app.fields ?? {}, monthlyIncomeMinor: app.monthlyIncomeMinor, listHitMasks };
  const bucket = bucketOf(app.customerId);
  const challenger = deployment.challenger;
  const [role, strategy]: [DecisionRole, DeployedStrategy] = challenger !== null && bucket < challenger.percent
    ? ['challenger', challenger]
    : ['champion', deployment.champion];
  const effective = { role, strategy, evaluation: strategy.compiled.evaluate(input) };
  const shadows = deployment.shadows.map((shadow) => ({ role: 'shadow' as const, strategy: shadow, evaluation: shadow.compiled.evaluate(input) }));
  return { bucket, effective, shadows, latencyMicros: Math.round((performance.now() - started) * 1000) };
}

/** The evaluation's feature vector as a record by feature name. */
export function featureRecord(strategy: CompiledStrategy, evaluation: StrategyEvaluation): Record<string, FeatureValue> {
  const record: Record<string, FeatureValue> = {};
  strategy.featureNames.forEach((name, slot) => (record[name] = evaluation.vector[slot] as FeatureValue));
  return record;
}

export interface DecisionContext {
  readonly decisionId: string;
  readonly tenantId: string;
  readonly app: RiskApplication;
  readonly bucket: number;
  readonly latencyMicros: number;
  readonly decidedAt: Instant;
}

/** One strategy's evaluation as the decision record that is stored and explained. */
export function decisionOf({ role, strategy, evaluation }: StrategyDecision, c: DecisionContext): Decision {
  return {
    decisionId: c.decisionId,
    tenantId: c.tenantId,
    applicationId: c.app.applicationId,
    customerId: c.app.customerId,
    role,
    effective: role !== 'shadow',
    strategy: { name: strategy.name, version: strategy.version },
    outcome: evaluation.outcome,
    limitMinor: evaluation.limitMinor,
    currency: strategy.compiled.currency,
    priceTier: evaluation.priceTier,
    score: evaluation.score,
    scoreBand: evaluation.scoreBand,
    incomeBand: evaluation.incomeBand,
    reasonCodes: evaluation.reasonCodes,
    ruleHits: evaluation.ruleHits,
    features: featureRecord(strategy.compiled, evaluation),
    application: applicationJson(c.app),
    bucket: c.bucket,
    latencyMicros: c.latencyMicros,
    decidedAt: c.decidedAt,
  };
}

/** The application as stored with its decisions: amounts as decimal strings of minor units. */
function applicationJson(app: RiskApplication): Record<string, unknown> {
  return {
    ...app,
    requestedAmountMinor: app.requestedAmountMinor.toString(),
    monthlyIncomeMinor: app.monthlyIncomeMinor === null ? null : app.monthlyIncomeMinor.toString(),
  };
}
