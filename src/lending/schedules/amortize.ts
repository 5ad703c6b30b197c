/**
 * The schedule generator proper: splits each period's payment into principal, interest and fee for
 * a run of periods starting from an outstanding balance. `buildSchedule` runs it from disbursement;
 * servicing re-runs it from the balance left after a prepayment over the remaining periods (smaller
 * installments) or over fewer periods (shorter term).
 * Rules, named once here:
 * - declining-balance interest is balance × period rate, rounded half even per period;
 * - flat interest and per-period fees are charged on `flatBaseMinor` (the original principal, a down
 *   payment included) over the whole run, rounded half even once, split evenly half even, the last
 *   period taking the remainder;
 * - equal installments (declining balance) pay the annuity of installment-rate.ts less the interest;
 *   equal principal, and flat equal installments, pay the equal principal part; both rounded half up
 *   to the multiple; the first `graceOnPrincipal` periods and interest-only periods pay no principal;
 * - the last period pays the whole remaining balance (so tiny balances may leave zero-principal rows
 *   before it); a bullet is one row over the whole run, its day-counted interest counted over the
 *   run at once.
 * Invariants: principal parts sum to the opening balance; balances never rise (an installment below
 * the period's interest pays the interest and no principal); the last balance is 0.
 */
import { assert } from '../../kernel/assert.ts';
import type { LocalDate } from '../../kernel/local-date.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { divideRounded } from '../../kernel/rounding.ts';
import { equalInstallmentMinor, equalPrincipalMinor } from './equal-installment.ts';
import { installmentRate, periodRate, type Fraction } from './periodic-rate.ts';
import type { Amortization, Installment, InterestMethod, InterestTerms, ScheduleErrorCode } from './types.ts';

export interface Period {
  readonly fromOn: LocalDate;
  readonly dueOn: LocalDate;
  /** Actual calendar days from `fromOn` to `dueOn`. */
  readonly days: number;
}

export interface AmortizeInput {
  readonly terms: InterestTerms;
  readonly interestMethod: InterestMethod;
  readonly amortization: Amortization;
  readonly installmentMultipleMinor: bigint;
  /** Principal outstanding at the start of the first period. */
  readonly openingBalanceMinor: bigint;
  /** What flat interest and per-period fees are charged on: the original principal. */
  readonly flatBaseMinor: bigint;
  readonly periods: readonly Period[];
  /** Periods at the start of `periods` that repay no principal. */
  readonly graceOnPrincipal: number;
  /** The number of the first row. */
  readonly firstNumber: number;
}

export function amortize(input: AmortizeInput): Result<Installment[], ScheduleErrorCode> {
  const { periods, terms } = input;
  assert(periods.length > 0 && input.graceOnPrincipal < periods.length, 'amortize: no period repays principal');
  if (input.amortization === 'bullet') return ok([bulletRow(input)]);
  const count = periods.length;
  const flatCharges = input.interestMethod === 'decliningBalance' ? null : splitEvenly(flatChargeMinor(input), count);
  const level = levelAmountMinor(input);
  const fixedRate = terms.interestPeriod === 'repaymentPeriod' ? periodRate(terms, input.periods[0]!.fromOn, input.periods[0]!.dueOn) : null;
  const rows: Installment[] = new Array(count);
  let balance = input.openingBalanceMinor;
  for (let i = 0; i < count; i += 1) {
    const period = periods[i]!;
    let interest = 0n;
    if (flatCharges === null) interest = interestOn(balance, fixedRate ?? periodRate(terms, period.fromOn, period.dueOn));
    else if (input.interestMethod === 'flat') interest = flatCharges[i]!;
    const fee = input.interestMethod === 'feeOnPrincipal' ? flatCharges![i]! : 0n;
    let principal: bigint;
    if (i === count - 1) principal = balance;
    else if (i < input.graceOnPrincipal || input.amortization === 'interestOnly') principal = 0n;
    else {
      principal = input.amortization === 'equalInstallments' && flatCharges === null ? level - interest : level;
      if (principal < 0n) principal = 0n;
      if (principal > balance) {
        // With the minor unit as multiple only a rounding artefact of a tiny balance gets here: the
        // balance is simply repaid. A coarser multiple that overshoots is the spec's mistake.
        if (input.installmentMultipleMinor === 1n) principal = balance;
        else return err('installment_multiple_too_large', `the installment rounded to the multiple repays the loan by installment ${input.firstNumber + i} of ${input.firstNumber + count - 1}`, 'installmentMultiple');
      }
    }
    balance -= principal;
    rows[i] = row(input.firstNumber + i, period, principal, interest, fee, balance);
  }
  return ok(rows);
}

/** balance × rate, rounded half even to a minor unit. */
export function interestOn(balanceMinor: bigint, rate: Fraction): bigint {
  return divideRounded(balanceMinor * rate.num, rate.den, 'halfEven');
}

function levelAmountMinor(input: AmortizeInput): bigint {
  const repaying = input.periods.length - input.graceOnPrincipal;
  switch (input.amortization) {
    case 'equalInstallments':
      if (input.interestMethod === 'decliningBalance') {
        return equalInstallmentMinor(input.openingBalanceMinor, installmentRate(input.terms), repaying, input.installmentMultipleMinor);
      }
      return equalPrincipalMinor(input.openingBalanceMinor, repaying, input.installmentMultipleMinor);
    case 'equalPrincipal':
      return equalPrincipalMinor(input.openingBalanceMinor, repaying, input.installmentMultipleMinor);
    case 'interestOnly':
    case 'bullet':
      return 0n;
  }
}

/** The rate of the whole run: the sum of its periods' rates (all share one denominator). */
function wholeRunRate(input: AmortizeInput): Fraction {
  let num = 0n;
  let den = 1n;
  for (const period of input.periods) {
    const rate = periodRate(input.terms, period.fromOn, period.dueOn);
    assert(num === 0n || rate.den === den, 'period rates share a denominator');
    num += rate.num;
    den = rate.den;
  }
  return { num, den };
}

/** Flat interest or fee of the whole run on the original principal, rounded half even once. */
function flatChargeMinor(input: AmortizeInput): bigint {
  return interestOn(input.flatBaseMinor, wholeRunRate(input));
}

/** `total` in `count` parts of total ÷ count (half even, or floor if that would overdraw), remainder last. */
export function splitEvenly(totalMinor: bigint, count: number): bigint[] {
  const n = BigInt(count);
  let each = divideRounded(totalMinor, n, 'halfEven');
  if (each * (n - 1n) > totalMinor) each = divideRounded(totalMinor, n, 'floor');
  const parts: bigint[] = new Array(count).fill(each);
  parts[count - 1] = totalMinor - each * (n - 1n);
  return parts;
}

function bulletRow(input: AmortizeInput): Installment {
  const first = input.periods[0]!;
  const last = input.periods[input.periods.length - 1]!;
  const base = input.interestMethod === 'decliningBalance' ? input.openingBalanceMinor : input.flatBaseMinor;
  // Day-counted, its one period's days are counted over the whole run at once: 30-day months do not
  // add up across periods (a 31st counts inside a period that ends on it, not inside one that spans it).
  const rate = input.terms.interestPeriod === 'daily' ? periodRate(input.terms, first.fromOn, last.dueOn) : wholeRunRate(input);
  const charge = interestOn(base, rate);
  const interest = input.interestMethod === 'feeOnPrincipal' ? 0n : charge;
  const fee = input.interestMethod === 'feeOnPrincipal' ? charge : 0n;
  let days = 0;
  for (const period of input.periods) days += period.days;
  return row(input.firstNumber, { fromOn: first.fromOn, dueOn: last.dueOn, days }, input.openingBalanceMinor, interest, fee, 0n);
}

export function row(n: number, period: Period, principalMinor: bigint, interestMinor: bigint, feeMinor: bigint, balanceMinor: bigint): Installment {
  return {
    n,
    fromOn: period.fromOn,
    dueOn: period.dueOn,
    days: period.days,
    principalMinor,
    interestMinor,
    feeMinor,
    totalMinor: principalMinor + interestMinor + feeMinor,
    balanceMinor,
  };
}
