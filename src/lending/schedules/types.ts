/**
 * The vocabulary of repayment schedules: the typed spec a schedule is built from, the schedule it
 * produces, and the result codes of building one. The JSON edge (parse-spec.ts) turns
 * ../shared/CONTRACTS.md's `lendcore schedule` input into a `ScheduleSpec`; everything else works on
 * these types only.
 * Invariants: amounts are bigint minor units of `currency`; rates are exact decimals in percent;
 * dates are LocalDate; a Schedule's principal parts sum to the spec's principal and its last balance is 0.
 */
import type { Decimal } from '../../kernel/decimal.ts';
import type { LocalDate } from '../../kernel/local-date.ts';
import type { Currency } from '../../kernel/money.ts';

// Each choice's values, as the parsers of specs and product documents accept them.
export const FREQUENCY_UNITS = ['day', 'week', 'halfMonth', 'month'] as const;
export const RATE_PERS = ['year', 'month', 'day'] as const;
export const INTEREST_METHODS = ['decliningBalance', 'flat', 'feeOnPrincipal'] as const;
export const AMORTIZATIONS = ['equalInstallments', 'equalPrincipal', 'interestOnly', 'bullet'] as const;
export const INTEREST_PERIODS = ['repaymentPeriod', 'daily'] as const;
export const DAYS_IN_YEAR = ['actual', 360, 364, 365] as const;
export const DAYS_IN_MONTH = ['actual', 30] as const;
export type FrequencyUnit = (typeof FREQUENCY_UNITS)[number];
export type RatePer = (typeof RATE_PERS)[number];
export type InterestMethod = (typeof INTEREST_METHODS)[number];
export type Amortization = (typeof AMORTIZATIONS)[number];
export type InterestPeriod = (typeof INTEREST_PERIODS)[number];
export type DaysInYear = (typeof DAYS_IN_YEAR)[number];
export type DaysInMonth = (typeof DAYS_IN_MONTH)[number];

export interface Frequency {
  readonly every: number;
  readonly unit: FrequencyUnit;
}

/** A nominal rate in percent per `per` (a per-month rate is ×12 a year, a per-day rate ×days in year). */
export interface NominalRate {
  readonly percent: Decimal;
  readonly per: RatePer;
}

/** How interest accrues on a balance; shared by schedule generation and servicing. */
export interface InterestTerms {
  readonly rate: NominalRate;
  readonly frequency: Frequency;
  readonly interestPeriod: InterestPeriod;
  readonly daysInYear: DaysInYear;
  readonly daysInMonth: DaysInMonth;
}

export interface ScheduleSpec extends InterestTerms {
  readonly currency: Currency;
  readonly principalMinor: bigint;
  readonly disbursedOn: LocalDate;
  /** Due date of the first scheduled installment; later ones keep its day of month where they can. */
  readonly firstDueOn: LocalDate;
  /** Scheduled installments, not counting a down payment. */
  readonly installments: number;
  readonly interestMethod: InterestMethod;
  readonly amortization: Amortization;
  /** Equal installments / equal principal parts are rounded half up to a multiple of this (> 0). */
  readonly installmentMultipleMinor: bigint;
  readonly graceOnPrincipal: number;
  readonly downPaymentPercent: Decimal;
}

export interface Installment {
  /** 1-based; a down payment is installment 1. */
  readonly n: number;
  readonly fromOn: LocalDate;
  readonly dueOn: LocalDate;
  /** Actual calendar days from `fromOn` to `dueOn`. */
  readonly days: number;
  readonly principalMinor: bigint;
  readonly interestMinor: bigint;
  readonly feeMinor: bigint;
  readonly totalMinor: bigint;
  /** Principal still owed after this installment. */
  readonly balanceMinor: bigint;
}

export interface ScheduleTotals {
  readonly principalMinor: bigint;
  readonly interestMinor: bigint;
  readonly feeMinor: bigint;
  readonly totalMinor: bigint;
}

export interface Schedule {
  readonly currency: Currency;
  readonly disbursedOn: LocalDate;
  readonly principalMinor: bigint;
  readonly frequency: Frequency;
  readonly installments: readonly Installment[];
  readonly totals: ScheduleTotals;
}

/**
 * Why a valid spec still yields no schedule (bad fields are `SpecErrorCode`s of parse-spec.ts):
 * - `installment_multiple_too_large`: rounding the equal installment or principal part to the
 *   multiple asks more principal than is left before the last installment.
 */
export type ScheduleErrorCode = 'installment_multiple_too_large';
