/**
 * The vocabulary of APR computations: dated cash flows (bigint minor units), the three methods of
 * ../shared/CONTRACTS.md `lendcore apr`, and their result codes. Rates are float64 (`number`): an APR
 * is a model output found by a root finder, never money; the flows it is solved from are exact.
 */
import type { LocalDate } from '../../kernel/local-date.ts';
import type { Frequency } from '../schedules/types.ts';

export type AprMethod = 'usRegZ' | 'euCcd' | 'cnIrr';
export type YearBasis = '365' | '365or366' | 'equalMonths';

export interface CashFlow {
  readonly on: LocalDate;
  readonly amountMinor: bigint;
}

export interface AprRequest {
  readonly method: AprMethod;
  /** Money the borrower actually received. */
  readonly advances: readonly CashFlow[];
  /** Everything the borrower pays: principal, interest and every fee. */
  readonly payments: readonly CashFlow[];
  /** Unit period of usRegZ and cnIrr. */
  readonly unitPeriod: Frequency;
  /** Time basis of euCcd. */
  readonly yearBasis: YearBasis;
}

export interface AprResult {
  readonly method: AprMethod;
  /** The nominal annual rate in percent (euCcd: the effective annual rate). */
  readonly aprPercent: number;
  /** The effective annual rate in percent, (1 + unit rate)^(units per year) − 1. */
  readonly effectivePercent: number;
  /** Rate per unit period (euCcd: per year). */
  readonly unitRate: number;
  readonly unitPeriodsPerYear: number;
}

/**
 * Why no APR comes out, in the order they are checked:
 * - `payments_do_not_repay`: the payments add up to less than the advances, so no non-negative
 *   rate discounts them to the advances;
 * - `no_rate_solves`: no rate from 0 up to the solver's ceiling equates the flows (e.g. every
 *   payment falls on the day of the advance and they exceed it).
 */
export type AprErrorCode = 'payments_do_not_repay' | 'no_rate_solves';
