/**
 * End of day for one loan and one business date, after that date's events: installments due that
 * day fall due, the day's interest accrues (the cumulative target of the period less what accrued
 * before), days past due are counted from the oldest unpaid due date, each installment overdue by
 * more than the penalty's grace days is charged (once, or every day for a penalty rate; within the
 * penalty cap), the bucket moves,
 * accrual stops at the non-accrual threshold (and resumes once the loan is current) and the loan is
 * written off at the write-off threshold. A current loan touches no installment: O(1) bigint work.
 */
import { applyPercent } from '../../kernel/decimal.ts';
import { addDays, daysBetween, type LocalDate } from '../../kernel/local-date.ts';
import { ok, type Result } from '../../kernel/result.ts';
import { outstandingOf, totalOutstanding } from './allocate.ts';
import { bucketOf } from './buckets.ts';
import { draftOf, finish, post, setInstallment, type Draft } from './draft.ts';
import { checkEventDate } from './event-date.ts';
import { accrueThrough, rollover } from './rollover.ts';
import { settleStatus } from './settle-status.ts';
import { interestOn } from '../schedules/amortize.ts';
import { annualRate, daysPerYearOf, type Fraction } from '../schedules/periodic-rate.ts';
import type { DailyRatePenalty, LoanInstallment, LoanTerms, LoanState, PenaltyRule, ServicingErrorCode, Step } from './types.ts';

export function closeDay(state: LoanState, terms: LoanTerms, on: LocalDate): Result<Step, ServicingErrorCode> {
  const refused = checkEventDate(state, on);
  if (refused !== null) return refused;
  const draft = draftOf(state);
  draft.openOn = addDays(on, 1);
  draft.excessOnDueInstallment = false;
  if (state.status !== 'active') return ok(finish(draft));
  rollover(draft, terms, on);
  accrueThrough(draft, terms, draft.openOn);
  settleStatus(draft);
  if (draft.status !== 'active') return ok(finish(draft));
  const oldest = draft.installments[draft.oldestUnpaidIndex];
  draft.daysPastDue = draft.oldestUnpaidIndex < draft.periodIndex && oldest !== undefined ? Math.max(0, daysBetween(oldest.dueOn, on)) : 0;
  draft.bucket = bucketOf(draft.daysPastDue);
  chargePenalties(draft, terms, on);
  if (draft.daysPastDue >= terms.nonAccrualDaysPastDue) draft.nonAccrual = true;
  else if (draft.daysPastDue === 0) draft.nonAccrual = false;
  if (draft.daysPastDue >= terms.writeOffDaysPastDue) writeOff(draft);
  return ok(finish(draft));
}

function chargePenalties(draft: Draft, terms: LoanTerms, on: LocalDate): void {
  const rule = terms.penalty;
  if (rule === null) return;
  const capMinor = rule.capPercentOfPrincipal === null ? null : applyPercent(terms.spec.principalMinor, rule.capPercentOfPrincipal, 'down');
  for (let i = draft.oldestUnpaidIndex; i < draft.periodIndex; i += 1) {
    const installment = draft.installments[i]!;
    if (daysBetween(installment.dueOn, on) <= rule.graceDays) break;
    if (totalOutstanding(installment) === 0n || (rule.kind !== 'dailyRateOnOverduePrincipal' && installment.penaltyCharged)) continue;
    let penalty = penaltyOn(installment, rule, terms);
    if (capMinor !== null && draft.penaltiesChargedMinor + penalty > capMinor) penalty = capMinor - draft.penaltiesChargedMinor;
    if (penalty < 0n) penalty = 0n;
    setInstallment(draft, i, { ...installment, penaltyMinor: installment.penaltyMinor + penalty, penaltyCharged: true });
    draft.penaltiesChargedMinor += penalty;
    if (!draft.nonAccrual) post(draft, 'penaltyReceivable', 'penaltyIncome', penalty, 'penaltyCharge');
  }
}

/** Today's charge on one overdue installment, before the cap. */
function penaltyOn(installment: LoanInstallment, rule: PenaltyRule, terms: LoanTerms): bigint {
  const principal = outstandingOf(installment, 'principal');
  switch (rule.kind) {
    case 'dailyRateOnOverduePrincipal':
      return interestOn(principal, penaltyDailyRate(rule, terms));
    case 'percentOfOverduePrincipal':
      return applyPercent(principal, rule.percent, 'halfEven');
    case 'percentOfOverdueTotal':
      return applyPercent(principal + outstandingOf(installment, 'interest'), rule.percent, 'halfEven');
  }
}

/** One day of a penalty rate, on the schedule's year basis (365 for `actual`). */
function penaltyDailyRate(rule: DailyRatePenalty, terms: LoanTerms): Fraction {
  const daysPerYear = daysPerYearOf(terms.spec);
  const annual = annualRate(rule, daysPerYear);
  return { num: annual.num, den: annual.den * BigInt(daysPerYear) };
}

/** Everything still owed leaves the books as an expense; the owed amounts are kept for recoveries. */
function writeOff(draft: Draft): void {
  let interestMinor = 0n;
  let feeMinor = 0n;
  let penaltyMinor = 0n;
  for (let i = draft.oldestUnpaidIndex; i < draft.periodIndex; i += 1) {
    const installment = draft.installments[i]!;
    interestMinor += outstandingOf(installment, 'interest');
    feeMinor += outstandingOf(installment, 'fee');
    penaltyMinor += outstandingOf(installment, 'penalty');
  }
  interestMinor += draft.periodIndex < draft.installments.length ? draft.periodAccruedMinor - draft.installments[draft.periodIndex]!.interestPaidMinor : 0n;
  draft.writtenOff = { principalMinor: draft.principalOutstandingMinor, interestMinor, feeMinor, penaltyMinor };
  post(draft, 'writeOffExpense', 'loansReceivable', draft.receivable.principalMinor, 'writeOff');
  post(draft, 'writeOffExpense', 'interestReceivable', draft.receivable.interestMinor, 'writeOff');
  post(draft, 'writeOffExpense', 'feeReceivable', draft.receivable.feeMinor, 'writeOff');
  post(draft, 'writeOffExpense', 'penaltyReceivable', draft.receivable.penaltyMinor, 'writeOff');
  draft.principalOutstandingMinor = 0n;
  draft.status = 'writtenOff';
  draft.nonAccrual = true;
}
