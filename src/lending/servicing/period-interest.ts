/**
 * Interest of the current period under the loan's recalculation rest, as exact fractions rounded
 * half even once per named piece:
 * - `none`: the installment's scheduled interest; accrued pro rata by days, cumulatively rounded, so
 *   the days of a period accrue exactly its scheduled interest;
 * - `repaymentPeriod`: the period rate on the principal outstanding at the start of the period
 *   (payments inside a period count from the next one); accrued like `none`;
 * - `daily`: the period splits into segments of one principal balance; each segment's interest is
 *   rounded once (Apache Fineract's convention), so a day's accrual is the growth of the open segment.
 * Recalculation applies to declining-balance interest only; flat and fee-on-principal loans keep `none`.
 */
import { daysBetween, type LocalDate } from '../../kernel/local-date.ts';
import { divideRounded } from '../../kernel/rounding.ts';
import { interestOn } from '../schedules/amortize.ts';
import { dailyRate, repaymentPeriodRate, type Fraction } from '../schedules/periodic-rate.ts';
import type { LoanInstallment, LoanState, LoanTerms, RecalculationRest } from './types.ts';

export function effectiveRest(terms: LoanTerms): RecalculationRest {
  return terms.spec.interestMethod === 'decliningBalance' ? terms.rest : 'none';
}

/** Repayment periods one installment spans: all of them for a bullet's one installment, else one. */
function periodsPerInstallment(terms: LoanTerms): bigint {
  return terms.spec.amortization === 'bullet' ? BigInt(terms.spec.installments) : 1n;
}

/** The rate of one installment's repayment periods (`repaymentPeriod` interest). */
function installmentPeriodRate(terms: LoanTerms): Fraction {
  const rate = repaymentPeriodRate(terms.spec);
  return { num: rate.num * periodsPerInstallment(terms), den: rate.den };
}

/** The rate of [from, to) inside `period`: day-counted, or the installment's rate pro rata by days. */
function segmentRate(terms: LoanTerms, period: LoanInstallment, from: LocalDate, to: LocalDate): Fraction {
  if (terms.spec.interestPeriod === 'daily') return dailyRate(terms.spec, from, to);
  const rate = installmentPeriodRate(terms);
  const days = daysBetween(period.fromOn, period.dueOn);
  return { num: rate.num * BigInt(daysBetween(from, to)), den: rate.den * BigInt(days) };
}

export function segmentInterestMinor(terms: LoanTerms, period: LoanInstallment, balanceMinor: bigint, from: LocalDate, to: LocalDate): bigint {
  if (from >= to || balanceMinor === 0n) return 0n;
  return interestOn(balanceMinor, segmentRate(terms, period, from, to));
}

/** The whole period's interest on the balance at its start (rest `repaymentPeriod`). */
export function periodInterestOn(terms: LoanTerms, period: LoanInstallment, balanceMinor: bigint): bigint {
  if (period.fromOn >= period.dueOn) return 0n;
  const rate = terms.spec.interestPeriod === 'daily' ? dailyRate(terms.spec, period.fromOn, period.dueOn) : installmentPeriodRate(terms);
  return interestOn(balanceMinor, rate);
}

/** The fixed interest of the current period (rests `none` and `repaymentPeriod`). */
function fixedPeriodInterest(state: LoanState, terms: LoanTerms, period: LoanInstallment): bigint {
  return effectiveRest(terms) === 'repaymentPeriod' ? periodInterestOn(terms, period, state.segmentBalanceMinor) : period.interestMinor;
}

/** Interest of the current period for its days before `through` (what has accrued by then). */
export function interestThrough(state: LoanState, terms: LoanTerms, through: LocalDate): bigint {
  const period = state.installments[state.periodIndex]!;
  if (effectiveRest(terms) === 'daily') {
    return state.periodClosedInterestMinor + segmentInterestMinor(terms, period, state.segmentBalanceMinor, state.segmentFromOn, through);
  }
  const days = BigInt(daysBetween(period.fromOn, period.dueOn));
  if (days === 0n) return 0n;
  const elapsed = BigInt(Math.min(daysBetween(period.fromOn, through), Number(days)));
  return divideRounded(fixedPeriodInterest(state, terms, period) * elapsed, days, 'halfEven');
}

/**
 * The current period's whole interest as it stands on `at`: actual balances before `at`, and from
 * `at` to the due date the balance the schedule expects (`projectedBalanceMinor`: overdue principal
 * assumed paid on `at`).
 */
export function projectedPeriodInterest(state: LoanState, terms: LoanTerms, at: LocalDate, projectedBalanceMinor: bigint): bigint {
  const period = state.installments[state.periodIndex]!;
  const rest = effectiveRest(terms);
  if (rest === 'repaymentPeriod' && at <= state.segmentFromOn) {
    // The period opens today, and a payment of what is overdue still counts for it today, so it
    // earns on its opening balance less the principal overdue (outstanding − projected). Principal
    // paid ahead today does not count (changePrincipal), and stays in the opening balance.
    return periodInterestOn(terms, period, state.segmentBalanceMinor - (state.principalOutstandingMinor - projectedBalanceMinor));
  }
  if (rest !== 'daily') return fixedPeriodInterest(state, terms, period);
  const from = state.segmentFromOn;
  const balance = state.segmentBalanceMinor;
  if (balance === projectedBalanceMinor || at <= from) {
    return state.periodClosedInterestMinor + segmentInterestMinor(terms, period, projectedBalanceMinor, from, period.dueOn);
  }
  const until = at < period.dueOn ? at : period.dueOn;
  return (
    state.periodClosedInterestMinor +
    segmentInterestMinor(terms, period, balance, from, until) +
    segmentInterestMinor(terms, period, projectedBalanceMinor, until, period.dueOn)
  );
}

/**
 * Interest a payoff on `on` charges for the current period (CONTRACTS `preclosureInterest`).
 * `tillRestDate` charges to the next rest date, as Apache Fineract's cumulative loans do: the
 * period's end, except under rest `daily`, where every day is a rest date and so the payoff date is.
 * On a due date under rest `repaymentPeriod` the payoff's principal goes into the installment due
 * that day, as any prepayment then does, so the new period opens on a zero balance and earns nothing.
 */
export function preclosureInterestMinor(state: LoanState, terms: LoanTerms, on: LocalDate): bigint {
  const rest = effectiveRest(terms);
  if (terms.preclosureInterest === 'tillRestDate' && rest !== 'daily') {
    if (rest === 'repaymentPeriod' && state.periodIndex > 0 && state.segmentFromOn === on) return 0n;
    return fixedPeriodInterest(state, terms, state.installments[state.periodIndex]!);
  }
  return interestThrough(state, terms, on);
}
