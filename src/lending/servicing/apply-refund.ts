/**
 * A purchase refund (the merchant takes goods back): the refunded amount comes off the principal —
 * due installments' principal first, oldest first, then the open balance, whose installments are
 * re-amortized smaller — and the unpaid interest and fees of the due installments are waived in the
 * share the refund takes of the principal owed. Future interest shrinks with the principal. A refund
 * larger than the principal still owed returns the rest to the customer's wallet. Refunds never
 * exceed the principal bought.
 */
import type { LocalDate } from '../../kernel/local-date.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { divideRounded } from '../../kernel/rounding.ts';
import { outstandingOf } from './allocate.ts';
import { settleStatus } from './settle-status.ts';
import { draftOf, finish, post, setInstallment, type Draft } from './draft.ts';
import { checkActive, checkEventDate } from './event-date.ts';
import { reproject } from './reproject.ts';
import { changePrincipal, rollover } from './rollover.ts';
import type { LoanState, LoanTerms, ServicingErrorCode, Step } from './types.ts';

export function applyRefund(state: LoanState, terms: LoanTerms, on: LocalDate, amountMinor: bigint): Result<Step, ServicingErrorCode> {
  const refused = checkActive(state) ?? checkEventDate(state, on);
  if (refused !== null) return refused;
  if (amountMinor <= 0n) return err('amount_must_be_positive', 'a refund must be positive', 'amount');
  if (state.refundedMinor + amountMinor > terms.spec.principalMinor) {
    return err('refund_exceeds_purchase', `refunds would total more than the ${terms.spec.principalMinor} (minor units) bought`, 'amount');
  }
  const draft = draftOf(state);
  draft.refundedMinor += amountMinor;
  rollover(draft, terms, on);
  const principalBefore = draft.principalOutstandingMinor;
  const reduction = amountMinor < principalBefore ? amountMinor : principalBefore;
  if (principalBefore > 0n) waiveDueCharges(draft, reduction, principalBefore);
  let left = reduction;
  for (let i = draft.oldestUnpaidIndex; i < draft.periodIndex && left > 0n; i += 1) {
    const installment = draft.installments[i]!;
    const owed = outstandingOf(installment, 'principal');
    const cut = owed < left ? owed : left;
    setInstallment(draft, i, { ...installment, principalMinor: installment.principalMinor - cut });
    left -= cut;
  }
  post(draft, 'merchantPayable', 'loansReceivable', reduction, 'refund');
  changePrincipal(draft, terms, on, -reduction, false);
  post(draft, 'merchantPayable', 'customerWallet', amountMinor - reduction, 'refund');
  reproject(draft, terms, on, true);
  settleStatus(draft);
  return ok(finish(draft));
}

/** Waives the refund's share of the unpaid interest and fees already due. */
function waiveDueCharges(draft: Draft, reductionMinor: bigint, principalBeforeMinor: bigint): void {
  for (let i = draft.oldestUnpaidIndex; i < draft.periodIndex; i += 1) {
    const installment = draft.installments[i]!;
    const interest = divideRounded(outstandingOf(installment, 'interest') * reductionMinor, principalBeforeMinor, 'halfEven');
    const fee = divideRounded(outstandingOf(installment, 'fee') * reductionMinor, principalBeforeMinor, 'halfEven');
    if (interest === 0n && fee === 0n) continue;
    setInstallment(draft, i, { ...installment, interestMinor: installment.interestMinor - interest, feeMinor: installment.feeMinor - fee });
    post(draft, 'interestIncome', 'interestReceivable', minOf(interest, draft.receivable.interestMinor), 'refundWaiver');
    post(draft, 'feeIncome', 'feeReceivable', minOf(fee, draft.receivable.feeMinor), 'refundWaiver');
  }
}

function minOf(a: bigint, b: bigint): bigint {
  const m = a < b ? a : b;
  return m < 0n ? 0n : m;
}
