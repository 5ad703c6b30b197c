import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, localDate } from '../../kernel/local-date.ts';
import { expectOk } from '../../kernel/result.ts';
import { closeDay, openLoan, parseLoanTerms } from './index.ts';
import { nextCloseNeededOn } from './next-close.ts';

const feeLoan = (principal: string, installments: number, feePercent: string) =>
  expectOk(parseLoanTerms({ principal, disbursedOn: '2026-01-10', installments, rate: { value: feePercent, per: 'month' }, interestMethod: 'feeOnPrincipal' }));
const interestLoan = expectOk(parseLoanTerms({ principal: '3000.00', disbursedOn: '2026-01-10', installments: 3, rate: { value: '18', per: 'year' } }));

describe('nextCloseNeededOn', () => {
  it('leaves a current fee-priced loan idle until its due date', () => {
    const terms = feeLoan('600.00', 3, '0.5');
    const state = expectOk(openLoan(terms)).state;
    expect(nextCloseNeededOn(state, terms)).toBe('2026-02-10');
  });

  it('needs every day of a loan that accrues interest', () => {
    const state = expectOk(openLoan(interestLoan)).state;
    expect(nextCloseNeededOn(state, interestLoan)).toBe('2026-01-10');
  });

  it('closing the idle days posts nothing and changes nothing but the open date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 10_000, max: 2_000_000 }), (installments, principalMinor) => {
        const terms = feeLoan((principalMinor / 100).toFixed(2), installments, '0.5');
        let state = expectOk(openLoan(terms)).state;
        const needed = nextCloseNeededOn(state, terms) as string;
        const before = state;
        while (state.openOn < needed) {
          const step = expectOk(closeDay(state, terms, state.openOn));
          expect(step.postings).toEqual([]);
          state = step.state;
        }
        expect({ ...state, openOn: before.openOn }).toEqual(before);
        // The due date itself is where the fee is recognised.
        expect(expectOk(closeDay(state, terms, state.openOn)).postings.length).toBeGreaterThan(0);
      }),
      { numRuns: 50 },
    );
  });

  it('needs every day once an installment is overdue, and nothing after the loan is closed', () => {
    const terms = feeLoan('600.00', 3, '0.5');
    let state = expectOk(openLoan(terms)).state;
    while (state.openOn <= localDate('2026-02-10')) state = expectOk(closeDay(state, terms, state.openOn)).state;
    expect(state.openOn).toBe(addDays(localDate('2026-02-10'), 1));
    expect(nextCloseNeededOn(state, terms)).toBe(state.openOn);
  });
});
