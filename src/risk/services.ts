/**
 * The risk module's composition: strategy, list and decision services over one database, clock and
 * id generator. HTTP routes and CLI commands call these and map result codes (./codes.ts) to their
 * own errors; nothing else in risk is meant to be reached from outside.
 */
import type { Database } from '../db/database.ts';
import type { IdGenerator } from '../kernel/ids.ts';
import type { Clock } from '../kernel/instant.ts';
import { createDecisionService, type DecisionService } from './decisions/decision-service.ts';
import { noCustomerHistory, type CustomerHistoryPort } from './features/history.ts';
import type { IdentifierNormaliser } from './identifiers.ts';
import { createListService, type ListService } from './lists/list-service.ts';
import { createStrategyService, type StrategyService } from './strategy/strategy-service.ts';

export interface RiskServices {
  readonly strategies: StrategyService;
  readonly lists: ListService;
  readonly decisions: DecisionService;
}

export interface RiskDeps {
  readonly db: Database;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Lending's view of customers' loans; defaults to nobody having history. */
  readonly history?: CustomerHistoryPort;
  /** How identifiers are compared; by default normalised only, ID numbers not keyed. */
  readonly normalise?: IdentifierNormaliser;
}

export function createRiskServices({ db, clock, ids, history = noCustomerHistory, normalise }: RiskDeps): RiskServices {
  const strategies = createStrategyService({ db, clock });
  const lists = createListService({ db, clock, ...(normalise === undefined ? {} : { normalise }) });
  const decisions = createDecisionService({ db, clock, ids, strategies, lists, history });
  return { strategies, lists, decisions };
}
