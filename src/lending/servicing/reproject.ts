/**
 * The open installments (the current one and those after it) as they stand: rebuilt from the
 * principal still owed on them whenever an event or a due date may have changed them.
 * Rules (Apache Fineract's progressive schedule with interest recalculation):
 * - the current installment's principal is the level installment less its interest, or what has
 *   already been paid toward its principal when that is more (an excess prepays into it);
 * - an excess (principal paid beyond that) re-amortizes the installments after it: the same number
 *   of smaller installments (`reduceInstallment`: the level is recomputed from the balance left), or
 *   the same level over fewer installments (`reduceTerm`);
 * - later installments earn interest on the balance the schedule expects, the last takes the rest,
 *   and installments after the balance reaches zero are dropped;
 * - a down payment's installment asks the down payment, installments in the grace on principal
 *   ask no principal, and a level is spread over the installments after both.
 * Cost: O(open installments); end of day calls it only when an installment falls due.
 *
 * Under rest `repaymentPeriod` an event also settles the periods that fell due since the event before
 * it with no event inside them (`restoreUntouchedPeriods`).
 */
import { downPaymentOf } from '../schedules/build-schedule.ts';
import { equalInstallmentMinor, equalPrincipalMinor } from '../schedules/equal-installment.ts';
import { installmentRate } from '../schedules/periodic-rate.ts';
import { reverseInterest, setInstallment, type Draft } from './draft.ts';
import { effectiveRest, periodInterestOn, projectedPeriodInterest } from './period-interest.ts';
import type { LoanInstallment, LoanTerms } from './types.ts';
import { assert } from '../../kernel/assert.ts';
import type { LocalDate } from '../../kernel/local-date.ts';

/** True when the level is a whole installment (annuity) rather than a principal part. */
function isAnnuity(terms: LoanTerms): boolean {
  return terms.spec.amortization === 'equalInstallments' && terms.spec.interestMethod === 'decliningBalance';
}

/** The level amount that repays `balanceMinor` over `count` installments. */
export function levelFor(terms: LoanTerms, balanceMinor: bigint, count: number): bigint {
  const { spec } = terms;
  if (count <= 0) return 0n;
  switch (spec.amortization) {
    case 'equalInstallments':
      return isAnnuity(terms)
        ? equalInstallmentMinor(balanceMinor, installmentRate(spec), count, spec.installmentMultipleMinor)
        : equalPrincipalMinor(balanceMinor, count, spec.installmentMultipleMinor);
    case 'equalPrincipal':
      return equalPrincipalMinor(balanceMinor, count, spec.installmentMultipleMinor);
    case 'interestOnly':
    case 'bullet':
      return 0n;
  }
}

/** Where the level applies: the down payment's installment asks the down payment, the grace on principal none. */
interface LevelShape {
  readonly downPaymentMinor: bigint;
  /** The index (from 0) of the first installment the level repays. */
  readonly firstLevelIndex: number;
}

function levelShapeOf(terms: LoanTerms): LevelShape {
  const downPaymentMinor = downPaymentOf(terms.spec);
  return { downPaymentMinor, firstLevelIndex: (downPaymentMinor > 0n ? 1 : 0) + terms.spec.graceOnPrincipal };
}

/** The principal installment `index` asks for, given its interest. */
function levelPrincipal(terms: LoanTerms, shape: LevelShape, index: number, levelMinor: bigint, interestMinor: bigint): bigint {
  if (index === 0 && shape.downPaymentMinor > 0n) return shape.downPaymentMinor;
  if (index < shape.firstLevelIndex) return 0n;
  const principal = isAnnuity(terms) ? levelMinor - interestMinor : levelMinor;
  return principal < 0n ? 0n : principal;
}

/** How many of the installments from `index` to `count` the level repays. */
function repayingFrom(shape: LevelShape, index: number, count: number): number {
  return count - Math.max(index, shape.firstLevelIndex);
}

function clamp(value: bigint, max: bigint): bigint {
  return value > max ? max : value < 0n ? 0n : value;
}

function withAmounts(installment: LoanInstallment, principalMinor: bigint, interestMinor: bigint): LoanInstallment {
  if (installment.principalMinor === principalMinor && installment.interestMinor === interestMinor) return installment;
  return { ...installment, principalMinor, interestMinor };
}

/** Principal owed on installments already due (unpaid part). */
export function dueUnpaidPrincipal(draft: Draft): bigint {
  let total = 0n;
  for (let i = 0; i < draft.periodIndex; i += 1) {
    const installment = draft.installments[i]!;
    total += installment.principalMinor - installment.principalPaidMinor;
  }
  return total;
}

/**
 * Rebuilds the open installments as of `at`. `reamortizeOpen` recomputes the level from the balance
 * at the start of the current period over all open installments (an excess paid into an installment
 * due today, or a refund).
 */
export function reproject(draft: Draft, terms: LoanTerms, at: LocalDate, reamortizeOpen: boolean): void {
  const c = draft.periodIndex;
  const count = draft.installments.length;
  if (c >= count) return;
  const owedOnOpen = draft.principalOutstandingMinor - dueUnpaidPrincipal(draft);
  const current = draft.installments[c]!;
  const opening = owedOnOpen + current.principalPaidMinor;
  const shape = levelShapeOf(terms);
  if (reamortizeOpen) {
    draft.levelMinor = levelFor(terms, opening, repayingFrom(shape, c, count));
  }
  const interest = projectedPeriodInterest(draft, terms, at, owedOnOpen);
  const asked = levelPrincipal(terms, shape, c, draft.levelMinor, interest);
  const isLast = c === count - 1;
  const principal = isLast ? opening : clamp(asked > current.principalPaidMinor ? asked : current.principalPaidMinor, opening);
  if (!isLast && current.principalPaidMinor > asked && terms.onPrepayment === 'reduceInstallment') {
    draft.levelMinor = levelFor(terms, opening - principal, repayingFrom(shape, c + 1, count));
  }
  const rebuilt: LoanInstallment[] = draft.installments.slice(0, c + 1);
  rebuilt[c] = withAmounts(current, principal, interest);
  let balance = opening - principal;
  const declining = terms.spec.interestMethod === 'decliningBalance';
  for (let j = c + 1; j < count && balance > 0n; j += 1) {
    const installment = draft.installments[j]!;
    const periodInterest = declining ? periodInterestOn(terms, installment, balance) : installment.interestMinor;
    const last = j === count - 1;
    const part = last ? balance : clamp(levelPrincipal(terms, shape, j, draft.levelMinor, periodInterest), balance);
    rebuilt.push(withAmounts(installment, part, periodInterest));
    balance -= part;
  }
  if (!declining) {
    // flat interest and per-period fees are owed for every scheduled period, even once principal is repaid
    for (let j = rebuilt.length; j < count; j += 1) rebuilt.push(withAmounts(draft.installments[j]!, 0n, draft.installments[j]!.interestMinor));
  }
  replaceInstallmentsIfChanged(draft, rebuilt);
}

function replaceInstallmentsIfChanged(draft: Draft, rebuilt: LoanInstallment[]): void {
  if (rebuilt.length === draft.installments.length && rebuilt.every((installment, i) => installment === draft.installments[i])) return;
  draft.installments = rebuilt;
  draft.ownsInstallments = true;
}

/**
 * Rest `repaymentPeriod`, on the date of an event (a repayment, a refund, or the payoff quoted for
 * one), after `rollover` and before anything is paid. Apache Fineract regenerates a schedule from the
 * period of each event onward, so a period that fell due with no event inside it keeps what was
 * projected for it when it opened: interest on the balance the schedule expected — the principal
 * outstanding less the principal then overdue — and the level's principal. A period an event fell
 * in earns on the principal actually outstanding at its start (what `rollover` gave it). Until the
 * next event the untouched periods show that actual interest too, as a schedule regenerated on the
 * day it is read would. Interest taken back is reversed on the ledger; an installment due on the
 * event's date is then asked the principal that is left for it. Cost: O(installments due).
 */
export function restoreUntouchedPeriods(draft: Draft, terms: LoanTerms, on: LocalDate): void {
  if (effectiveRest(terms) !== 'repaymentPeriod' || draft.lastEventOn === on) return;
  const dueToday = draft.periodIndex > 0 && draft.installments[draft.periodIndex - 1]!.dueOn === on;
  const eventPeriod = dueToday ? draft.periodIndex - 1 : draft.periodIndex;
  const last = draft.installments.length - 1;
  const shape = levelShapeOf(terms);
  let unpaidBefore = 0n;
  for (let i = 0; i < draft.periodIndex; i += 1) {
    const installment = draft.installments[i]!;
    // An event on the day a period opens belongs to the period before, unless it paid into this one.
    // A down payment's installment (no days, so no interest) keeps what events left of it.
    if (installment.fromOn < installment.dueOn && installment.fromOn >= draft.lastEventOn && !hasPayments(installment)) {
      const balance = draft.principalOutstandingMinor - unpaidBefore;
      const interest = i < eventPeriod ? periodInterestOn(terms, installment, balance) : installment.interestMinor;
      const principal = i === last ? balance : clamp(levelPrincipal(terms, shape, i, draft.levelMinor, interest), balance);
      const takenBack = installment.interestMinor - interest;
      assert(takenBack >= 0n, 'an expected balance never earns more than the balance outstanding');
      // As accrual does: in non-accrual the interest was suspended, not booked.
      if (!draft.nonAccrual) reverseInterest(draft, takenBack, 'interestAccrual');
      setInstallment(draft, i, withAmounts(installment, principal, interest));
    }
    unpaidBefore += draft.installments[i]!.principalMinor - draft.installments[i]!.principalPaidMinor;
  }
}

function hasPayments(installment: LoanInstallment): boolean {
  return installment.principalPaidMinor + installment.interestPaidMinor + installment.feePaidMinor + installment.penaltyPaidMinor > 0n;
}
