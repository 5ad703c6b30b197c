/**
 * The vocabulary of loan servicing: the terms a loan is serviced under, the compact state one loan
 * carries from day to day, the abstract ledger postings every operation returns, and the result codes.
 * Invariants (checked by the property tests):
 * - amounts are bigint minor units of the loan's currency;
 * - for every installment, paid ≤ due per component, and paid + outstanding = due;
 * - `receivable` holds what the ledger's receivable roles hold for this loan: the sum of an
 *   operation's postings on each receivable role equals the change of the matching balance;
 * - the loan is `closed` exactly when nothing is owed;
 * - `creditBalanceMinor` ≥ 0 is what the product's `customerWallet` account holds for this loan: an
 *   operation's postings into that role less its postings out of it equal the change of the balance.
 */
import type { Decimal } from '../../kernel/decimal.ts';
import type { LocalDate } from '../../kernel/local-date.ts';
import type { Currency } from '../../kernel/money.ts';
import type { NominalRate, ScheduleSpec } from '../schedules/types.ts';

/** What an installment owes, in the default order a payment is allocated to. */
export const COMPONENTS = ['penalty', 'fee', 'interest', 'principal'] as const;
export const ON_PREPAYMENT = ['reduceInstallment', 'reduceTerm'] as const;
export type Component = (typeof COMPONENTS)[number];
export type RecalculationRest = 'none' | 'daily' | 'repaymentPeriod';
export type OnPrepayment = (typeof ON_PREPAYMENT)[number];
export type PreclosureInterest = 'tillPreclosureDate' | 'tillRestDate';
/** Penalties charged once per overdue installment, as a percent (the `lendcore loan simulate` contract). */
export type OneOffPenaltyKind = 'percentOfOverduePrincipal' | 'percentOfOverdueTotal';
export type PenaltyKind = OneOffPenaltyKind | 'dailyRateOnOverduePrincipal';

interface PenaltyLimits {
  /** An installment is charged only once it is overdue by more than this many days. */
  readonly graceDays: number;
  /** Penalties on one loan never exceed this percent of its principal (the product's cap). */
  readonly capPercentOfPrincipal: Decimal | null;
}

/** Charged once, when the installment passes its grace days: a percent of what it has overdue. */
export interface OneOffPenalty extends PenaltyLimits {
  readonly kind: OneOffPenaltyKind;
  readonly percent: Decimal;
}

/**
 * Penalty interest (罚息): every day past the grace days, each overdue installment is charged its
 * overdue principal × the nominal rate ÷ days in the year (the schedule's basis), rounded half even.
 */
export interface DailyRatePenalty extends PenaltyLimits {
  readonly kind: 'dailyRateOnOverduePrincipal';
  readonly rate: NominalRate;
}

export type PenaltyRule = OneOffPenalty | DailyRatePenalty;

export interface LoanTerms {
  readonly spec: ScheduleSpec;
  readonly rest: RecalculationRest;
  readonly onPrepayment: OnPrepayment;
  readonly preclosureInterest: PreclosureInterest;
  /** Order components are paid in, within each installment, oldest installment first. */
  readonly allocation: readonly Component[];
  readonly penalty: PenaltyRule | null;
  readonly nonAccrualDaysPastDue: number;
  readonly writeOffDaysPastDue: number;
}

export interface LoanInstallment {
  readonly n: number;
  readonly fromOn: LocalDate;
  readonly dueOn: LocalDate;
  readonly principalMinor: bigint;
  readonly interestMinor: bigint;
  readonly feeMinor: bigint;
  readonly penaltyMinor: bigint;
  readonly principalPaidMinor: bigint;
  readonly interestPaidMinor: bigint;
  readonly feePaidMinor: bigint;
  readonly penaltyPaidMinor: bigint;
  readonly penaltyCharged: boolean;
}

export type LoanStatus = 'active' | 'closed' | 'writtenOff';
/** Delinquency buckets by days past due (buckets.ts). */
export const BUCKETS = ['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7'] as const;
export type Bucket = (typeof BUCKETS)[number];

/** Balances the ledger's receivable roles hold for this loan (recognised and unpaid). */
export interface Receivables {
  readonly principalMinor: bigint;
  readonly interestMinor: bigint;
  readonly feeMinor: bigint;
  readonly penaltyMinor: bigint;
}

/** The ledger's receivable roles, each with the `Receivables` balance it holds for a loan. */
export const RECEIVABLE_BALANCE_OF = {
  loansReceivable: 'principalMinor',
  interestReceivable: 'interestMinor',
  feeReceivable: 'feeMinor',
  penaltyReceivable: 'penaltyMinor',
} as const satisfies Record<string, keyof Receivables>;
export type ReceivableRole = keyof typeof RECEIVABLE_BALANCE_OF;
export const RECEIVABLE_ROLES = Object.keys(RECEIVABLE_BALANCE_OF) as ReceivableRole[];

export interface ComponentAmounts {
  readonly principalMinor: bigint;
  readonly interestMinor: bigint;
  readonly feeMinor: bigint;
  readonly penaltyMinor: bigint;
}

export interface LoanState {
  readonly currency: Currency;
  readonly disbursedOn: LocalDate;
  readonly status: LoanStatus;
  /** The business date events are accepted for; `closeDay(openOn)` moves it to the next day. */
  readonly openOn: LocalDate;
  readonly installments: readonly LoanInstallment[];
  /** Index of the installment whose interest period contains `openOn` (installments before it are due). */
  readonly periodIndex: number;
  /** Index of the oldest installment with anything unpaid (= periodIndex when current). */
  readonly oldestUnpaidIndex: number;
  /** Principal the borrower owes (all installments). */
  readonly principalOutstandingMinor: bigint;
  /** The level installment the open installments are amortized with. */
  readonly levelMinor: bigint;
  /** Start and principal of the current interest segment (a run of one balance inside the period). */
  readonly segmentFromOn: LocalDate;
  readonly segmentBalanceMinor: bigint;
  /** Interest of the current period's closed segments, each rounded half even once (daily rest). */
  readonly periodClosedInterestMinor: bigint;
  /** Interest of the current period accrued so far (recognised, or suspended in non-accrual). */
  readonly periodAccruedMinor: bigint;
  /** An excess payment raised a due installment's principal today; the open ones are re-amortized. */
  readonly excessOnDueInstallment: boolean;
  /** The date of the last repayment or refund (the disbursement date before the first). */
  readonly lastEventOn: LocalDate;
  readonly receivable: Receivables;
  readonly daysPastDue: number;
  readonly bucket: Bucket;
  readonly nonAccrual: boolean;
  readonly penaltiesChargedMinor: bigint;
  readonly refundedMinor: bigint;
  readonly writtenOff: ComponentAmounts | null;
  readonly recoveredMinor: bigint;
  /**
   * What the lender owes the borrower on this loan (Fineract's overpayment): a repayment beyond the
   * payoff, a refund beyond the principal owed and the charges it gives back; paid out by a credit
   * balance refund.
   */
  readonly creditBalanceMinor: bigint;
}

/** Roles of the product's chart of accounts (../shared/DESIGN.md §4); the ledger maps them to accounts. */
export type ChartAccount =
  | 'loansReceivable'
  | 'interestReceivable'
  | 'feeReceivable'
  | 'penaltyReceivable'
  | 'interestIncome'
  | 'feeIncome'
  | 'penaltyIncome'
  | 'writeOffExpense'
  | 'recoveries'
  | 'fundingSource'
  | 'repaymentClearing'
  | 'merchantPayable'
  | 'customerWallet';

export type PostingKind =
  | 'disbursement'
  | 'interestAccrual'
  | 'feeRecognition'
  | 'penaltyCharge'
  | 'repayment'
  | 'refund'
  | 'refundWaiver'
  | 'waiver'
  | 'writeOff'
  | 'recovery'
  | 'creditBalanceRefund';

export interface Posting {
  readonly debit: ChartAccount;
  readonly credit: ChartAccount;
  readonly amountMinor: bigint;
  readonly kind: PostingKind;
}

export interface Step {
  readonly state: LoanState;
  readonly postings: readonly Posting[];
}

/**
 * Why an event is refused, in the order they are checked:
 * - `event_before_disbursement`: dated before the loan was disbursed;
 * - `event_out_of_order`: dated before a business date already closed;
 * - `date_not_open`: dated after the open business date (close the days before it first);
 * - `loan_closed`: the loan is fully paid;
 * - `loan_written_off`: repayment or refund after write-off (use a recovery);
 * - `loan_not_written_off`: a recovery on a loan that was not written off;
 * - `amount_must_be_positive`;
 * - `amount_exceeds_credit_balance`: a credit balance refund above what the loan owes the borrower;
 * - `refund_exceeds_purchase`: refunds above the principal bought;
 * - `recovery_exceeds_written_off`: recoveries above what was written off;
 * - `waiver_exceeds_penalties`: a waiver above the unpaid penalties.
 */
export type ServicingErrorCode =
  | 'event_before_disbursement'
  | 'event_out_of_order'
  | 'date_not_open'
  | 'loan_closed'
  | 'loan_written_off'
  | 'loan_not_written_off'
  | 'amount_must_be_positive'
  | 'amount_exceeds_credit_balance'
  | 'refund_exceeds_purchase'
  | 'recovery_exceeds_written_off'
  | 'waiver_exceeds_penalties';
