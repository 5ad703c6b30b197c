/**
 * The events a loan takes on its open business date, between end-of-day closes: a borrower's
 * repayment, a purchase refund, a recovery after write-off, a lender's penalty waiver, and a credit
 * balance refund paying back what the lender owes. One operation
 * each, the same for the database path, the seeded simulation and `lendcore loan simulate`.
 */
import type { LocalDate } from '../../kernel/local-date.ts';
import type { Result } from '../../kernel/result.ts';
import { applyCreditBalanceRefund } from './apply-credit-balance-refund.ts';
import { applyRecovery } from './apply-recovery.ts';
import { applyRefund } from './apply-refund.ts';
import { applyRepayment } from './apply-repayment.ts';
import { applyWaiver } from './apply-waiver.ts';
import type { LoanState, LoanTerms, ServicingErrorCode, Step } from './types.ts';

export const EVENT_TYPES = ['repayment', 'refund', 'recovery', 'waiver', 'creditBalanceRefund'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const OPERATIONS: Readonly<Record<EventType, (state: LoanState, terms: LoanTerms, on: LocalDate, amountMinor: bigint) => Result<Step, ServicingErrorCode>>> = {
  repayment: applyRepayment,
  refund: applyRefund,
  recovery: applyRecovery,
  waiver: applyWaiver,
  creditBalanceRefund: applyCreditBalanceRefund,
};

export function applyEvent(type: EventType, state: LoanState, terms: LoanTerms, on: LocalDate, amountMinor: bigint): Result<Step, ServicingErrorCode> {
  return OPERATIONS[type](state, terms, on, amountMinor);
}
