/**
 * A repayment on the open business date. It pays what is due, oldest installment first, each in the
 * product's allocation order; what is left goes to the installment whose period contains the date
 * (or that falls due on it): its fee, its interest where that is already fixed (rests `none` and
 * `repaymentPeriod`; a daily-rest period's interest is not known yet, so there it comes last), then
 * principal — beyond the installment's own principal that is a prepayment, re-amortized by
 * `onPrepayment`. The payoff amount closes the loan; whatever is paid beyond it is the loan's credit
 * balance, owed back to the borrower (Fineract's overpaid loan) until a credit balance refund pays it.
 */
import { assert } from '../../kernel/assert.ts';
import type { LocalDate } from '../../kernel/local-date.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { outstandingOf, payComponent, payInstallment, totalOutstanding, type PaymentSource } from './allocate.ts';
import { settleStatus } from './settle-status.ts';
import { draftOf, finish, post, setInstallment, type Draft } from './draft.ts';
import { checkActive, checkEventDate } from './event-date.ts';
import { effectiveRest, interestThrough, preclosureInterestMinor } from './period-interest.ts';
import { quoteOn } from './payoff-quote.ts';
import { dueUnpaidPrincipal, reproject } from './reproject.ts';
import { recognizeInterest, rollToEvent } from './rollover.ts';
import type { Component, LoanState, LoanTerms, ServicingErrorCode, Step } from './types.ts';

const REPAYMENT: PaymentSource = { account: 'repaymentClearing', kind: 'repayment' };

export function applyRepayment(state: LoanState, terms: LoanTerms, on: LocalDate, amountMinor: bigint): Result<Step, ServicingErrorCode> {
  const refused = checkActive(state) ?? checkEventDate(state, on);
  if (refused !== null) return refused;
  if (amountMinor <= 0n) return err('amount_must_be_positive', 'a repayment must be positive', 'amount');
  const draft = draftOf(state);
  rollToEvent(draft, terms, on);
  const quote = quoteOn(draft, terms, on);
  if (amountMinor >= quote) {
    payOff(draft, terms, on, REPAYMENT);
    post(draft, 'repaymentClearing', 'customerWallet', amountMinor - quote, 'repayment');
  } else {
    const left = payDue(draft, terms, on, amountMinor, REPAYMENT);
    reproject(draft, terms, on, false);
    if (left > 0n) payAhead(draft, terms, on, left, REPAYMENT);
  }
  settleStatus(draft);
  return ok(finish(draft));
}

/** Pays due installments oldest first; returns what is left. */
export function payDue(draft: Draft, terms: LoanTerms, on: LocalDate, amountMinor: bigint, source: PaymentSource): bigint {
  let left = amountMinor;
  for (let i = draft.oldestUnpaidIndex; i < draft.periodIndex && left > 0n; i += 1) left = payInstallment(draft, terms, on, i, left, source);
  return left;
}

/** Pays ahead of due dates: into the installment due today, else the current one. */
function payAhead(draft: Draft, terms: LoanTerms, on: LocalDate, amountMinor: bigint, source: PaymentSource): void {
  let left = amountMinor;
  const dueToday = draft.periodIndex - 1;
  if (dueToday >= 0 && draft.installments[dueToday]!.dueOn === on) {
    const prepaid = minOf(left, draft.principalOutstandingMinor - dueUnpaidPrincipal(draft));
    raisePrincipal(draft, dueToday, prepaid);
    payComponent(draft, terms, on, dueToday, 'principal', prepaid, source);
    draft.excessOnDueInstallment = true;
    reproject(draft, terms, on, terms.onPrepayment === 'reduceInstallment');
    left -= prepaid;
  }
  const c = draft.periodIndex;
  if (left > 0n && c < draft.installments.length) {
    reproject(draft, terms, on, false);
    const daily = effectiveRest(terms) === 'daily';
    const order: Component[] = daily ? [...terms.allocation.filter((x) => x !== 'interest'), 'interest'] : [...terms.allocation];
    for (const component of order) {
      if (left === 0n) break;
      const paid = minOf(left, advanceCap(draft, terms, on, component, daily));
      recogniseAhead(draft, component, paid);
      if (component === 'principal') raisePrincipal(draft, c, draft.installments[c]!.principalPaidMinor + paid - draft.installments[c]!.principalMinor);
      payComponent(draft, terms, on, c, component, paid, source);
      left -= paid;
    }
  }
  assert(left === 0n, `a repayment below the payoff amount left ${left} unplaced`);
  reproject(draft, terms, on, false);
}

/** The most the current installment takes of a component ahead of its due date. */
function advanceCap(draft: Draft, terms: LoanTerms, on: LocalDate, component: Component, daily: boolean): bigint {
  const current = draft.installments[draft.periodIndex]!;
  switch (component) {
    case 'principal':
      return draft.principalOutstandingMinor - dueUnpaidPrincipal(draft);
    case 'interest':
      return (daily ? interestThrough(draft, terms, on) : current.interestMinor) - current.interestPaidMinor;
    default:
      return outstandingOf(current, component);
  }
}

/** Interest and fees paid before they fall due are recognised first, so the receivable covers them. */
function recogniseAhead(draft: Draft, component: Component, paidMinor: bigint): void {
  if (paidMinor <= 0n) return;
  const current = draft.installments[draft.periodIndex]!;
  if (component === 'interest') {
    const need = current.interestPaidMinor + paidMinor - draft.periodAccruedMinor;
    if (need > 0n) recognizeInterest(draft, need);
  } else if (component === 'fee' && !draft.nonAccrual) {
    post(draft, 'feeReceivable', 'feeIncome', paidMinor, 'feeRecognition');
  }
}

function raisePrincipal(draft: Draft, index: number, byMinor: bigint): void {
  if (byMinor <= 0n) return;
  const installment = draft.installments[index]!;
  setInstallment(draft, index, { ...installment, principalMinor: installment.principalMinor + byMinor });
}

/** Pays exactly the payoff amount: everything due, then the current period as a preclosure. */
export function payOff(draft: Draft, terms: LoanTerms, on: LocalDate, source: PaymentSource): void {
  for (let i = draft.oldestUnpaidIndex; i < draft.periodIndex; i += 1) payInstallment(draft, terms, on, i, totalOutstanding(draft.installments[i]!), source);
  const c = draft.periodIndex;
  if (c < draft.installments.length) {
    const current = draft.installments[c]!;
    const preclosure = preclosureInterestMinor(draft, terms, on);
    const interest = preclosure > current.interestPaidMinor ? preclosure : current.interestPaidMinor;
    const owedOnOpen = draft.principalOutstandingMinor - dueUnpaidPrincipal(draft);
    setInstallment(draft, c, { ...current, interestMinor: interest, principalMinor: current.principalPaidMinor + owedOnOpen });
    recogniseAhead(draft, 'interest', interest - current.interestPaidMinor);
    recogniseAhead(draft, 'fee', current.feeMinor - current.feePaidMinor);
    payInstallment(draft, terms, on, c, totalOutstanding(draft.installments[c]!), source);
    draft.installments = draft.installments.slice(0, c + 1);
    draft.ownsInstallments = true;
  }
}

function minOf(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
