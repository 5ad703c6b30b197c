// Reversal over random loans and histories (fast-check): the loan after a reversal is the loan
// replayed without the event, and the correction postings take every account from what the booked
// history posted to what the history without the event posts, to the cent.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, localDate, type LocalDate } from '../../kernel/local-date.ts';
import { expectOk } from '../../kernel/result.ts';
import { applyCreditBalanceRefund } from './apply-credit-balance-refund.ts';
import { applyRepayment } from './apply-repayment.ts';
import { parseLoanTerms } from './parse-terms.ts';
import { payoffQuote } from './payoff-quote.ts';
import { replayLoan, type LoanEvent } from './replay.ts';
import { postingDifference, reverseEvent } from './reverse-event.ts';
import { serializeLoanState } from './serialize.ts';
import type { LoanTerms, Posting } from './types.ts';

function balances(postings: readonly Posting[]): Map<string, bigint> {
  const net = new Map<string, bigint>();
  for (const p of postings) {
    net.set(p.debit, (net.get(p.debit) ?? 0n) + p.amountMinor);
    net.set(p.credit, (net.get(p.credit) ?? 0n) - p.amountMinor);
  }
  for (const [account, amount] of net) if (amount === 0n) net.delete(account);
  return net;
}

const postingsOf = (terms: LoanTerms, events: readonly LoanEvent[], closedThrough: LocalDate) => expectOk(replayLoan(terms, events, closedThrough, 'asBooked')).steps.flatMap((s) => s.postings);

describe('postingDifference', () => {
  it('nets each kind and pair of accounts, whichever way it was posted', () => {
    const from: Posting[] = [{ debit: 'repaymentClearing', credit: 'loansReceivable', amountMinor: 500n, kind: 'repayment' }];
    const to: Posting[] = [
      { debit: 'repaymentClearing', credit: 'loansReceivable', amountMinor: 200n, kind: 'repayment' },
      { debit: 'interestReceivable', credit: 'interestIncome', amountMinor: 7n, kind: 'interestAccrual' },
    ];
    expect(postingDifference(from, to)).toEqual([
      { debit: 'loansReceivable', credit: 'repaymentClearing', amountMinor: 300n, kind: 'repayment' },
      { debit: 'interestReceivable', credit: 'interestIncome', amountMinor: 7n, kind: 'interestAccrual' },
    ]);
    expect(postingDifference(to, to)).toEqual([]);
  });
});

describe('reverseEvent', () => {
  it('is the loan without the event, and its postings move every account there', () => {
    fc.assert(
      fc.property(
        fc.record({
          installments: fc.integer({ min: 1, max: 12 }),
          rate: fc.integer({ min: 0, max: 3600 }),
          interestMethod: fc.constantFrom('decliningBalance', 'flat', 'feeOnPrincipal'),
          rest: fc.constantFrom('none', 'daily', 'repaymentPeriod'),
          onPrepayment: fc.constantFrom('reduceInstallment', 'reduceTerm'),
          penalty: fc.boolean(),
        }),
        fc.array(
          fc.record({ gapDays: fc.integer({ min: 0, max: 70 }), kind: fc.constantFrom('repay', 'repay', 'payoff', 'overpay', 'refund', 'waive', 'creditRefund'), share: fc.integer({ min: 1, max: 1000 }) }),
          { minLength: 1, maxLength: 8 },
        ),
        fc.nat(),
        fc.integer({ min: 0, max: 200 }),
        (l, draws, pick, laterDays) => {
          const terms = expectOk(parseLoanTerms({
            principal: '3000.00', disbursedOn: '2024-01-31', installments: l.installments,
            rate: { value: (l.rate / 100).toFixed(2), per: 'year' }, interestMethod: l.interestMethod,
            recalculation: { rest: l.rest, onPrepayment: l.onPrepayment },
            penalty: l.penalty ? { kind: 'percentOfOverdueTotal', value: '5', graceDays: 3 } : undefined,
            writeOffDaysPastDue: 120,
          }));
          // A booked history: each event applied to the loan as it then stood, so all of them were accepted.
          const history: LoanEvent[] = [];
          let on = terms.spec.disbursedOn;
          for (const draw of draws) {
            on = addDays(on, draw.gapDays);
            const state = expectOk(replayLoan(terms, history, addDays(on, -1), 'asBooked')).state;
            if (state.status === 'writtenOff') break;
            const owedPenalties = state.installments.reduce((sum, i) => sum + i.penaltyMinor - i.penaltyPaidMinor, 0n);
            const quote = expectOk(payoffQuote(state, terms, on));
            const share = (whole: bigint) => 1n + ((whole - 1n) * BigInt(draw.share)) / 1000n;
            // A loan paid off takes only a refund of the purchase or paying back its credit balance.
            if (draw.kind === 'refund' && state.refundedMinor < terms.spec.principalMinor) history.push({ type: 'refund', on, amountMinor: share(terms.spec.principalMinor - state.refundedMinor) });
            else if (draw.kind === 'creditRefund' && state.creditBalanceMinor > 0n) history.push({ type: 'creditBalanceRefund', on, amountMinor: share(state.creditBalanceMinor) });
            else if (draw.kind === 'waive' && owedPenalties > 0n) history.push({ type: 'waiver', on, amountMinor: share(owedPenalties) });
            else if (quote > 0n) history.push({ type: 'repayment', on, amountMinor: draw.kind === 'payoff' ? quote : draw.kind === 'overpay' ? quote + BigInt(draw.share) : share(quote) });
          }
          if (history.length === 0) return;
          const index = pick % history.length;
          const closedThrough = addDays(history.at(-1)!.on, laterDays);
          const reversed = reverseEvent(terms, history, index, closedThrough);
          if (!reversed.ok) {
            // Only an event after the reversed one, applied again to the loan without it, may refuse
            // (a waiver of penalties never charged, a refund after a write-off that now comes sooner,
            // a payment of a cent of rounding only the reversed event had left owing, paying back on a
            // loan that is now written off a credit balance the reversed payment or refund made): the refusal
            // names it as events[j] of the history without the reversed event, j >= index.
            const later = /^events\.(\d+)\./.exec(reversed.param ?? '');
            expect(later !== null && Number(later[1]) >= index, `${reversed.code} at ${reversed.param}`).toBe(true);
            return;
          }
          const without = history.filter((_, i) => i !== index);
          expect(serializeLoanState(reversed.value.after)).toEqual(serializeLoanState(expectOk(replayLoan(terms, without, closedThrough, 'asBooked')).state));
          expect(serializeLoanState(reversed.value.before)).toEqual(serializeLoanState(expectOk(replayLoan(terms, history, closedThrough, 'asBooked')).state));
          for (const p of reversed.value.postings) expect(p.amountMinor > 0n && p.debit !== p.credit).toBe(true);
          const booked = postingsOf(terms, history, closedThrough);
          expect(balances([...booked, ...reversed.value.postings])).toEqual(balances(postingsOf(terms, without, closedThrough)));
          // Taking an event away never leaves the borrower owing less principal.
          if (history[index]!.type !== 'refund' && history[index]!.type !== 'creditBalanceRefund') expect(reversed.value.after.principalOutstandingMinor >= reversed.value.before.principalOutstandingMinor || reversed.value.after.status === 'writtenOff').toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('opens again a loan the reversed payment had closed, owing what it owed', () => {
    const terms = expectOk(parseLoanTerms({ principal: '1200.00', disbursedOn: '2024-01-01', installments: 12, rate: { value: '12', per: 'year' } }));
    const on = localDate('2024-03-10');
    const payoff = expectOk(payoffQuote(expectOk(replayLoan(terms, [], addDays(on, -1), 'asRequested')).state, terms, on));
    const reversed = expectOk(reverseEvent(terms, [{ type: 'repayment', on, amountMinor: payoff }], 0, on));
    expect(reversed.before.status).toBe('closed');
    expect(reversed.after.status).toBe('active');
    // The whole payment goes back the way it came; the reopened loan accrues the day's interest.
    const sent = reversed.postings.filter((p) => p.kind === 'repayment');
    expect(sent.every((p) => p.credit === 'repaymentClearing')).toBe(true);
    expect(sent.reduce((sum, p) => sum + p.amountMinor, 0n)).toBe(payoff);
    expect(reversed.postings.some((p) => p.kind === 'interestAccrual' && p.debit === 'interestReceivable')).toBe(true);
  });

  // Apache Fineract's LoanCBR C2515 and C2505: a payment beyond the payoff, the excess paid back, then
  // a payment bounces. The money paid back is gone, so what the credit balance no longer covers is
  // lent: principal owed, posted from the funding source.
  describe('a credit balance refund the reversal leaves uncovered', () => {
    // Fineract's default product: one installment 30 days on, no interest.
    const interestFree = expectOk(parseLoanTerms({ principal: '1000.00', disbursedOn: '2023-01-01', installments: 1, frequency: { every: 30, unit: 'day' }, rate: { value: '0', per: 'year' } }));
    const on = (day: number) => localDate(`2023-01-${String(day).padStart(2, '0')}`);
    const lentBy = (postings: readonly Posting[]) => postings.filter((p) => p.kind === 'creditBalanceRefund' && p.debit === 'loansReceivable').reduce((sum, p) => sum + p.amountMinor, 0n);

    it('lends all of it when the bounced payment made the whole balance (C2515)', () => {
      const history: LoanEvent[] = [{ type: 'repayment', on: on(10), amountMinor: 120000n }, { type: 'creditBalanceRefund', on: on(11), amountMinor: 20000n }];
      const reversed = expectOk(reverseEvent(interestFree, history, 0, on(12)));
      expect([reversed.after.status, reversed.after.principalOutstandingMinor, reversed.after.creditBalanceMinor]).toEqual(['active', 120000n, 0n]);
      // Still due on the installment's own date, not at once.
      expect(reversed.after.installments.map((i) => [i.dueOn, i.principalMinor])).toEqual([[localDate('2023-01-31'), 120000n]]);
      expect(lentBy(postingsOf(interestFree, history.slice(1), on(12)))).toBe(20000n);
    });

    it('pays what is left of the balance and lends the rest, on a loan paid off (C2505)', () => {
      const history: LoanEvent[] = [
        { type: 'repayment', on: on(3), amountMinor: 10000n },
        { type: 'repayment', on: on(5), amountMinor: 50000n },
        { type: 'repayment', on: on(5), amountMinor: 60000n },
        { type: 'creditBalanceRefund', on: on(7), amountMinor: 20000n },
      ];
      const reversed = expectOk(reverseEvent(interestFree, history, 0, on(7)));
      expect([reversed.after.status, reversed.after.principalOutstandingMinor, reversed.after.creditBalanceMinor]).toEqual(['active', 10000n, 0n]);
      // Fineract's journal of the replayed refund: 100 from the overpayment, 100 to loans receivable.
      const steps = expectOk(replayLoan(interestFree, history.slice(1), on(7), 'asBooked')).steps;
      expect(steps.flatMap((s) => s.postings).filter((p) => p.kind === 'creditBalanceRefund')).toEqual([
        { debit: 'customerWallet', credit: 'fundingSource', amountMinor: 10000n, kind: 'creditBalanceRefund' },
        { debit: 'loansReceivable', credit: 'fundingSource', amountMinor: 10000n, kind: 'creditBalanceRefund' },
      ]);
      // Due with the installment the paid-off loan had due next, as Fineract credits it there.
      expect(reversed.after.installments.at(-1)).toMatchObject({ dueOn: on(31), principalMinor: 10000n, principalPaidMinor: 0n });
      expect(reversed.after.daysPastDue).toBe(0);
    });

    // More of LoanCBR: the reversed event (its index in the history) and what the borrower then owes.
    // Fineract's payout refund, a payment into a paid-off loan, has no counterpart: a closed loan takes no repayment.
    const r = (day: string, amount: number) => ({ type: 'repayment' as const, on: localDate(`2023-${day}`), amountMinor: BigInt(amount * 100) });
    const rf = (day: string, amount: number) => ({ ...r(day, amount), type: 'refund' as const });
    const cbr = (day: string, amount: number) => ({ ...r(day, amount), type: 'creditBalanceRefund' as const });
    it.each([
      ['C2516', [r('01-10', 500), r('01-11', 700), cbr('01-13', 200)], 0, 50000n],
      ['C2517', [r('01-10', 100), r('01-11', 1100), cbr('01-13', 200)], 0, 10000n],
      ['C2519', [r('01-10', 1000), rf('01-11', 1000), cbr('01-13', 1000)], 1, 100000n],
      ['C2520', [r('01-10', 1000), rf('01-11', 500), cbr('01-13', 500)], 1, 50000n],
      ['C2522', [r('01-10', 500), r('01-11', 700), cbr('01-13', 200), rf('01-15', 500), cbr('01-17', 500)], 1, 70000n],
      ['C2523 after maturity', [r('02-01', 1200), cbr('02-11', 200)], 0, 120000n],
      ['C2524 after maturity', [r('02-01', 500), r('02-02', 700), cbr('02-11', 200)], 0, 50000n],
      ['C2525 after maturity', [r('02-01', 100), r('02-02', 1100), cbr('02-11', 200)], 0, 10000n],
      ['C2527 after maturity', [r('02-01', 1000), rf('02-10', 1000), cbr('02-11', 1000)], 1, 100000n],
      ['C2528 after maturity', [r('02-01', 1000), rf('02-10', 500), cbr('02-11', 500)], 1, 50000n],
      ['C2530 after maturity', [r('02-01', 500), r('02-02', 700), cbr('02-11', 200), rf('02-15', 500), cbr('02-17', 500)], 1, 70000n],
    ] as const)('%s', (_name, history, index, owed) => {
      const reversed = expectOk(reverseEvent(interestFree, history, index, history.at(-1)!.on));
      expect([reversed.after.status, reversed.after.principalOutstandingMinor, reversed.after.creditBalanceMinor]).toEqual(['active', owed, 0n]);
    });

    it('leaves a loan a refund had closed one that can be quoted and paid off', () => {
      // Paid, the purchase returned whole and the credit paid back on the day period 2 opens; then
      // the payment bounces. The refund left installment 2 owing nothing; it must not be taken for a
      // period that passed untouched, charging the lent principal interest it never held.
      const terms = expectOk(parseLoanTerms({ principal: '100.00', disbursedOn: '2024-01-31', installments: 2, rate: { value: '12', per: 'year' }, recalculation: { rest: 'repaymentPeriod' } }));
      const day = localDate('2024-02-29');
      const history: LoanEvent[] = [{ type: 'repayment', on: day, amountMinor: 3000n }, { type: 'refund', on: day, amountMinor: 10000n }, { type: 'creditBalanceRefund', on: day, amountMinor: 3000n }];
      const reversed = expectOk(reverseEvent(terms, history, 0, localDate('2024-03-04')));
      expect([reversed.after.status, reversed.after.principalOutstandingMinor]).toEqual(['active', 3000n]);
      const payoffOn = localDate('2024-03-05');
      const quote = expectOk(payoffQuote(reversed.after, terms, payoffOn));
      expect(expectOk(applyRepayment(reversed.after, terms, payoffOn, quote)).state.status).toBe('closed');
    });

    it('is refused when asked for, and on a loan written off', () => {
      const history: LoanEvent[] = [{ type: 'repayment', on: on(10), amountMinor: 120000n }, { type: 'creditBalanceRefund', on: on(11), amountMinor: 20000n }];
      expect(replayLoan(interestFree, history.slice(1), on(11), 'asRequested')).toMatchObject({ ok: false, code: 'amount_exceeds_credit_balance', param: 'events.0.amount' });
      const writtenOff = expectOk(replayLoan({ ...interestFree, writeOffDaysPastDue: 30 }, [], localDate('2023-03-10'), 'asBooked')).state;
      expect(writtenOff.status).toBe('writtenOff');
      expect(applyCreditBalanceRefund(writtenOff, interestFree, localDate('2023-03-11'), 1n, 'lend')).toMatchObject({ ok: false, code: 'amount_exceeds_credit_balance' });
    });
  });
});
