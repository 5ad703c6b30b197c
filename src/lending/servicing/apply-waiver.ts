/**
 * A penalty waiver: the lender forgoes unpaid penalties, a concession collections grant a borrower
 * who settles. It cuts the unpaid penalty of the oldest installments first, never more than is owed,
 * and reverses the income of what was recognised (a non-accrual loan's suspended penalties were never
 * booked and simply leave the schedule). Penalties waived still count against the product's penalty
 * cap, so a waiver never makes room for new ones. A loan that owed nothing but penalties closes.
 */
import type { LocalDate } from '../../kernel/local-date.ts';
import { formatAmount } from '../../kernel/money.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { outstandingOf } from './allocate.ts';
import { draftOf, finish, post, setInstallment } from './draft.ts';
import { checkActive, checkEventDate } from './event-date.ts';
import { settleStatus } from './settle-status.ts';
import type { LoanState, LoanTerms, ServicingErrorCode, Step } from './types.ts';

export function applyWaiver(state: LoanState, _terms: LoanTerms, on: LocalDate, amountMinor: bigint): Result<Step, ServicingErrorCode> {
  const refused = checkActive(state) ?? checkEventDate(state, on);
  if (refused !== null) return refused;
  if (amountMinor <= 0n) return err('amount_must_be_positive', 'a waiver must be positive', 'amount');
  // Penalties are charged at end of day and a waiver moves no principal: nothing to roll to the date.
  const draft = draftOf(state);
  const unpaid = draft.installments.reduce((sum, installment) => sum + outstandingOf(installment, 'penalty'), 0n);
  if (amountMinor > unpaid) return err('waiver_exceeds_penalties', `the waiver exceeds the ${formatAmount(unpaid, state.currency)} of unpaid penalties`, 'amount');
  let left = amountMinor;
  for (let i = 0; i < draft.installments.length && left > 0n; i += 1) {
    const installment = draft.installments[i]!;
    const cut = minOf(outstandingOf(installment, 'penalty'), left);
    if (cut === 0n) continue;
    setInstallment(draft, i, { ...installment, penaltyMinor: installment.penaltyMinor - cut });
    left -= cut;
  }
  post(draft, 'penaltyIncome', 'penaltyReceivable', minOf(amountMinor, draft.receivable.penaltyMinor), 'waiver');
  settleStatus(draft);
  return ok(finish(draft));
}

function minOf(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
