/**
 * A purchase refund (the merchant takes goods back): the refunded amount comes off the principal —
 * due installments' principal first, oldest first, then the open balance, whose installments are
 * re-amortized smaller — and takes its interest and fees with it:
 * - the unpaid interest and fees of the due installments, in the share the refund takes of the
 *   principal owed;
 * - the current period's declining-balance interest, accrued or to come, in that same share, unless
 *   some of it was already paid (accrual beyond the new amount is reversed); later periods earn on
 *   the smaller principal;
 * - charges on the original principal not yet due (flat interest, fees), in the share of the
 *   purchase the refund returns, their total to the cent (the last installment takes the remainder);
 * - and, in that same share, the interest and fees already paid (but declining-balance interest
 *   paid on the current period), which go back to the customer's wallet.
 * So a full refund leaves nothing owed. A refund larger than the principal still owed returns the
 * rest to the customer's wallet too, and so does a refund on a loan already paid off: all of it, with
 * the share of the charges paid. What the wallet takes is the loan's credit balance. Refunds never
 * exceed the principal bought, and a written-off loan takes none.
 */
import type { LocalDate } from '../../kernel/local-date.ts';
import { formatAmount } from '../../kernel/money.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { divideRounded } from '../../kernel/rounding.ts';
import { outstandingOf } from './allocate.ts';
import { settleStatus } from './settle-status.ts';
import { draftOf, finish, post, reverseInterest, setInstallment, type Draft } from './draft.ts';
import { checkEventDate, checkNotWrittenOff } from './event-date.ts';
import { reproject } from './reproject.ts';
import { effectiveRest, interestThrough } from './period-interest.ts';
import { changePrincipal, recognizeInterest, rollToEvent } from './rollover.ts';
import type { LoanInstallment, LoanState, LoanTerms, ServicingErrorCode, Step } from './types.ts';

export function applyRefund(state: LoanState, terms: LoanTerms, on: LocalDate, amountMinor: bigint): Result<Step, ServicingErrorCode> {
  const refused = checkNotWrittenOff(state) ?? checkEventDate(state, on);
  if (refused !== null) return refused;
  if (amountMinor <= 0n) return err('amount_must_be_positive', 'a refund must be positive', 'amount');
  if (state.refundedMinor + amountMinor > terms.spec.principalMinor) {
    return err('refund_exceeds_purchase', `refunds would total more than the ${formatAmount(terms.spec.principalMinor, state.currency)} bought`, 'amount');
  }
  const draft = draftOf(state);
  const keptBefore = terms.spec.principalMinor - draft.refundedMinor;
  draft.refundedMinor += amountMinor;
  rollToEvent(draft, terms, on);
  const principalBefore = draft.principalOutstandingMinor;
  const reduction = amountMinor < principalBefore ? amountMinor : principalBefore;
  const purchaseShare = (valueMinor: bigint): bigint => shareOf(valueMinor, terms.spec.principalMinor - draft.refundedMinor, keptBefore);
  settleDueCharges(draft, (valueMinor) => shareOf(valueMinor, reduction, principalBefore), purchaseShare);
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
  const owedShare = (valueMinor: bigint): bigint => shareOf(valueMinor, principalBefore - reduction, principalBefore);
  shrinkOpenCharges(draft, terms, on, owedShare, purchaseShare);
  post(draft, 'merchantPayable', 'customerWallet', amountMinor - reduction, 'refund');
  reproject(draft, terms, on, true);
  reverseExcessAccrual(draft, terms, on);
  settleStatus(draft);
  return ok(finish(draft));
}

/**
 * The due installments' charges: the refund's share of what is unpaid is waived (`waivedShare`, of
 * the principal owed), and of what was paid, all but the share of the purchase kept goes back to the
 * customer's wallet (`purchaseShare`).
 */
function settleDueCharges(draft: Draft, waivedShare: (v: bigint) => bigint, purchaseShare: (v: bigint) => bigint): void {
  for (let i = 0; i < draft.periodIndex; i += 1) {
    const installment = draft.installments[i]!;
    const interest = keptCharge(installment.interestMinor, installment.interestPaidMinor, purchaseShare);
    const fee = keptCharge(installment.feeMinor, installment.feePaidMinor, purchaseShare);
    const interestWaived = waivedShare(outstandingOf(installment, 'interest'));
    const feeWaived = waivedShare(outstandingOf(installment, 'fee'));
    if (interest.back === 0n && fee.back === 0n && interestWaived === 0n && feeWaived === 0n) continue;
    setInstallment(draft, i, {
      ...installment,
      interestMinor: interest.dueMinor - interestWaived,
      interestPaidMinor: interest.paidMinor,
      feeMinor: fee.dueMinor - feeWaived,
      feePaidMinor: fee.paidMinor,
    });
    reverseInterest(draft, interestWaived, 'refundWaiver');
    post(draft, 'feeIncome', 'feeReceivable', minOf(feeWaived, draft.receivable.feeMinor), 'refundWaiver');
    giveBack(draft, interest.back, fee.back);
  }
}

/** A paid charge cut to the share of the purchase kept: what stays due and paid, and what goes back. */
interface KeptCharge {
  readonly dueMinor: bigint;
  readonly paidMinor: bigint;
  readonly back: bigint;
}

function keptCharge(dueMinor: bigint, paidMinor: bigint, purchaseShare: (v: bigint) => bigint): KeptCharge {
  const kept = purchaseShare(paidMinor);
  return { dueMinor: dueMinor - (paidMinor - kept), paidMinor: kept, back: paidMinor - kept };
}

/** Charges paid on the refunded part of the purchase go back to the customer: their income is reversed. */
function giveBack(draft: Draft, interestMinor: bigint, feeMinor: bigint): void {
  post(draft, 'interestIncome', 'customerWallet', interestMinor, 'refund');
  post(draft, 'feeIncome', 'customerWallet', feeMinor, 'refund');
}

/** `valueMinor` × kept ÷ whole, rounded half even; nothing when nothing was there to keep. */
function shareOf(valueMinor: bigint, keptMinor: bigint, wholeMinor: bigint): bigint {
  return wholeMinor > 0n ? divideRounded(valueMinor * keptMinor, wholeMinor, 'halfEven') : 0n;
}

/**
 * Shrinks the charges of the installments not yet due: flat interest and fees to the purchase kept
 * (`purchaseShare`), the current period's declining-balance interest to the principal still owed
 * (`owedShare`), where the loan's rest keeps it: the scheduled interest (`none`), the period's
 * opening balance (`repaymentPeriod`, unless this day opened the period and the change of principal
 * already counted), or the interest closed through today (`daily`: the change of principal closed
 * the segment), unless interest was already paid on the current period (it stays, never below what
 * was paid). Fees and flat interest are cut to the purchase kept, their total to the cent
 * (`sharesToTheCent`); what was paid of them ahead is cut the same way, the rest given back.
 * Runs after the change of principal.
 */
function shrinkOpenCharges(draft: Draft, terms: LoanTerms, on: LocalDate, owedShare: (v: bigint) => bigint, purchaseShare: (v: bigint) => bigint): void {
  const declining = terms.spec.interestMethod === 'decliningBalance';
  const rest = effectiveRest(terms);
  // Interest already paid on the current period was paid on the balance then owed: it stays as it is.
  const current = draft.installments[draft.periodIndex];
  const shrinkCurrent = declining && current !== undefined && current.interestPaidMinor === 0n;
  // Declining-balance interest kept on the installments is the current one's under rest `none`;
  // the others are recomputed from the state by reproject.
  const scaledInterest = (installment: LoanInstallment, i: number): bigint => {
    if (!declining) return purchaseShare(installment.interestMinor);
    return shrinkCurrent && i === draft.periodIndex && rest === 'none' ? owedShare(installment.interestMinor) : installment.interestMinor;
  };
  const open = draft.installments.slice(draft.periodIndex);
  const keptFees = sharesToTheCent(open.map((x) => x.feeMinor), purchaseShare);
  const keptFlatInterest = declining ? [] : sharesToTheCent(open.map((x) => x.interestMinor), purchaseShare);
  // A charge on the original principal cut to its kept share; of what was paid ahead, the share of the
  // purchase kept stays paid (never above the charge now due), the rest going back.
  const cutTo = (keptDueMinor: bigint, paidMinor: bigint): KeptCharge => {
    const kept = minOf(purchaseShare(paidMinor), keptDueMinor);
    return { dueMinor: keptDueMinor, paidMinor: kept, back: paidMinor - kept };
  };
  for (let i = draft.periodIndex; i < draft.installments.length; i += 1) {
    const installment = draft.installments[i]!;
    const k = i - draft.periodIndex;
    // Declining interest paid on the current period stays.
    const interest = declining
      ? { dueMinor: maxOf(scaledInterest(installment, i), installment.interestPaidMinor), paidMinor: installment.interestPaidMinor, back: 0n }
      : cutTo(keptFlatInterest[k]!, installment.interestPaidMinor);
    const fee = cutTo(keptFees[k]!, installment.feePaidMinor);
    if (interest.dueMinor === installment.interestMinor && fee.dueMinor === installment.feeMinor && interest.back === 0n && fee.back === 0n) continue;
    setInstallment(draft, i, { ...installment, interestMinor: interest.dueMinor, interestPaidMinor: interest.paidMinor, feeMinor: fee.dueMinor, feePaidMinor: fee.paidMinor });
    giveBack(draft, interest.back, fee.back);
  }
  if (!shrinkCurrent) return;
  if (rest === 'daily') draft.periodClosedInterestMinor = owedShare(draft.periodClosedInterestMinor);
  else if (rest === 'repaymentPeriod' && draft.segmentFromOn !== on) draft.segmentBalanceMinor = owedShare(draft.segmentBalanceMinor);
}

/**
 * Each charge's share, the last taking what makes them add up to the share of their sum (never below
 * zero), as a schedule puts its rounding remainder on the last installment: the charges kept add up
 * to what the purchase kept would be charged, to the cent, not to a sum of roundings.
 */
function sharesToTheCent(chargesMinor: readonly bigint[], share: (v: bigint) => bigint): bigint[] {
  const shares = chargesMinor.map(share);
  if (shares.length > 0) {
    const others = shares.slice(0, -1).reduce((sum, v) => sum + v, 0n);
    shares[shares.length - 1] = maxOf(share(chargesMinor.reduce((sum, v) => sum + v, 0n)) - others, 0n);
  }
  return shares;
}

/**
 * Reverses interest accrued in the current period beyond what the period now earns through `on`,
 * never below what was paid on it (interest paid ahead was recognised when paid).
 */
function reverseExcessAccrual(draft: Draft, terms: LoanTerms, on: LocalDate): void {
  if (draft.periodIndex >= draft.installments.length) return;
  const target = maxOf(interestThrough(draft, terms, on), draft.installments[draft.periodIndex]!.interestPaidMinor);
  if (draft.periodAccruedMinor > target) recognizeInterest(draft, target - draft.periodAccruedMinor);
}

function maxOf(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function minOf(a: bigint, b: bigint): bigint {
  const m = a < b ? a : b;
  return m < 0n ? 0n : m;
}
