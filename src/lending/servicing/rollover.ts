/**
 * Moving a loan to a business date: every installment whose due date has come is finalized (its
 * interest is what its period earned, its principal what the schedule asks or what was prepaid into
 * it), its fee is recognised, and the next interest period starts on the principal outstanding.
 * Called first by every operation on a date, so "due" always means due on or before that date.
 */
import type { LocalDate } from '../../kernel/local-date.ts';
import { post, reverseInterest, type Draft } from './draft.ts';
import { interestThrough } from './period-interest.ts';
import { reproject, restoreUntouchedPeriods } from './reproject.ts';
import type { LoanTerms } from './types.ts';

export function rollover(draft: Draft, terms: LoanTerms, on: LocalDate): void {
  while (draft.periodIndex < draft.installments.length && draft.installments[draft.periodIndex]!.dueOn <= on) {
    const dueOn = draft.installments[draft.periodIndex]!.dueOn;
    reproject(draft, terms, dueOn, false);
    const installment = draft.installments[draft.periodIndex]!;
    recognizeInterest(draft, installment.interestMinor - draft.periodAccruedMinor);
    const feeUnpaid = installment.feeMinor - installment.feePaidMinor;
    if (!draft.nonAccrual) post(draft, 'feeReceivable', 'feeIncome', feeUnpaid, 'feeRecognition');
    draft.periodIndex += 1;
    draft.segmentFromOn = dueOn;
    draft.segmentBalanceMinor = draft.principalOutstandingMinor;
    draft.periodClosedInterestMinor = 0n;
    draft.periodAccruedMinor = 0n;
    reproject(draft, terms, on, false);
  }
}

/** Accrues (or, in non-accrual, suspends) interest of the current period; negative reverses. */
export function recognizeInterest(draft: Draft, deltaMinor: bigint): void {
  if (deltaMinor === 0n) return;
  draft.periodAccruedMinor += deltaMinor;
  if (draft.nonAccrual) return;
  if (deltaMinor > 0n) post(draft, 'interestReceivable', 'interestIncome', deltaMinor, 'interestAccrual');
  else reverseInterest(draft, -deltaMinor, 'interestAccrual');
}

/**
 * Opens an event (a repayment, a refund, or the payoff quoted for one) on `on`: the loan moves to
 * that date and the periods no event touched are restored (`restoreUntouchedPeriods`).
 */
export function rollToEvent(draft: Draft, terms: LoanTerms, on: LocalDate): void {
  rollover(draft, terms, on);
  restoreUntouchedPeriods(draft, terms, on);
  draft.lastEventOn = on;
}

/** The accrual target of the current period through `through`, booked as the growth since last time. */
export function accrueThrough(draft: Draft, terms: LoanTerms, through: LocalDate): void {
  if (draft.periodIndex >= draft.installments.length) return;
  const target = interestThrough(draft, terms, through);
  if (target > draft.periodAccruedMinor) recognizeInterest(draft, target - draft.periodAccruedMinor);
}

/**
 * Records a change of the principal outstanding, closing the daily-rest interest segment at `on`.
 * Under the other rests a change on the first day of a period still counts for that period when it
 * pays an installment already due (or is a refund); principal paid ahead into the current period
 * does not, since that period's interest — fixed on its opening balance — was paid first.
 */
export function changePrincipal(draft: Draft, terms: LoanTerms, on: LocalDate, deltaMinor: bigint, paidAhead: boolean): void {
  if (deltaMinor === 0n) return;
  draft.principalOutstandingMinor += deltaMinor;
  if (draft.periodIndex >= draft.installments.length) return;
  const daily = terms.rest === 'daily' && terms.spec.interestMethod === 'decliningBalance';
  if (draft.segmentFromOn === on && (daily || !paidAhead)) {
    draft.segmentBalanceMinor = draft.principalOutstandingMinor;
    return;
  }
  if (!daily) return;
  draft.periodClosedInterestMinor = interestThrough(draft, terms, on);
  draft.segmentFromOn = on;
  draft.segmentBalanceMinor = draft.principalOutstandingMinor;
}
