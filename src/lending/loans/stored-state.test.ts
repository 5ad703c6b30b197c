import { describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../kernel/local-date.ts';
import { seededRandom } from '../../kernel/random.ts';
import { applyEvent, closeDay, openLoan, type LoanState } from '../servicing/index.ts';
import { borrowerEvents, randomPersona } from '../simulation/borrower.ts';
import { portfolioDocuments, randomPortfolioLoan } from '../simulation/portfolio.ts';
import { decodeLoanState, encodeLoanState } from './stored-state.ts';


describe('the stored loan state', () => {
  it('round-trips exactly through jsonb text on states from every servicing operation', () => {
    const random = seededRandom(7);
    const docs = portfolioDocuments();
    const seen = { overdue: 0, penalty: 0, writtenOff: 0, closed: 0, refunded: 0 };
    const check = (state: LoanState): void => {
      expect(decodeLoanState(JSON.parse(JSON.stringify(encodeLoanState(state))))).toEqual(state);
    };
    for (let n = 1; n <= 60; n++) {
      const request = randomPortfolioLoan(random, docs, 't', n, { seasonedShare: 0, openOn: localDate('2026-01-01') });
      const persona = randomPersona(random);
      const opened = openLoan(request.terms);
      if (!opened.ok) throw new Error(opened.code);
      let state = opened.value.state;
      check(state);
      for (let day = 0; day < 400 && state.status !== 'closed'; day++) {
        const on = state.openOn;
        for (const event of borrowerEvents(random, persona, state, request.terms, request.productId === 'bnpl', on)) {
          const step = applyEvent(event.type, state, request.terms, on, event.amountMinor);
          if (step.ok) state = step.value.state;
          check(state);
        }
        const closed = closeDay(state, request.terms, on);
        if (!closed.ok) throw new Error(closed.code);
        state = closed.value.state;
        check(state);
        if (state.daysPastDue > 0) seen.overdue++;
        if (state.penaltiesChargedMinor > 0n) seen.penalty++;
        if (state.refundedMinor > 0n) seen.refunded++;
        if (state.writtenOff !== null) seen.writtenOff++;
        expect(state.openOn).toBe(addDays(on, 1));
      }
      if (state.status === 'closed') seen.closed++;
    }
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(0);
  });

  it('reads a state stored before it kept its last event date as of its open business date', () => {
    const random = seededRandom(3);
    const request = randomPortfolioLoan(random, portfolioDocuments(), 't', 1, { seasonedShare: 0, openOn: localDate('2026-01-01') });
    const opened = openLoan(request.terms);
    if (!opened.ok) throw new Error(opened.code);
    const closed = closeDay(opened.value.state, request.terms, opened.value.state.openOn);
    if (!closed.ok) throw new Error(closed.code);
    const { le: _dropped, ...older } = encodeLoanState(closed.value.state);
    expect(decodeLoanState(older)).toEqual({ ...closed.value.state, lastEventOn: closed.value.state.openOn });
  });
});
