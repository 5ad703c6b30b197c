/**
 * The servicing engine's public surface: pure operations on a serialisable `LoanState`, each
 * returning the new state and its ledger postings, used alike by end of day, the HTTP API and
 * `lendcore loan simulate`.
 */
export { openLoan } from './open-loan.ts';
export { closeDay } from './close-day.ts';
export { applyRepayment } from './apply-repayment.ts';
export { applyRefund } from './apply-refund.ts';
export { applyRecovery } from './apply-recovery.ts';
export { applyWaiver } from './apply-waiver.ts';
export { applyEvent, EVENT_TYPES, type EventType } from './apply-event.ts';
export { payoffQuote, quoteOnState, stateOn } from './payoff-quote.ts';
export { eventAllocation, type EventAllocation } from './event-allocation.ts';
export { parseLoanTerms } from './parse-terms.ts';
export { serializeLoanState, deserializeLoanState } from './serialize.ts';
export { replayLoan, type LoanEvent as HistoryEvent } from './replay.ts';
export { reverseEvent, postingDifference } from './reverse-event.ts';
export { simulateLoan, parseSimulationInput, scheduleAsOf } from './simulate.ts';
export { bucketOf } from './buckets.ts';
export { allocationJson, loanStatementJson } from './simulate-json.ts';
export { nextCloseNeededOn, skipIdleDays } from './next-close.ts';
export { BUCKETS, RECEIVABLE_BALANCE_OF, RECEIVABLE_ROLES } from './types.ts';
export type * from './types.ts';
