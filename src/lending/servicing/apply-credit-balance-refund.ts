/**
 * A credit balance refund (Fineract's name): the lender pays back to the borrower what it owes on the
 * loan, out of the customer's wallet and through the funding source that disbursements leave by.
 * Never above the credit balance; on a loan in any status, since only an overpayment or a refund
 * makes a credit balance and both may close the loan.
 */
import type { LocalDate } from '../../kernel/local-date.ts';
import { formatAmount } from '../../kernel/money.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { draftOf, finish, post } from './draft.ts';
import { checkEventDate } from './event-date.ts';
import type { LoanState, LoanTerms, ServicingErrorCode, Step } from './types.ts';

export function applyCreditBalanceRefund(state: LoanState, _terms: LoanTerms, on: LocalDate, amountMinor: bigint): Result<Step, ServicingErrorCode> {
  const refused = checkEventDate(state, on);
  if (refused !== null) return refused;
  if (amountMinor <= 0n) return err('amount_must_be_positive', 'a credit balance refund must be positive', 'amount');
  if (amountMinor > state.creditBalanceMinor) {
    return err('amount_exceeds_credit_balance', `the loan owes the borrower ${formatAmount(state.creditBalanceMinor, state.currency)}`, 'amount');
  }
  const draft = draftOf(state);
  post(draft, 'customerWallet', 'fundingSource', amountMinor, 'creditBalanceRefund');
  return ok(finish(draft));
}
