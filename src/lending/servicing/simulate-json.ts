/**
 * The output of `lendcore loan simulate` as ../shared/CONTRACTS.md fixes it: each installment's
 * amounts, paid, outstanding and status on `asOf`, the totals, days past due and the payoff; plus the
 * loan's status, bucket, non-accrual flag and credit balance (what the lender owes the borrower); and,
 * for `loan simulate`, each event as applied with what it took off the loan, by component.
 */
import type { EventType } from './apply-event.ts';
import type { LocalDate } from '../../kernel/local-date.ts';
import { formatAmount, type Currency } from '../../kernel/money.ts';
import { totalOutstanding } from './allocate.ts';
import type { EventAllocation } from './event-allocation.ts';
import { installmentStatus, scheduleAsOf, type InstallmentStatus, type SimulationResult } from './simulate.ts';
import type { Bucket, LoanState, LoanStatus, LoanTerms } from './types.ts';

interface AmountsJson {
  readonly principal: string;
  readonly interest: string;
  readonly fee: string;
  readonly penalty: string;
  readonly total: string;
  readonly paid: string;
  readonly outstanding: string;
}

export interface SimulatedInstallmentJson extends AmountsJson {
  readonly n: number;
  readonly dueOn: string;
  readonly status: InstallmentStatus;
}

export interface SimulationJson {
  readonly currency: string;
  readonly asOf: string;
  readonly status: LoanStatus;
  readonly installments: readonly SimulatedInstallmentJson[];
  readonly totals: AmountsJson;
  readonly daysPastDue: number;
  readonly bucket: Bucket;
  readonly nonAccrual: boolean;
  readonly creditBalance: string;
  readonly payoff: { readonly on: string; readonly amount: string };
}

/** Where an event's money went, in major units. */
export interface AllocationJson {
  readonly principal: string;
  readonly interest: string;
  readonly fee: string;
  readonly penalty: string;
  readonly creditBalance: string;
}

export function allocationJson(a: EventAllocation, c: Currency): AllocationJson {
  return { principal: formatAmount(a.principal, c), interest: formatAmount(a.interest, c), fee: formatAmount(a.fee, c), penalty: formatAmount(a.penalty, c), creditBalance: formatAmount(a.creditBalance, c) };
}

/** An event of the simulation as applied, with what it took off the loan (as a booked loan's events show it). */
export interface SimulatedEventJson {
  readonly type: EventType;
  readonly on: string;
  readonly amount: string;
  readonly allocation: AllocationJson | null;
}

export function simulationToJson(result: SimulationResult, terms: LoanTerms, asOf: LocalDate): SimulationJson & { readonly events: readonly SimulatedEventJson[] } {
  const c = result.state.currency;
  const events = result.applied.map(({ type, on, amountMinor, allocation: a }) => ({
    type,
    on,
    amount: formatAmount(amountMinor, c),
    allocation: a === null ? null : allocationJson(a, c),
  }));
  return { ...loanStatementJson(result.state, terms, asOf, result.payoffMinor), events };
}

/** A loan's statement on `asOf`: the shape of `loan simulate`'s output, also served for booked loans. */
export function loanStatementJson(state: LoanState, terms: LoanTerms, asOf: LocalDate, payoffMinor: bigint): SimulationJson {
  const c: Currency = state.currency;
  const sums = [0n, 0n, 0n, 0n, 0n, 0n];
  const installments = scheduleAsOf(state, terms, asOf).map((i) => {
    const paid = i.principalPaidMinor + i.interestPaidMinor + i.feePaidMinor + i.penaltyPaidMinor;
    const values = [i.principalMinor, i.interestMinor, i.feeMinor, i.penaltyMinor, paid, totalOutstanding(i)];
    values.forEach((v, k) => (sums[k]! += v));
    return { n: i.n, dueOn: i.dueOn, ...amounts(values, c), status: installmentStatus(i, asOf) };
  });
  return {
    currency: c,
    asOf,
    status: state.status,
    installments,
    totals: amounts(sums, c),
    daysPastDue: state.daysPastDue,
    bucket: state.bucket,
    nonAccrual: state.nonAccrual,
    creditBalance: formatAmount(state.creditBalanceMinor, c),
    payoff: { on: asOf, amount: formatAmount(payoffMinor, c) },
  };
}

function amounts(values: readonly bigint[], c: Currency): AmountsJson {
  const [principal, interest, fee, penalty, paid, outstanding] = values as [bigint, bigint, bigint, bigint, bigint, bigint];
  return {
    principal: formatAmount(principal, c),
    interest: formatAmount(interest, c),
    fee: formatAmount(fee, c),
    penalty: formatAmount(penalty, c),
    total: formatAmount(principal + interest + fee + penalty, c),
    paid: formatAmount(paid, c),
    outstanding: formatAmount(outstanding, c),
  };
}
