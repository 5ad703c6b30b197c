/**
 * Simulated borrowers: each loan gets a persona when it is made, and every business date the
 * persona decides, from the loan's state, what the borrower does that day — pay an installment on
 * its due date, late, partly, in excess, pay the loan off (now and then with more than the payoff),
 * get a purchase refunded (also after paying off), be forgiven part of their penalties, be paid back
 * a credit balance, or never pay (and, once written off, sometimes recover). Pure and seeded: the
 * same random stream gives the same events. Amounts stay within what servicing accepts (refunds
 * within the principal bought, credit balance refunds within the balance), so refusals are rare and
 * deliberate.
 */
import type { LocalDate } from '../../kernel/local-date.ts';
import type { Random } from '../../kernel/random.ts';
import type { LoanEventType } from '../loans/loan-book.ts';
import { payoffQuote, type LoanState, type LoanTerms } from '../servicing/index.ts';

export type Persona = 'punctual' | 'late' | 'partial' | 'defaulter';

export interface BorrowerEvent {
  readonly type: LoanEventType;
  readonly amountMinor: bigint;
}

export function randomPersona(random: Random): Persona {
  const roll = random.next();
  return roll < 0.6 ? 'punctual' : roll < 0.8 ? 'late' : roll < 0.92 ? 'partial' : 'defaulter';
}

/** What falls due on or before `on` and is unpaid. */
function dueOwedMinor(state: LoanState, on: LocalDate): bigint {
  let owed = 0n;
  for (const x of state.installments) {
    if (x.dueOn > on) break;
    owed += x.principalMinor - x.principalPaidMinor + x.interestMinor - x.interestPaidMinor + x.feeMinor - x.feePaidMinor + x.penaltyMinor - x.penaltyPaidMinor;
  }
  return owed;
}

const fraction = (random: Random, amountMinor: bigint, lowPercent: number, highPercent: number): bigint => (amountMinor * BigInt(random.int(lowPercent, highPercent))) / 100n;

/** The borrower's events on `on`, in order; the loan's open business date is `on`. */
export function borrowerEvents(random: Random, persona: Persona, state: LoanState, terms: LoanTerms, refundable: boolean, on: LocalDate): BorrowerEvent[] {
  if (state.status === 'writtenOff') {
    const owed = state.writtenOff === null ? 0n : state.writtenOff.principalMinor + state.writtenOff.interestMinor + state.writtenOff.feeMinor + state.writtenOff.penaltyMinor;
    const left = owed - state.recoveredMinor;
    return left > 0n && random.chance(0.02) ? [{ type: 'recovery', amountMinor: 1n + fraction(random, left - 1n, 10, 100) }] : [];
  }
  const events: BorrowerEvent[] = [];
  const refundLeft = terms.spec.principalMinor - state.refundedMinor;
  if (refundable && refundLeft > 0n && random.chance(0.002)) events.push({ type: 'refund', amountMinor: 1n + fraction(random, refundLeft - 1n, 5, 100) });
  // The lender pays back what it owes, in full or in part, some days after it came to be owed.
  if (state.creditBalanceMinor > 0n && random.chance(0.1)) {
    events.push({ type: 'creditBalanceRefund', amountMinor: random.chance(0.8) ? state.creditBalanceMinor : 1n + fraction(random, state.creditBalanceMinor - 1n, 10, 90) });
  }
  if (state.status !== 'active' || persona === 'defaulter') return events;
  // Collections now and then forgive part of a paying borrower's penalties.
  const penaltiesUnpaid = state.installments.reduce((sum, x) => sum + x.penaltyMinor - x.penaltyPaidMinor, 0n);
  if (penaltiesUnpaid > 0n && random.chance(0.02)) events.push({ type: 'waiver', amountMinor: 1n + fraction(random, penaltiesUnpaid - 1n, 10, 100) });
  const payoff = payoffQuote(state, terms, on);
  if (!payoff.ok || payoff.value === 0n) return events;
  // The refund above may lower the payoff; repayments are sized on the state before it, so one may
  // now overpay, as may a payoff sent with a little more: the excess is the loan's credit balance.
  if (random.chance(0.001)) return [...events, { type: 'repayment', amountMinor: random.chance(0.7) ? payoff.value : payoff.value + fraction(random, payoff.value, 1, 5) }];
  if (random.chance(0.003)) return [...events, { type: 'repayment', amountMinor: 1n + fraction(random, payoff.value - 1n, 10, 90) }];
  const due = dueOwedMinor(state, on);
  if (due === 0n) return events;
  const dueToday = state.installments.some((x) => x.dueOn === on);
  const pays =
    persona === 'punctual' ? dueToday || random.chance(0.2)
    : persona === 'late' ? state.daysPastDue >= 3 && random.chance(0.15)
    : dueToday || random.chance(0.05);
  if (!pays) return events;
  let amount = persona === 'partial' ? 1n + fraction(random, due - 1n, 20, 80) : random.chance(0.1) ? due + fraction(random, due, 5, 50) : due;
  if (amount > payoff.value) amount = payoff.value;
  return [...events, { type: 'repayment', amountMinor: amount }];
}
