/**
 * A risk decision: what was decided for one application by one strategy version, with everything
 * needed to explain it later — inputs, features, rule hits, score, reasons. Decisions are facts:
 * stored once, never updated. The effective decision (champion or challenger) is the one that
 * counts; shadow decisions are recorded beside it and change nothing.
 */
import { formatAmount, type Currency } from '../../kernel/money.ts';
import type { Instant } from '../../kernel/instant.ts';
import type { FeatureValue, Outcome } from '../strategy/document.ts';

export type DecisionRole = 'champion' | 'challenger' | 'shadow';

export interface Decision {
  readonly decisionId: string;
  readonly tenantId: string;
  readonly applicationId: string;
  readonly customerId: string;
  readonly role: DecisionRole;
  readonly effective: boolean;
  readonly strategy: { readonly name: string; readonly version: number };
  readonly outcome: Outcome;
  readonly limitMinor: bigint | null;
  readonly currency: Currency;
  readonly priceTier: string | null;
  readonly score: number;
  readonly scoreBand: string;
  readonly incomeBand: string;
  readonly reasonCodes: readonly string[];
  readonly ruleHits: readonly string[];
  readonly features: Readonly<Record<string, FeatureValue>>;
  /** The application as received (amounts as decimal strings of minor units). */
  readonly application: Readonly<Record<string, unknown>>;
  readonly bucket: number;
  /** Time to compute features and evaluate every strategy, excluding storage. */
  readonly latencyMicros: number;
  readonly decidedAt: Instant;
}

/**
 * The decision as clients see it (HTTP and the CLI): the limit and the application's amounts as
 * decimal strings in major units of the decision's currency; features as computed (amount features
 * are minor units, as the strategy's rules compare them).
 */
export function decisionToJson(d: Decision): Record<string, unknown> {
  const minorToAmount = (value: unknown): string | null => (typeof value === 'string' && /^\d+$/.test(value) ? formatAmount(BigInt(value), d.currency) : null);
  const { requestedAmountMinor, monthlyIncomeMinor, ...application } = d.application;
  return {
    id: d.decisionId,
    applicationId: d.applicationId,
    customerId: d.customerId,
    role: d.role,
    effective: d.effective,
    strategy: d.strategy,
    outcome: d.outcome,
    limit: d.limitMinor === null ? null : formatAmount(d.limitMinor, d.currency),
    currency: d.currency,
    priceTier: d.priceTier,
    score: d.score,
    scoreBand: d.scoreBand,
    incomeBand: d.incomeBand,
    reasonCodes: d.reasonCodes,
    ruleHits: d.ruleHits,
    features: d.features,
    application: { ...application, requestedAmount: minorToAmount(requestedAmountMinor), monthlyIncome: minorToAmount(monthlyIncomeMinor) },
    bucket: d.bucket,
    latencyMicros: d.latencyMicros,
    decidedAt: d.decidedAt,
  };
}
