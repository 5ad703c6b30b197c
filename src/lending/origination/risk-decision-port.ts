/**
 * The risk engine behind origination's `DecisionPort`: the application, the customer's identity
 * (the keyed hash of the ID number, the phone) and the applicant's device signals go to the tenant's
 * deployed strategy, and its decision comes back as limit, price tier and reasons. The granted limit
 * is held within the product's range and the amount asked for: above either it is cut; below the
 * product's minimum the application is declined. A tenant that never deployed a strategy is started on the default consumer
 * strategy. When the engine cannot decide (an invalid application), the application goes to review:
 * no credit is granted by a failure.
 */
import { readFileSync } from 'node:fs';
import { ok, type Result } from '../../kernel/result.ts';
import type { RiskServices } from '../../risk/services.ts';
import type { RiskApplication } from '../../risk/features/application.ts';
import type { Decision as RiskDecision } from '../../risk/decisions/decision.ts';
import { ageOn, type ApplicationInput, type Decision, type DecisionPort } from './decision-port.ts';

const DEFAULT_STRATEGY = new URL('../../risk/strategies/default-consumer.json', import.meta.url);

/** The term, in months, the engine prices a credit line's applications at. */
const LINE_TERM_MONTHS = 12;

export function riskDecisionPort(risk: RiskServices, defaultStrategyText: string = readFileSync(DEFAULT_STRATEGY, 'utf8')): DecisionPort {
  const started = new Map<string, Promise<Result<void, string>>>();
  const startDefaultStrategy = (tenantId: string): Promise<Result<void, string>> => {
    let starting = started.get(tenantId);
    if (!starting) {
      starting = (async () => {
        const published = await risk.strategies.publish(tenantId, defaultStrategyText);
        if (!published.ok) return published;
        const activated = await risk.strategies.activate(tenantId, { champion: published.value });
        return activated.ok ? ok(undefined) : activated;
      })();
      started.set(tenantId, starting);
    }
    return starting;
  };

  const riskApplication = (input: ApplicationInput): RiskApplication => ({
    applicationId: input.applicationId,
    customerId: input.customer.id,
    appliedAt: input.appliedAt,
    requestedAmountMinor: input.requestedLimitMinor ?? input.product.amountMaxMinor,
    monthlyIncomeMinor: input.monthlyIncomeMinor,
    termMonths: LINE_TERM_MONTHS,
    age: ageOn(input.customer.birthOn, input.appliedOn),
    identity: { idNumber: input.customer.idNumberHash, phone: input.customer.phone, ...input.signals },
  });

  return {
    async decide(tenantId, inputs) {
      const applications = inputs.map(riskApplication);
      let decided = await risk.decisions.decideMany(tenantId, applications);
      if (decided.some((d) => !d.ok && d.code === 'no_active_strategy')) {
        const start = await startDefaultStrategy(tenantId);
        if (!start.ok) return inputs.map(() => review('strategy_unavailable'));
        decided = await risk.decisions.decideMany(tenantId, applications);
      }
      return decided.map((d, i) => (d.ok ? creditDecision(d.value, inputs[i] as ApplicationInput) : review(d.code)));
    },
  };
}

/** The engine's decision as the credit line's: the limit held within the product and the request. */
function creditDecision(d: RiskDecision, input: ApplicationInput): Decision {
  const base = { priceTier: d.priceTier, reasons: d.reasonCodes, decisionId: d.decisionId };
  if (d.outcome !== 'approve') return { ...base, outcome: d.outcome, limitMinor: 0n };
  if (d.currency !== input.product.currency || d.limitMinor === null) return review('strategy_currency_mismatch');
  // Never more than the product allows, nor more than the applicant asked for.
  const ceiling = input.requestedLimitMinor !== null && input.requestedLimitMinor < input.product.amountMaxMinor ? input.requestedLimitMinor : input.product.amountMaxMinor;
  const limitMinor = d.limitMinor > ceiling ? ceiling : d.limitMinor;
  if (limitMinor < input.product.amountMinMinor) return { ...base, outcome: 'reject', limitMinor: 0n, reasons: [...d.reasonCodes, 'limit_below_product_minimum'] };
  return { ...base, outcome: 'approve', limitMinor };
}

function review(reason: string): Decision {
  return { outcome: 'review', limitMinor: 0n, priceTier: null, reasons: [reason] };
}

