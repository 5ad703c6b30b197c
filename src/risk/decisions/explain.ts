/**
 * Explains a stored decision against the strategy version that made it: which rules and list checks
 * hit (with their conditions), what each scorecard feature scored, and which cell gave the offer.
 * Pure: the stored features are enough, nothing is recomputed from live indexes.
 */
import { compileScorecard } from '../scorecard/model.ts';
import type { Condition, Outcome, StrategyDocument } from '../strategy/document.ts';
import type { Decision } from './decision.ts';

export interface DecisionExplanation {
  readonly rules: readonly { id: string; outcome: Outcome; reason: string; when: Condition }[];
  readonly lists: readonly { list: string; outcome: Outcome; reason: string }[];
  readonly scorecard: readonly { feature: string; value: unknown; points: number; maxPoints: number }[];
  readonly offer: { scoreBand: string; incomeBand: string };
}

export function explainDecision(decision: Decision, document: StrategyDocument): DecisionExplanation {
  const hits = new Set(decision.ruleHits);
  const rules = document.rules.filter((r) => hits.has(r.id)).map((r) => ({ id: r.id, outcome: r.outcome, reason: r.reason, when: r.when }));
  const lists = (document.lists ?? [])
    .filter((l) => hits.has(`list:${l.list}:${l.reason}`))
    .map((l) => ({ list: l.list, outcome: l.outcome, reason: l.reason }));
  const scored = compileScorecard(document.scorecard)(decision.features);
  const scorecard = scored.byFeature.map((f) => ({ feature: f.name, value: decision.features[f.name] ?? null, points: f.points, maxPoints: f.maxPoints }));
  return { rules, lists, scorecard, offer: { scoreBand: decision.scoreBand, incomeBand: decision.incomeBand } };
}
