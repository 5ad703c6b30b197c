/**
 * After money moves: the oldest-unpaid pointer skips installments paid in full, and the loan closes
 * exactly when no principal and no installment amount is owed.
 */
import { totalOutstanding } from './allocate.ts';
import type { Draft } from './draft.ts';

/** Moves the oldest-unpaid pointer and closes the loan when nothing is owed. */
export function settleStatus(draft: Draft): void {
  while (draft.oldestUnpaidIndex < draft.periodIndex && totalOutstanding(draft.installments[draft.oldestUnpaidIndex]!) === 0n) draft.oldestUnpaidIndex += 1;
  if (draft.principalOutstandingMinor !== 0n) return;
  for (let i = draft.oldestUnpaidIndex; i < draft.installments.length; i += 1) {
    if (totalOutstanding(draft.installments[i]!) !== 0n) return;
  }
  draft.status = 'closed';
  draft.periodIndex = draft.installments.length;
  draft.oldestUnpaidIndex = draft.installments.length;
  draft.daysPastDue = 0;
  draft.bucket = 'M0';
}
