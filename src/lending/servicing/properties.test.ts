// Invariants of the servicing engine over random loans and random payment histories (fast-check):
// after every operation the ledger ties to the state (each receivable role's postings sum to the
// change of its balance), allocation never pays a component more than it owes (paid + outstanding =
// due, nothing negative), money in equals money booked, the loan closes exactly when nothing is owed,
// days past due and the bucket agree with the installments, and the credit balance (what is paid
// beyond the payoff, or refunded beyond what is owed) is what the postings put in the customer's
// wallet and took out, never negative; a credit balance refund replayed beyond the balance lends
// the rest as principal owed. The loans draw every interest
// method, amortization, rest and prepayment rule, down payments, grace on principal, rounded
// installments, 360/30 day counts and both one-off penalty kinds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimal } from '../../kernel/decimal.ts';
import { addDays, daysBetween, localDate } from '../../kernel/local-date.ts';
import { expectOk } from '../../kernel/result.ts';
import { totalOutstanding } from './allocate.ts';
import { applyCreditBalanceRefund } from './apply-credit-balance-refund.ts';
import { applyRefund } from './apply-refund.ts';
import { applyWaiver } from './apply-waiver.ts';
import { applyRepayment } from './apply-repayment.ts';
import { eventAllocation } from './event-allocation.ts';
import { bucketOf } from './buckets.ts';
import { closeDay } from './close-day.ts';
import { openLoan } from './open-loan.ts';
import { parseLoanTerms } from './parse-terms.ts';
import { payoffQuote } from './payoff-quote.ts';
import { deserializeLoanState, serializeLoanState } from './serialize.ts';
import type { LoanState, LoanTerms, Posting, Receivables, Step } from './types.ts';

const ROLE: Record<string, keyof Receivables> = {
  loansReceivable: 'principalMinor',
  interestReceivable: 'interestMinor',
  feeReceivable: 'feeMinor',
  penaltyReceivable: 'penaltyMinor',
};

function checkTies(before: LoanState | null, step: Step): void {
  const moved: Receivables = { principalMinor: 0n, interestMinor: 0n, feeMinor: 0n, penaltyMinor: 0n };
  const m = moved as { -readonly [K in keyof Receivables]: bigint };
  for (const p of step.postings as Posting[]) {
    expect(p.amountMinor > 0n && p.debit !== p.credit).toBe(true);
    if (ROLE[p.debit]) m[ROLE[p.debit]!] += p.amountMinor;
    if (ROLE[p.credit]) m[ROLE[p.credit]!] -= p.amountMinor;
  }
  const old = before?.receivable ?? { principalMinor: 0n, interestMinor: 0n, feeMinor: 0n, penaltyMinor: 0n };
  for (const key of Object.keys(moved) as (keyof Receivables)[]) {
    expect(step.state.receivable[key] - old[key], `ledger tie ${key}`).toBe(moved[key]);
    expect(step.state.receivable[key] >= 0n, `receivable ${key} not negative`).toBe(true);
  }
  const intoWallet = step.postings.reduce((sum, p) => sum + (p.credit === 'customerWallet' ? p.amountMinor : p.debit === 'customerWallet' ? -p.amountMinor : 0n), 0n);
  expect(step.state.creditBalanceMinor - (before?.creditBalanceMinor ?? 0n), 'wallet tie').toBe(intoWallet);
  expect(step.state.creditBalanceMinor >= 0n, 'credit balance not negative').toBe(true);
}

function checkState(state: LoanState): void {
  if (state.status !== 'writtenOff') expect(state.receivable.principalMinor).toBe(state.principalOutstandingMinor);
  let owed = 0n;
  let principalOwed = 0n;
  for (const i of state.installments) {
    for (const [due, paid] of [
      [i.principalMinor, i.principalPaidMinor],
      [i.interestMinor, i.interestPaidMinor],
      [i.feeMinor, i.feePaidMinor],
      [i.penaltyMinor, i.penaltyPaidMinor],
    ] as const) {
      expect(paid >= 0n && paid <= due, 'paid within due').toBe(true);
    }
    owed += totalOutstanding(i);
    principalOwed += i.principalMinor - i.principalPaidMinor;
  }
  if (state.status === 'active') expect(principalOwed).toBe(state.principalOutstandingMinor);
  expect(state.status === 'closed', 'closed exactly when nothing is owed').toBe(state.status !== 'writtenOff' && owed === 0n);
  expect(state.bucket).toBe(bucketOf(state.daysPastDue));
}

const loanArbitrary = fc.record({
  principal: fc.integer({ min: 10_000, max: 10_000_000 }),
  installments: fc.integer({ min: 1, max: 12 }),
  unit: fc.constantFrom('month', 'week', 'halfMonth'),
  rate: fc.integer({ min: 0, max: 3600 }),
  interestMethod: fc.constantFrom('decliningBalance', 'decliningBalance', 'flat', 'feeOnPrincipal'),
  amortization: fc.constantFrom('equalInstallments', 'equalInstallments', 'equalPrincipal', 'interestOnly', 'bullet'),
  interestPeriod: fc.constantFrom('daily', 'repaymentPeriod'),
  rest: fc.constantFrom('none', 'daily', 'repaymentPeriod'),
  onPrepayment: fc.constantFrom('reduceInstallment', 'reduceTerm'),
  preclosureInterest: fc.constantFrom('tillPreclosureDate', 'tillRestDate'),
  penaltyPercent: fc.option(fc.integer({ min: 1, max: 500 })),
  dailyPenalty: fc.boolean(),
  downPaymentPercent: fc.constantFrom('0', '0', '0', '20'),
  graceOnPrincipal: fc.constantFrom(0, 0, 0, 1),
  installmentMultiple: fc.constantFrom('0.01', '0.01', '0.01', '1.00'),
  days360: fc.boolean(),
  penaltyOnPrincipal: fc.boolean(),
});

const REGRESSION_LOAN = {
  principal: 10_000, installments: 1, unit: 'month', rate: 0, interestMethod: 'decliningBalance', amortization: 'equalInstallments',
  interestPeriod: 'daily', rest: 'repaymentPeriod', onPrepayment: 'reduceInstallment', preclosureInterest: 'tillRestDate', penaltyPercent: null, dailyPenalty: false,
  downPaymentPercent: '0', graceOnPrincipal: 0, installmentMultiple: '0.01', days360: false, penaltyOnPrincipal: false,
} as const;

const eventsArbitrary = fc.array(
  fc.record({
    gapDays: fc.integer({ min: 0, max: 60 }),
    kind: fc.constantFrom('repay', 'repay', 'repay', 'payoff', 'overpay', 'refund', 'waive', 'creditRefund', 'creditRefundBeyond'),
    share: fc.integer({ min: 1, max: 1000 }),
  }),
  { maxLength: 12 },
);

describe('servicing invariants', () => {
  it('ledger ties, no over-payment, closes exactly when paid, after every event and every day', () => {
    fc.assert(
      fc.property(loanArbitrary, eventsArbitrary, (l, events) => {
        const parsed = expectOk(
          parseLoanTerms({
            principal: (l.principal / 100).toFixed(2),
            disbursedOn: '2024-01-31',
            installments: l.installments,
            frequency: { every: 1, unit: l.unit },
            rate: { value: (l.rate / 100).toFixed(2), per: 'year' },
            interestMethod: l.interestMethod,
            amortization: l.amortization,
            interestPeriod: l.interestPeriod,
            recalculation: { rest: l.rest, onPrepayment: l.onPrepayment },
            preclosureInterest: l.preclosureInterest,
            downPaymentPercent: l.downPaymentPercent,
            graceOnPrincipal: Math.min(l.graceOnPrincipal, l.installments - 1),
            installmentMultiple: l.installmentMultiple,
            ...(l.days360 ? { daysInYear: 360, daysInMonth: 30 } : {}),
            penalty: l.penaltyPercent === null ? undefined : { kind: l.penaltyOnPrincipal ? 'percentOfOverduePrincipal' : 'percentOfOverdueTotal', value: (l.penaltyPercent / 100).toFixed(2), graceDays: 3 },
            writeOffDaysPastDue: 120,
          }),
        );
        // Penalty interest (a product's daily penalty rate) is not in the simulate contract: set it directly.
        const terms: LoanTerms = l.dailyPenalty && l.penaltyPercent !== null
          ? { ...parsed, penalty: { kind: 'dailyRateOnOverduePrincipal', rate: { percent: decimal(String(l.penaltyPercent / 10)), per: 'year' }, graceDays: 3, capPercentOfPrincipal: null } }
          : parsed;
        const opened = openLoan(terms);
        if (!opened.ok) return; // a multiple too large for the loan: refused, nothing to service
        checkTies(null, opened.value);
        let state = opened.value.state;
        let day = terms.spec.disbursedOn;
        let paidIn = 0n;
        const run = (step: Step): void => {
          checkTies(state, step);
          state = step.state;
          checkState(state);
          // Money into the wallet but a refund's principal was paid in and is not on the installments:
          // charges a refund gives back on the part of the purchase it returns, a payment beyond the payoff.
          for (const p of step.postings) if (p.credit === 'customerWallet' && p.debit !== 'merchantPayable') paidIn -= p.amountMinor;
        };
        // Part of a share of `amountMinor`, at least 1.
        const partOf = (amountMinor: bigint, share: number): bigint => 1n + ((amountMinor - 1n) * BigInt(share)) / 1000n;
        for (const event of [...events, { gapDays: 400, kind: 'none', share: 0 }]) {
          for (let k = 0; k < event.gapDays && state.status === 'active'; k += 1) {
            run(expectOk(closeDay(state, terms, day)));
            day = addDays(day, 1);
          }
          if (state.status === 'writtenOff' || event.kind === 'none') continue;
          if (event.kind === 'creditRefund') {
            if (state.creditBalanceMinor === 0n) continue;
            const paidBack = partOf(state.creditBalanceMinor, event.share);
            expect(applyCreditBalanceRefund(state, terms, day, state.creditBalanceMinor + 1n)).toMatchObject({ ok: false, code: 'amount_exceeds_credit_balance' });
            const step = expectOk(applyCreditBalanceRefund(state, terms, day, paidBack));
            expect(eventAllocation('creditBalanceRefund', step.postings)?.creditBalance).toBe(paidBack);
            run(step);
            continue;
          }
          if (event.kind === 'creditRefundBeyond') {
            // As a reversal replays it once the balance that paid for it is gone: the rest is lent.
            const lent = partOf(terms.spec.principalMinor, event.share);
            const owedBefore = state.principalOutstandingMinor;
            const step = expectOk(applyCreditBalanceRefund(state, terms, day, state.creditBalanceMinor + lent, 'lend'));
            expect(eventAllocation('creditBalanceRefund', step.postings)).toMatchObject({ creditBalance: state.creditBalanceMinor, principal: lent });
            run(step);
            expect([state.status, state.creditBalanceMinor, state.principalOutstandingMinor - owedBefore]).toEqual(['active', 0n, lent]);
            continue;
          }
          // A loan paid off still takes a refund of the purchase (into its credit balance), nothing else.
          if (event.kind === 'refund') {
            const room = terms.spec.principalMinor - state.refundedMinor;
            if (room === 0n) continue;
            const refunded = partOf(room, event.share);
            const step = expectOk(applyRefund(state, terms, day, refunded));
            expect(eventAllocation('refund', step.postings)?.principal).toBe(refunded);
            run(step);
            continue;
          }
          if (state.status !== 'active') continue;
          if (event.kind === 'waive') {
            const unpaid = state.installments.reduce((sum, i) => sum + i.penaltyMinor - i.penaltyPaidMinor, 0n);
            if (unpaid === 0n) continue;
            const waived = partOf(unpaid, event.share);
            const step = expectOk(applyWaiver(state, terms, day, waived));
            // A waiver takes penalties alone, and never more than were owed.
            const allocation = eventAllocation('waiver', step.postings);
            expect(allocation && allocation.principal + allocation.interest + allocation.fee).toBe(0n);
            expect(allocation!.penalty).toBeLessThanOrEqual(waived);
            expect(applyWaiver(step.state, terms, day, unpaid - waived + 1n)).toMatchObject({ ok: false, code: 'waiver_exceeds_penalties' });
            run(step);
            continue;
          }
          const quote = expectOk(payoffQuote(state, terms, day));
          if (quote === 0n) continue;
          const excess = event.kind === 'overpay' ? BigInt(event.share) : 0n;
          const amount = event.kind === 'repay' ? partOf(quote, event.share) : quote + excess;
          const creditBefore = state.creditBalanceMinor;
          const step = expectOk(applyRepayment(state, terms, day, amount));
          const allocation = eventAllocation('repayment', step.postings);
          expect(allocation && allocation.principal + allocation.interest + allocation.fee + allocation.penalty + allocation.creditBalance).toBe(amount);
          // The payoff closes the loan; only what is paid beyond it goes to the credit balance.
          expect(allocation!.creditBalance).toBe(excess);
          run(step);
          paidIn += amount;
          if (amount >= quote) expect(state.status).toBe('closed');
          expect(state.creditBalanceMinor - creditBefore).toBe(excess);
        }
        const paidOnInstallments = state.installments.reduce((s, i) => s + i.principalPaidMinor + i.interestPaidMinor + i.feePaidMinor + i.penaltyPaidMinor, 0n);
        expect(paidOnInstallments).toBe(paidIn);
        expect(deserializeLoanState(JSON.parse(JSON.stringify(serializeLoanState(state))))).toEqual(state);
      }),
      {
        numRuns: 150,
        examples: [
          // A payoff, and a repayment just below it, on a due date under rest repaymentPeriod with
          // preclosure tillRestDate: the quote once charged the new period's interest the payment never booked.
          [{ ...REGRESSION_LOAN, installments: 2, unit: 'week', rate: 27 }, [{ gapDays: 7, kind: 'payoff', share: 1 }]],
          // A refund of the down payment on its day, then another: the down payment was restored, the last installment went negative.
          [{ ...REGRESSION_LOAN, preclosureInterest: 'tillPreclosureDate', downPaymentPercent: '20' }, [{ gapDays: 0, kind: 'refund', share: 200 }, { gapDays: 1, kind: 'refund', share: 751 }]],
          [{ ...REGRESSION_LOAN, installments: 2, unit: 'halfMonth', rate: 516, amortization: 'interestOnly', interestPeriod: 'repaymentPeriod' }, [{ gapDays: 15, kind: 'repay', share: 998 }]],
          // A payment on the disbursement date pays into installment 1, which later events must not
          // take for a period no event touched.
          [{ ...REGRESSION_LOAN, preclosureInterest: 'tillPreclosureDate' }, [{ gapDays: 0, kind: 'repay', share: 1 }, { gapDays: 29, kind: 'repay', share: 1 }]],
          // A loan paid, returned whole and paid back on the day period 2 opens, then lent to (as a
          // reversal of the payment replays it): installment 2, which the refund had emptied, was
          // taken for a period that passed untouched, and the next quote failed.
          [
            { ...REGRESSION_LOAN, installments: 2, rate: 1200, interestPeriod: 'repaymentPeriod', preclosureInterest: 'tillPreclosureDate' },
            [{ gapDays: 29, kind: 'repay', share: 300 }, { gapDays: 0, kind: 'refund', share: 1000 }, { gapDays: 0, kind: 'creditRefundBeyond', share: 300 }, { gapDays: 5, kind: 'payoff', share: 1 }],
          ],
          // A refund on a loan current again after non-accrual reversed accrual that non-accrual had
          // suspended, and the interest receivable went negative.
          [
            { ...REGRESSION_LOAN, installments: 6, rate: 46, rest: 'daily', preclosureInterest: 'tillPreclosureDate' },
            [{ gapDays: 49, kind: 'repay', share: 1 }, { gapDays: 57, kind: 'repay', share: 1 }, { gapDays: 13, kind: 'repay', share: 1 }, { gapDays: 4, kind: 'repay', share: 666 }, { gapDays: 1, kind: 'refund', share: 167 }],
          ],
        ],
      },
    );
  });

  it('days past due count from the oldest unpaid due date and move the bucket', () => {
    const terms = expectOk(parseLoanTerms({ principal: '1200.00', disbursedOn: '2024-01-01', installments: 12, rate: { value: '12', per: 'year' }, writeOffDaysPastDue: 400 }));
    let state = expectOk(openLoan(terms)).state;
    const seen: [number, string][] = [];
    for (let on = localDate('2024-01-01'); on <= localDate('2024-09-01'); on = addDays(on, 1)) {
      state = expectOk(closeDay(state, terms, on)).state;
      const expected = on > localDate('2024-02-01') ? daysBetween(localDate('2024-02-01'), on) : 0;
      expect(state.daysPastDue).toBe(expected);
      seen.push([state.daysPastDue, state.bucket]);
    }
    expect(new Set(seen.map(([, b]) => b))).toEqual(new Set(['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7']));
    expect(state.nonAccrual).toBe(true);
  });
});
