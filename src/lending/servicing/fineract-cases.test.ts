// More of Apache Fineract's test expectations of the same kinds as the golden vectors: its e2e
// LoanRepayment RP02–RP10 (5000 EUR, 6 months, 12%/year, daily interest, actual/actual, daily
// recalculation, reduce EMI, EMI in whole euros) as a table, one payment and then the schedule on
// that date, and RP11–RP12, two payments with an excess; RP14–RP15, the same loan recalculated at
// each due date; its weekly recalculation tests on and after a due date and their pre-close payoffs,
// and under a daily rest reducing the term; the schedules without recalculation RS02–RS04; payoffs
// the day after disbursement (C2653, C2654); a grace on principal (RS05); 15-day periods
// recalculated at each due date (C3139); and overdue penalties on a flat loan (FEE04–FEE05).
import { describe, expect, it } from 'vitest';
import { loanSimulateOutput } from '../../cli/commands/loan-simulate.ts';

const loan = {
  currency: 'EUR',
  principal: '5000.00',
  disbursedOn: '2022-11-01',
  installments: 6,
  rate: { value: '12', per: 'year' },
  interestPeriod: 'daily',
  installmentMultiple: '1',
  recalculation: { rest: 'daily', onPrepayment: 'reduceInstallment' },
};

// [case, payment date, amount, rows "principal/interest" for n = 1..6, total interest]
const cases: [string, string, string, string[], string][] = [
  ['RP02 on time exact', '2022-12-01', '863.00', ['813.68/49.32', '819.33/42.67', '827.68/34.32', '838.62/23.38', '844.67/17.33', '856.02/8.44'], '175.46'],
  ['RP03 early exact', '2022-11-27', '863.00', ['863.00/48.18', '809.84/42.16', '818.09/33.91', '828.90/23.10', '834.88/17.12', '845.29/8.34'], '172.81'],
  ['RP04 late exact', '2022-12-05', '862.00', ['812.68/49.32', '818.25/43.75', '827.66/34.34', '838.61/23.39', '844.65/17.35', '858.15/8.46'], '176.61'],
  ['RP06 early partial', '2022-11-27', '200.00', ['812.95/49.05', '819.33/42.67', '827.68/34.32', '838.62/23.38', '844.66/17.34', '856.76/8.45'], '175.21'],
  ['RP08 on time excess', '2022-12-01', '1500.00', ['1450.68/49.32', '694.83/36.17', '701.91/29.09', '711.18/19.82', '716.31/14.69', '725.09/7.15'], '156.24'],
  ['RP09 early excess', '2022-11-27', '1500.00', ['1500.00/47.34', '685.33/35.67', '692.31/28.69', '701.46/19.54', '706.52/14.48', '714.38/7.05'], '152.77'],
  ['RP10 late excess', '2022-12-05', '1500.00', ['812.68/49.32', '823.91/38.09', '827.72/34.28', '838.66/23.34', '844.70/17.30', '852.33/8.41'], '170.74'],
];

describe('Fineract daily-recalculation repayments (RP02–RP10)', () => {
  it.each(cases)('%s', (_name, on, amount, rows, totalInterest) => {
    const output = loanSimulateOutput({ loan, events: [{ type: 'repayment', on, amount }], asOf: on });
    expect(output.installments.map((i) => `${i.principal}/${i.interest}`)).toEqual(rows);
    expect(output.totals.interest).toBe(totalInterest);
    expect(output.totals.paid).toBe(amount);
    // The payment's split, as a booked loan's events show it, adds up to the payment.
    const [event] = output.events;
    const cents = (a: string) => BigInt(a.replace('.', ''));
    expect(Object.values(event?.allocation ?? {}).reduce((sum, part) => sum + cents(part), 0n)).toBe(cents(amount));
  });
});

// RP11–RP12: the same loan, 1000 on the first due date and 2000 on the second, the excess reducing
// the term or the installment.
describe('Fineract daily-recalculation excess payments (RP11–RP12)', () => {
  const events = [
    { type: 'repayment', on: '2022-12-01', amount: '1000.00' },
    { type: 'repayment', on: '2023-01-01', amount: '2000.00' },
  ];
  it.each([
    ['RP11 reduce term', 'reduceTerm', ['950.68/49.32', '1958.73/41.27', '840.69/21.31', '850.49/11.51', '399.41/4.07'], '127.48'],
    ['RP12 reduce installment', 'reduceInstallment', ['950.68/49.32', '1958.73/41.27', '514.69/21.31', '521.49/14.51', '525.25/10.75', '529.16/5.22'], '142.38'],
  ])('%s', (_name, onPrepayment, rows, totalInterest) => {
    const output = loanSimulateOutput({ loan: { ...loan, recalculation: { rest: 'daily', onPrepayment } }, events, asOf: '2023-01-01' });
    expect(output.installments.map((i) => `${i.principal}/${i.interest}`)).toEqual(rows);
    expect(output.totals.interest).toBe(totalInterest);
  });
});

// RP14–RP15: rest same as the repayment period. A period no payment fell in keeps the interest
// projected when it opened (installment 2: 42.68 on the 4187.32 expected, not the principal
// actually owed); the period a payment falls in earns on the principal owed at its start, overdue
// principal included.
describe('Fineract recalculation at each due date (RP14–RP15)', () => {
  const perPeriod = { ...loan, recalculation: { rest: 'repaymentPeriod', onPrepayment: 'reduceInstallment' } };
  it.each([
    [
      'RP14 partial payments',
      [{ type: 'repayment', on: '2022-11-20', amount: '200.00' }, { type: 'repayment', on: '2023-01-04', amount: '200.00' }],
      ['812.68/49.32', '819.32/42.68', '812.58/49.42', '838.48/23.52', '844.50/17.50', '872.44/8.60'],
      '191.04',
    ],
    ['RP15 late payment', [{ type: 'repayment', on: '2023-02-01', amount: '862.00' }], ['812.68/49.32', '819.32/42.68', '811.04/50.96', '838.46/23.54', '844.49/17.51', '874.01/8.62'], '192.63'],
  ])('%s', (_name, events, rows, totalInterest) => {
    const output = loanSimulateOutput({ loan: perPeriod, events, asOf: events.at(-1)!.on });
    expect(output.installments.map((i) => `${i.principal}/${i.interest}`)).toEqual(rows);
    expect(output.totals.interest).toBe(totalInterest);
  });
});

const weekly = {
  currency: 'CNY',
  principal: '10000.00',
  disbursedOn: '2024-01-01',
  installments: 4,
  frequency: { every: 1, unit: 'week' },
  rate: { value: '2', per: 'month' },
  interestPeriod: 'repaymentPeriod',
  recalculation: { rest: 'repaymentPeriod', onPrepayment: 'reduceInstallment' },
};

// ClientLoanIntegrationTest, interest recalculation with rest same as repayment, seen on the due
// date of installment 2: that day the new period still earns on the balance the schedule expects.
describe('Fineract weekly recalculation on a due date', () => {
  it.each([
    ['nothing paid', [], ['2482.76/46.15', '2482.76/46.15', '2505.67/23.24', '2528.81/11.67']],
    ['installment 1 paid on its due date', [{ type: 'repayment', on: '2024-01-08', amount: '2528.91' }], ['2482.76/46.15', '2494.22/34.69', '2505.73/23.18', '2517.29/11.62']],
  ])('%s', (_name, events, rows) => {
    const output = loanSimulateOutput({ loan: weekly, events, asOf: '2024-01-15' });
    expect(output.installments.map((i) => `${i.principal}/${i.interest}`)).toEqual(rows);
  });
});

// ClientLoanIntegrationTest, daily rest reducing the number of installments, after the first payment.
// The test's later prepayment is left out: Fineract's interest-first (RBI) strategy with compounding
// splits the period at the payment date, outside the contract.
describe('Fineract weekly daily-rest reduce term', () => {
  it('keeps the schedule after installment 1 paid on its due date', () => {
    const reduceTerm = { ...weekly, recalculation: { rest: 'daily', onPrepayment: 'reduceTerm' } };
    const events = [{ type: 'repayment', on: '2024-01-08', amount: '2528.91' }];
    const output = loanSimulateOutput({ loan: reduceTerm, events, asOf: '2024-01-15' });
    expect(output.installments.map((i) => `${i.principal}/${i.interest}`)).toEqual(['2482.76/46.15', '2494.22/34.69', '2505.73/23.18', '2517.29/11.62']);
  });
});

// The same test two days after installment 2 fell due: with no payment since, the periods that
// passed earn on the principal owed; the payoff (a payment) restores installment 2, which no
// payment fell in, to its projection.
describe('Fineract weekly recalculation after a due date', () => {
  it('charges the past period on the principal owed while nothing was paid', () => {
    const output = loanSimulateOutput({ loan: weekly, events: [], asOf: '2024-01-17' });
    expect(output.installments.map((i) => `${i.principal}/${i.interest}`)).toEqual(['2482.76/46.15', '2482.76/46.15', '2482.76/46.15', '2551.72/11.78']);
  });
  it.each([
    ['tillPreclosureDate', '7561.84'],
    ['tillRestDate', '7586.62'],
  ])('installment 1 paid on its due date, payoff %s', (preclosureInterest, payoff) => {
    const events = [{ type: 'repayment', on: '2024-01-08', amount: '2528.91' }];
    const output = loanSimulateOutput({ loan: { ...weekly, preclosureInterest }, events, asOf: '2024-01-17' });
    expect(output.installments.map((i) => `${i.principal}/${i.interest}`)).toEqual(['2482.76/46.15', '2494.22/34.69', '2494.22/34.69', '2528.80/11.67']);
    expect(output.payoff.amount).toBe(payoff);
  });
});

// LoanRepayment RS05: 18 months with 3 months of grace on principal pay interest only, then amortize.
describe('Fineract grace on principal (RS05)', () => {
  it('keeps the grace installments interest-only when simulated', () => {
    const graced = { ...loan, installments: 18, interestPeriod: 'repaymentPeriod', recalculation: { rest: 'none' }, graceOnPrincipal: 3 };
    const output = loanSimulateOutput({ loan: graced, events: [], asOf: '2022-11-01' });
    const rows = output.installments.map((i) => `${i.principal}/${i.interest}`);
    expect(rows.slice(0, 5)).toEqual(['0.00/50.00', '0.00/50.00', '0.00/50.00', '311.00/50.00', '314.11/46.89']);
    expect(rows.at(-1)).toBe('351.36/3.51');
    expect(output.totals.interest).toBe('558.87');
  });
});

// LoanRepayment RS02–RS04: the same 5000 EUR at 12% over 18 months, no recalculation, seen on the
// disbursement date: equal installments in whole euros on each period's rate or counted in days, and
// equal principal (Fineract rounds only an equal installment to its multiple, so RS04 sets none).
describe('Fineract schedules without recalculation (RS02–RS04)', () => {
  const cumulative = { ...loan, installments: 18, recalculation: { rest: 'none' } };
  it.each([
    ['RS02 period same as payment', { interestPeriod: 'repaymentPeriod' }, [
      '255.00/50.00', '257.55/47.45', '260.13/44.87', '262.73/42.27', '265.35/39.65', '268.01/36.99', '270.69/34.31', '273.39/31.61', '276.13/28.87',
      '278.89/26.11', '281.68/23.32', '284.50/20.50', '287.34/17.66', '290.21/14.79', '293.12/11.88', '296.05/8.95', '299.01/5.99', '300.22/3.00',
    ], '488.22'],
    ['RS03 daily interest', { interestPeriod: 'daily' }, [
      '255.68/49.32', '256.65/48.35', '259.26/45.74', '266.08/38.92', '264.62/40.38', '268.53/36.47', '270.05/34.95', '273.84/31.16', '275.59/29.41',
      '278.40/26.60', '282.01/22.99', '284.11/20.89', '287.59/17.41', '289.94/15.06', '292.90/12.10', '296.47/8.53', '298.90/6.10', '299.38/2.95',
    ], '487.33'],
    ['RS04 equal principal', { interestPeriod: 'repaymentPeriod', amortization: 'equalPrincipal', installmentMultiple: undefined }, [
      ...['50.00', '47.22', '44.44', '41.67', '38.89', '36.11', '33.33', '30.56', '27.78', '25.00', '22.22', '19.44', '16.67', '13.89', '11.11', '8.33', '5.56']
        .map((interest) => `277.78/${interest}`),
      '277.74/2.78',
    ], '475.00'],
  ])('%s', (_name, extra, rows, totalInterest) => {
    const output = loanSimulateOutput({ loan: { ...cumulative, ...extra }, events: [], asOf: '2022-11-01' });
    expect(output.installments.map((i) => `${i.principal}/${i.interest}`)).toEqual(rows);
    expect(output.totals.interest).toBe(totalInterest);
  });
});

// ClientLoanIntegrationTest's pre-close tests: the weekly loan closed the day after disbursement,
// with a day's interest or the interest to the period's end.
describe('Fineract weekly pre-close the day after disbursement', () => {
  it.each([
    ['tillPreclosureDate', '10006.59'],
    ['tillRestDate', '10046.15'],
  ])('%s', (preclosureInterest, payoff) => {
    expect(loanSimulateOutput({ loan: { ...weekly, preclosureInterest }, events: [], asOf: '2024-01-02' }).payoff.amount).toBe(payoff);
  });
});

// LoanAccrualTransaction C2653: the 5000 EUR loan paid off the day after disbursement with that
// day's interest, 1.64.
describe('Fineract payoff the day after disbursement (C2653)', () => {
  it('charges one day of interest', () => {
    const next = { ...loan, disbursedOn: '2023-01-01', preclosureInterest: 'tillPreclosureDate' };
    expect(loanSimulateOutput({ loan: next, events: [], asOf: '2023-01-02' }).payoff.amount).toBe('5001.64');
  });
});

// LoanAccrualTransaction C2654: 1000 EUR over one month, recalculated daily, paid off the next day
// with that day's interest, 0.33.
describe('Fineract payoff the day after disbursement (C2654)', () => {
  it('charges one day of interest and closes', () => {
    const oneMonth = { ...loan, principal: '1000.00', disbursedOn: '2023-01-01', installments: 1 };
    expect(loanSimulateOutput({ loan: oneMonth, events: [], asOf: '2023-01-02' }).payoff.amount).toBe('1000.33');
    const closed = loanSimulateOutput({ loan: oneMonth, events: [{ type: 'repayment', on: '2023-01-02', amount: '1000.33' }], asOf: '2023-01-02' });
    expect([closed.status, closed.totals.interest, closed.totals.outstanding, closed.payoff.amount]).toEqual(['closed', '0.33', '0.00', '0.00']);
  });
});

// LoanAccrualTransaction C3139, before its second disbursement: 500 EUR in three 15-day periods,
// recalculated at each due date; once installment 1 is overdue unpaid, installment 2 earns on the
// principal owed.
describe('Fineract 15-day periods recalculated at each due date (C3139)', () => {
  const fifteenDays = {
    ...loan, principal: '500.00', disbursedOn: '2024-04-05', installments: 3, frequency: { every: 15, unit: 'day' },
    interestPeriod: 'repaymentPeriod', recalculation: { rest: 'repaymentPeriod', onPrepayment: 'reduceInstallment' },
  };
  it.each([
    ['on disbursement', '2024-04-05', ['165.53/2.47', '166.35/1.65', '168.12/0.83'], '4.95'],
    ['nothing paid, installment 1 overdue', '2024-04-25', ['165.53/2.47', '165.53/2.47', '168.94/0.83'], '5.77'],
  ])('%s', (_name, asOf, rows, totalInterest) => {
    const output = loanSimulateOutput({ loan: fifteenDays, events: [], asOf });
    expect(output.installments.map((i) => `${i.principal}/${i.interest}`)).toEqual(rows);
    expect(output.totals.interest).toBe(totalInterest);
  });
});

// LoanCharge FEE04–FEE05: 3000 EUR flat over 3 months, all unpaid a month after the last due date,
// with a 1.5% overdue penalty on each installment's principal or on its principal and interest.
describe('Fineract overdue penalties (FEE04–FEE05)', () => {
  const flat = { currency: 'EUR', principal: '3000.00', disbursedOn: '2023-01-01', installments: 3, rate: { value: '12', per: 'year' }, interestMethod: 'flat', recalculation: { rest: 'none' } };
  it.each([
    ['FEE04 percent of overdue principal', 'percentOfOverduePrincipal', '15.00', '45.00', '3135.00'],
    ['FEE05 percent of overdue total', 'percentOfOverdueTotal', '15.45', '46.35', '3136.35'],
  ])('%s', (_name, kind, penalty, totalPenalty, outstanding) => {
    const output = loanSimulateOutput({ loan: { ...flat, penalty: { kind, value: '1.5', graceDays: 0 } }, events: [], asOf: '2023-05-01' });
    expect(output.installments.map((i) => `${i.principal}/${i.interest}`)).toEqual(['1000.00/30.00', '1000.00/30.00', '1000.00/30.00']);
    expect(output.installments.map((i) => i.penalty)).toEqual([penalty, penalty, penalty]);
    expect([output.totals.interest, output.totals.penalty, output.totals.outstanding, output.payoff.amount]).toEqual(['90.00', totalPenalty, outstanding, outstanding]);
  });
});
