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
 * Each share is taken of a total, to the cent, and apportioned over the installments.
 * So a full refund leaves nothing owed. A refund larger than the principal still owed returns the
 * rest to the customer's wallet too, and so does a refund on a loan already paid off: all of it, with
 * the share of the charges paid. What the wallet takes is the loan's credit balance. Refunds never
 * exceed the principal bought, and a written-off loan takes none.
 */
import type { LocalDate } from '../../kernel/local-date.ts';
import { formatAmount } from '../../kernel/money.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { apportion, divideRounded } from '../../kernel/rounding.ts';
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
  const purchaseKept: Share = { keptMinor: terms.spec.principalMinor - draft.refundedMinor, wholeMinor: keptBefore };
  const purchaseShare = (valueMinor: bigint): bigint => shareOf(valueMinor, purchaseKept);
  settleDueCharges(draft, { keptMinor: reduction, wholeMinor: principalBefore }, purchaseKept);
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
  const owedShare = (valueMinor: bigint): bigint => shareOf(valueMinor, { keptMinor: principalBefore - reduction, wholeMinor: principalBefore });
  shrinkOpenCharges(draft, terms, on, owedShare, purchaseShare);
  post(draft, 'merchantPayable', 'customerWallet', amountMinor - reduction, 'refund');
  reproject(draft, terms, on, true);
  reverseExcessAccrual(draft, terms, on);
  settleStatus(draft);
  return ok(finish(draft));
}

/**
 * The due installments' charges: the refund's share of what is unpaid is waived (`waived`, of the
 * principal owed), and of what was paid, all but the share of the purchase kept goes back to the
 * customer's wallet (`purchaseKept`). Each is apportioned over the installments, so what is waived
 * and given back adds up to the share of the total to the cent, not to a sum of roundings.
 */
function settleDueCharges(draft: Draft, waived: Share, purchaseKept: Share): void {
  const due = draft.installments.slice(0, draft.periodIndex);
  const interestKept = sharesOf(due.map((i) => i.interestPaidMinor), purchaseKept);
  const feeKept = sharesOf(due.map((i) => i.feePaidMinor), purchaseKept);
  const interestWaived = sharesOf(due.map((i) => outstandingOf(i, 'interest')), waived);
  const feeWaived = sharesOf(due.map((i) => outstandingOf(i, 'fee')), waived);
  due.forEach((installment, i) => {
    const interestBack = installment.interestPaidMinor - interestKept[i]!;
    const feeBack = installment.feePaidMinor - feeKept[i]!;
    if (interestBack === 0n && feeBack === 0n && interestWaived[i] === 0n && feeWaived[i] === 0n) return;
    setInstallment(draft, i, {
      ...installment,
      interestMinor: installment.interestMinor - interestBack - interestWaived[i]!,
      interestPaidMinor: interestKept[i]!,
      feeMinor: installment.feeMinor - feeBack - feeWaived[i]!,
      feePaidMinor: feeKept[i]!,
    });
    reverseInterest(draft, interestWaived[i]!, 'refundWaiver');
    post(draft, 'feeIncome', 'feeReceivable', minOf(feeWaived[i]!, draft.receivable.feeMinor), 'refundWaiver');
    giveBack(draft, interestBack, feeBack);
  });
}

/** A paid charge cut to the share of the purchase kept: what stays due and paid, and what goes back. */
interface KeptCharge {
  readonly dueMinor: bigint;
  readonly paidMinor: bigint;
  readonly back: bigint;
}

/** Charges paid on the refunded part of the purchase go back to the customer: their income is reversed. */
function giveBack(draft: Draft, interestMinor: bigint, feeMinor: bigint): void {
  post(draft, 'interestIncome', 'customerWallet', interestMinor, 'refund');
  post(draft, 'feeIncome', 'customerWallet', feeMinor, 'refund');
}

/** The part kept of a whole: the purchase kept of what was bought, or the principal owed after a refund of what was owed before. */
interface Share {
  readonly keptMinor: bigint;
  readonly wholeMinor: bigint;
}

/** `valueMinor` × kept ÷ whole, rounded half even; nothing when nothing was there to keep. */
function shareOf(valueMinor: bigint, { keptMinor, wholeMinor }: Share): bigint {
  return wholeMinor > 0n ? divideRounded(valueMinor * keptMinor, wholeMinor, 'halfEven') : 0n;
}

/** Each value's share, apportioned so they add up to the share of their sum (`apportion`). */
function sharesOf(valuesMinor: readonly bigint[], { keptMinor, wholeMinor }: Share): bigint[] {
  return wholeMinor > 0n ? apportion(valuesMinor, keptMinor, wholeMinor) : valuesMinor.map(() => 0n);
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
