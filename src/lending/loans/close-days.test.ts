/**
 * Closing the days a loan slept in one go (skipping idle days) against closing them one by one, the
 * way end of day would have: the same state and the same transfers, and the same payoff quote, for
 * fee-priced and interest-priced loans with random part payments, overdue spells, write-off and after.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, type LocalDate } from '../../kernel/local-date.ts';
import { expectOk } from '../../kernel/result.ts';
import type { TransferInput } from '../../ledger/types.ts';
import { productAccountIds } from '../products/chart-of-accounts.ts';
import { applyRepayment, closeDay, openLoan, parseLoanTerms, payoffQuote, type LoanState, type LoanTerms } from '../servicing/index.ts';
import { closeDaysThrough } from './close-days.ts';
import { postingsToTransfers } from './postings-to-transfers.ts';

const accounts = productAccountIds('p');

function oneByOne(terms: LoanTerms, state: LoanState, through: LocalDate): { state: LoanState; transfers: TransferInput[] } {
  const transfers: TransferInput[] = [];
  let current = state;
  while (current.openOn <= through) {
    const day = current.openOn;
    const step = expectOk(closeDay(current, terms, day));
    transfers.push(...postingsToTransfers(step.postings, accounts, 'loan', `d${day}`, current.currency, day));
    current = step.state;
  }
  return { state: current, transfers };
}

/** Everything unpaid of the installments already due. */
function dueOf(state: LoanState): bigint {
  let due = 0n;
  for (const i of state.installments.slice(state.oldestUnpaidIndex, state.periodIndex)) {
    due += i.principalMinor + i.interestMinor + i.feeMinor + i.penaltyMinor - i.principalPaidMinor - i.interestPaidMinor - i.feePaidMinor - i.penaltyPaidMinor;
  }
  return due;
}

const termsArb = fc.record({
  installments: fc.integer({ min: 1, max: 12 }),
  principalMinor: fc.integer({ min: 10_000, max: 2_000_000 }),
  fee: fc.boolean(),
}).map(({ installments, principalMinor, fee }) =>
  expectOk(parseLoanTerms({
    principal: (principalMinor / 100).toFixed(2),
    disbursedOn: '2026-01-10',
    installments,
    rate: fee ? { value: '0.5', per: 'month' } : { value: '18', per: 'year' },
    ...(fee ? { interestMethod: 'feeOnPrincipal' } : {}),
  })),
);

describe('closeDaysThrough', () => {
  it('ends where closing every day one by one ends, with the same transfers', () => {
    fc.assert(
      fc.property(termsArb, fc.array(fc.record({ days: fc.integer({ min: 0, max: 70 }), payPercent: fc.integer({ min: 0, max: 150 }) }), { maxLength: 12 }), (terms, steps) => {
        let state = expectOk(openLoan(terms)).state;
        for (const { days, payPercent } of steps) {
          const through = addDays(state.openOn, days);
          const reference = oneByOne(terms, state, through);
          const skipped = closeDaysThrough('loan', terms, state, through, accounts);
          expect(skipped.state).toEqual(reference.state);
          expect(skipped.transfers).toEqual(reference.transfers);
          // A payoff quote runs the same days: the same figure as quoting on the day-by-day state.
          expect(payoffQuote(state, terms, reference.state.openOn)).toEqual(payoffQuote(reference.state, terms, reference.state.openOn));
          state = reference.state;
          // A share of what is due, or of the next installment when nothing is (up to an excess payment),
          // on the open date: loans move between current and overdue, and a cure after non-accrual.
          const amountMinor = (dueOf(state) || (state.installments[state.periodIndex]?.principalMinor ?? 0n)) * BigInt(payPercent) / 100n;
          const paid = amountMinor > 0n ? applyRepayment(state, terms, state.openOn, amountMinor) : null;
          if (paid?.ok) state = paid.value.state;
        }
      }),
      { numRuns: 200 },
    );
  });
});
