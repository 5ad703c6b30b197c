/**
 * What a repayment, a refund, a waiver or a credit balance refund took off the loan's books, by
 * component, read from the postings the event made. A posting counts for the component of the loan
 * account it moves: principal (the loans receivable, or the merchant payable a purchase's principal
 * came from and a refund goes back through), interest, fee or penalty (the receivable, or the income
 * beyond what was recognised), else the credit balance (the customer's wallet, what a repayment paid
 * beyond the payoff or a credit balance refund paid out). Postings of other kinds in the same step,
 * such as the accrual that brings the loan up to the event's date, are not the event's.
 *
 * Invariants (servicing property test): a repayment's parts sum to its amount; a refund's principal
 * is its amount, and its interest and fees are those already recognised or paid that it waived or
 * gave back (charges not yet recognised leave the schedule, not the books); a waiver's is penalty
 * alone, the recognised part of what it forgave; a credit balance refund's is its amount, from the
 * credit balance. A recovery has none: it comes after write-off, when the loan's balances are gone.
 */
import type { EventType } from './apply-event.ts';
import type { ChartAccount, Component, Posting, PostingKind } from './types.ts';

/** Where an event's money went: the loan's components, or its credit balance. */
export type AllocationPart = Component | 'creditBalance';
export type EventAllocation = Readonly<Record<AllocationPart, bigint>>;

const KINDS_OF: Readonly<Record<Exclude<EventType, 'recovery'>, readonly PostingKind[]>> = {
  repayment: ['repayment'],
  refund: ['refund', 'refundWaiver'],
  waiver: ['waiver'],
  creditBalanceRefund: ['creditBalanceRefund'],
};

const PART_OF: Partial<Readonly<Record<ChartAccount, AllocationPart>>> = {
  loansReceivable: 'principal',
  merchantPayable: 'principal',
  interestReceivable: 'interest',
  interestIncome: 'interest',
  feeReceivable: 'fee',
  feeIncome: 'fee',
  penaltyReceivable: 'penalty',
  penaltyIncome: 'penalty',
  customerWallet: 'creditBalance',
};

/** The allocation of an event's postings; null for a recovery. */
export function eventAllocation(type: EventType, postings: readonly Posting[]): EventAllocation | null {
  if (type === 'recovery') return null;
  const kinds = KINDS_OF[type];
  const parts: Record<AllocationPart, bigint> = { principal: 0n, interest: 0n, fee: 0n, penalty: 0n, creditBalance: 0n };
  for (const p of postings) {
    if (!kinds.includes(p.kind)) continue;
    const part = PART_OF[p.debit] ?? PART_OF[p.credit];
    if (part !== undefined) parts[part] += p.amountMinor;
  }
  return parts;
}
