/**
 * A credit balance refund (Fineract's name): the lender pays back to the borrower what it owes on the
 * loan, out of the customer's wallet and through the funding source that disbursements leave by.
 * Asked for, never above the credit balance; on a loan in any status, since only an overpayment or a
 * refund makes a credit balance and both may close the loan.
 *
 * Replayed as booked, one may find less credit balance than it paid out: the repayment that made the
 * balance bounced after the money had left (reverse-event.ts). The money is gone all the same, so
 * what the balance no longer covers is lent to the borrower, as Apache Fineract does: principal
 * owed, posted from the funding source like a disbursement. A loan with installments still to fall
 * due has them re-amortized over it (as a refund re-amortizes them over less); a loan with none left
 * to amortize (paid off, or past its last due date) owes it in an installment of its own, due with
 * the installment the loan had due next, or on the date past maturity. An installment of no days,
 * it earns no interest. A written-off loan takes no new principal: that refusal stands.
 */
import type { LocalDate } from '../../kernel/local-date.ts';
import { formatAmount } from '../../kernel/money.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { draftOf, finish, post, replaceInstallments, type Draft } from './draft.ts';
import { checkEventDate } from './event-date.ts';
import { reproject } from './reproject.ts';
import { changePrincipal, rollToEvent } from './rollover.ts';
import type { LoanState, LoanTerms, ServicingErrorCode, Step } from './types.ts';

/** What a credit balance refund beyond the credit balance does: refused when asked for, lent when replayed as booked. */
export type BeyondCreditBalance = 'refuse' | 'lend';

export function applyCreditBalanceRefund(
  state: LoanState,
  terms: LoanTerms,
  on: LocalDate,
  amountMinor: bigint,
  beyondBalance: BeyondCreditBalance = 'refuse',
): Result<Step, ServicingErrorCode> {
  const refused = checkEventDate(state, on);
  if (refused !== null) return refused;
  if (amountMinor <= 0n) return err('amount_must_be_positive', 'a credit balance refund must be positive', 'amount');
  const lentMinor = amountMinor - state.creditBalanceMinor;
  if (lentMinor > 0n && (beyondBalance === 'refuse' || state.status === 'writtenOff')) {
    return err('amount_exceeds_credit_balance', `the loan owes the borrower ${formatAmount(state.creditBalanceMinor, state.currency)}`, 'amount');
  }
  const draft = draftOf(state);
  post(draft, 'customerWallet', 'fundingSource', lentMinor > 0n ? state.creditBalanceMinor : amountMinor, 'creditBalanceRefund');
  if (lentMinor > 0n) lend(draft, terms, on, lentMinor);
  return ok(finish(draft));
}

/** Principal paid out beyond the credit balance, owed from `on`. */
function lend(draft: Draft, terms: LoanTerms, on: LocalDate, amountMinor: bigint): void {
  rollToEvent(draft, terms, on);
  post(draft, 'loansReceivable', 'fundingSource', amountMinor, 'creditBalanceRefund');
  draft.status = 'active';
  if (draft.periodIndex < draft.installments.length) {
    changePrincipal(draft, terms, on, amountMinor, false);
    reproject(draft, terms, on, true);
    return;
  }
  draft.principalOutstandingMinor += amountMinor;
  // A loan paid off early keeps the installments not yet due; the lent principal falls due with the
  // first of them (Fineract credits it to the installment due next), or at once past maturity.
  // Those of them a refund emptied, nothing due and nothing paid, go.
  const dueOn = draft.installments.find((i) => i.dueOn > on)?.dueOn ?? on;
  const kept = draft.installments.filter((i) => i.dueOn <= on || i.principalMinor + i.interestMinor + i.feeMinor + i.penaltyMinor > 0n);
  replaceInstallments(draft, [
    ...kept,
    {
      n: (kept.at(-1)?.n ?? 0) + 1, fromOn: dueOn, dueOn,
      principalMinor: amountMinor, interestMinor: 0n, feeMinor: 0n, penaltyMinor: 0n,
      principalPaidMinor: 0n, interestPaidMinor: 0n, feePaidMinor: 0n, penaltyPaidMinor: 0n, penaltyCharged: false,
    },
  ]);
  draft.periodIndex = draft.installments.length;
  draft.oldestUnpaidIndex = Math.min(draft.oldestUnpaidIndex, draft.installments.length - 1);
}
