/**
 * Money recovered on a written-off loan: booked to recoveries income, never above what was written off.
 */
import type { LocalDate } from '../../kernel/local-date.ts';
import { formatAmount } from '../../kernel/money.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { draftOf, finish, post } from './draft.ts';
import { checkEventDate } from './event-date.ts';
import type { LoanState, LoanTerms, ServicingErrorCode, Step } from './types.ts';

export function applyRecovery(state: LoanState, _terms: LoanTerms, on: LocalDate, amountMinor: bigint): Result<Step, ServicingErrorCode> {
  if (state.status !== 'writtenOff' || state.writtenOff === null) return err('loan_not_written_off', 'recoveries apply to written-off loans only');
  const refused = checkEventDate(state, on);
  if (refused !== null) return refused;
  if (amountMinor <= 0n) return err('amount_must_be_positive', 'a recovery must be positive', 'amount');
  const w = state.writtenOff;
  const writtenOffMinor = w.principalMinor + w.interestMinor + w.feeMinor + w.penaltyMinor;
  if (state.recoveredMinor + amountMinor > writtenOffMinor) {
    return err('recovery_exceeds_written_off', `recoveries would total more than the ${formatAmount(writtenOffMinor, state.currency)} written off`, 'amount');
  }
  const draft = draftOf(state);
  draft.recoveredMinor += amountMinor;
  post(draft, 'repaymentClearing', 'recoveries', amountMinor, 'recovery');
  return ok(finish(draft));
}
