// Published worked examples with a stated APR, through the same function the CLI runs: every one
// of Regulation Z Appendix J's (c)(1)–(c)(6), and the EU examples of Directive 98/7/EC Annex III
// whose results are stated. An APR must round to the stated figure at its stated decimals (not
// merely fall within Regulation Z's 1/8-point tolerance). Where an example gives terms rather than
// dates — (c)(5)(ii)–(iv), and the skipped-payment runs of (c)(6)(i) — the dates give those terms.
import { describe, expect, it } from 'vitest';
import { aprCommandOutput } from '../../cli/commands/apr.ts';

type Example = readonly [name: string, stated: string, input: Record<string, unknown>];

const REGULATION_Z_APPENDIX_J: readonly Example[] = [
  ['(c)(1)(i): monthly, regular first period', '9.69', {method: 'usRegZ', advances: [{on: '1978-01-10', amount: '5000.00'}], payments: [{firstOn: '1978-02-10', count: 24, every: 1, unit: 'month', amount: '230.00'}], unitPeriod: {every: 1, unit: 'month'}}],
  ['(c)(1)(ii): monthly, long first period (1 + 19/30)', '11.82', {method: 'usRegZ', advances: [{on: '1978-02-10', amount: '6000.00'}], payments: [{firstOn: '1978-04-01', count: 36, every: 1, unit: 'month', amount: '200.00'}], unitPeriod: {every: 1, unit: 'month'}}],
  ['(c)(1)(iii): semimonthly (1st/16th), short first period 6/15', '10.34', {method: 'usRegZ', advances: [{on: '1978-02-23', amount: '5000.00'}], payments: [{firstOn: '1978-03-01', count: 24, every: 1, unit: 'halfMonth', amount: '219.17'}], unitPeriod: {every: 1, unit: 'halfMonth'}}],
  ['(c)(1)(iv): quarterly, long first period (1 + 39/90)', '8.97', {method: 'usRegZ', advances: [{on: '1978-05-23', amount: '10000.00'}], payments: [{firstOn: '1978-10-01', count: 40, every: 3, unit: 'month', amount: '385.00'}], unitPeriod: {every: 3, unit: 'month'}}],
  ['(c)(1)(v): weekly, long first period (4 + 4/7)', '14.96', {method: 'usRegZ', advances: [{on: '1978-03-20', amount: '500.00'}], payments: [{firstOn: '1978-04-21', count: 30, every: 1, unit: 'week', amount: '17.60'}], unitPeriod: {every: 1, unit: 'week'}}],
  ['(c)(2)(i): monthly, odd first payment 250', '10.08', {method: 'usRegZ', advances: [{on: '1978-01-10', amount: '5000.00'}], payments: [{on: '1978-02-10', amount: '250.00'}, {firstOn: '1978-03-10', count: 23, every: 1, unit: 'month', amount: '230.00'}], unitPeriod: {every: 1, unit: 'month'}}],
  ['(c)(2)(ii): every 4 weeks, long first period (1 + 5/28), odd first payment', '28.50', {method: 'usRegZ', advances: [{on: '1978-03-18', amount: '400.00'}], payments: [{on: '1978-04-20', amount: '39.50'}, {firstOn: '1978-05-18', count: 11, every: 4, unit: 'week', amount: '38.31'}], unitPeriod: {every: 4, unit: 'week'}}],
  ['(c)(3)(i): monthly, odd final payment 280', '10.50', {method: 'usRegZ', advances: [{on: '1978-01-10', amount: '5000.00'}], payments: [{firstOn: '1978-02-10', count: 23, every: 1, unit: 'month', amount: '230.00'}, {on: '1980-01-10', amount: '280.00'}], unitPeriod: {every: 1, unit: 'month'}}],
  ['(c)(3)(ii): every 2 weeks, short first period 8/14, odd final payment', '12.22', {method: 'usRegZ', advances: [{on: '1978-04-03', amount: '200.00'}], payments: [{firstOn: '1978-04-11', count: 19, every: 2, unit: 'week', amount: '9.50'}, {on: '1979-01-02', amount: '30.00'}], unitPeriod: {every: 2, unit: 'week'}}],
  ['(c)(4)(i): monthly, odd first (250) and final (280) payment', '10.90', {method: 'usRegZ', advances: [{on: '1978-01-10', amount: '5000.00'}], payments: [{on: '1978-02-10', amount: '250.00'}, {firstOn: '1978-03-10', count: 22, every: 1, unit: 'month', amount: '230.00'}, {on: '1980-01-10', amount: '280.00'}], unitPeriod: {every: 1, unit: 'month'}}],
  ['(c)(4)(ii): every 2 months, short first period 52/60, odd first and final payment', '7.30', {method: 'usRegZ', advances: [{on: '1978-01-10', amount: '8000.00'}], payments: [{on: '1978-03-01', amount: '449.36'}, {firstOn: '1978-05-01', count: 18, every: 2, unit: 'month', amount: '465.00'}, {on: '1981-05-01', amount: '200.00'}], unitPeriod: {every: 2, unit: 'month'}}],
  ['(c)(5)(i): single advance/payment, 255 days, w = 365/255', '11.45', {method: 'usRegZ', advances: [{on: '1978-01-03', amount: '1000.00'}], payments: [{on: '1978-09-15', amount: '1080.00'}], unitPeriod: {every: 1, unit: 'month'}}],
  ['(c)(5)(ii): single advance/payment, 6 months, w = 2', '8.80', {method: 'usRegZ', advances: [{on: '1978-07-15', amount: '1000.00'}], payments: [{on: '1979-01-15', amount: '1044.00'}], unitPeriod: {every: 6, unit: 'month'}}],
  ['(c)(5)(iii): single advance/payment, 18 months, unit 1 year, t=1 f=6/12', '8.76', {method: 'usRegZ', advances: [{on: '1978-07-15', amount: '1000.00'}], payments: [{on: '1980-01-15', amount: '1135.19'}], unitPeriod: {every: 12, unit: 'month'}}],
  ['(c)(5)(iv): single advance/payment, exactly 2 years, unit 1 year', '11.36', {method: 'usRegZ', advances: [{on: '1978-07-15', amount: '1000.00'}], payments: [{on: '1980-07-15', amount: '1240.00'}], unitPeriod: {every: 12, unit: 'month'}}],
  ['(c)(5)(iii), asked with a monthly unit period: the unit period is still a year', '8.76', {method: 'usRegZ', advances: [{on: '1978-07-15', amount: '1000.00'}], payments: [{on: '1980-01-15', amount: '1135.19'}], unitPeriod: {every: 1, unit: 'month'}}],
  ['(c)(5)(iv), asked with a monthly unit period: the unit period is still a year', '11.36', {method: 'usRegZ', advances: [{on: '1978-07-15', amount: '1000.00'}], payments: [{on: '1980-07-15', amount: '1240.00'}], unitPeriod: {every: 1, unit: 'month'}}],
  ['(c)(6)(i): skipped-payment loan, 24×100 every 4 weeks in 4 runs', '12.00', {method: 'usRegZ', advances: [{on: '1978-01-25', amount: '2135.00'}], payments: [{firstOn: '1978-02-20', count: 9, every: 4, unit: 'week', amount: '100.00'}, {firstOn: '1978-11-13', count: 6, every: 4, unit: 'week', amount: '100.00'}, {firstOn: '1979-05-14', count: 6, every: 4, unit: 'week', amount: '100.00'}, {firstOn: '1979-11-12', count: 3, every: 4, unit: 'week', amount: '100.00'}], unitPeriod: {every: 4, unit: 'week'}}],
  ['(c)(6)(ii): skipped payments plus single payments, monthly', '10.22', {method: 'usRegZ', advances: [{on: '1978-03-03', amount: '7350.00'}], payments: [{firstOn: '1978-09-15', count: 3, every: 1, unit: 'month', amount: '1000.00'}, {on: '1979-03-15', amount: '2000.00'}, {firstOn: '1979-09-15', count: 3, every: 1, unit: 'month', amount: '750.00'}, {on: '1980-02-01', amount: '1000.00'}], unitPeriod: {every: 1, unit: 'month'}}],
];

const DIRECTIVE_98_7_ANNEX_III: readonly Example[] = [
  ['Annex III A, 1st: 1000 → 1200 single payment after 546 days', '12.96', {method: 'euCcd', advances: [{on: '1994-01-01', amount: '1000.00'}], payments: [{on: '1995-07-01', amount: '1200.00'}], yearBasis: '365'}],
  ['Annex III A, 2nd: 1000 less 50 withheld = 950 → 1200 after 546 days', '16.9', {method: 'euCcd', advances: [{on: '1994-01-01', amount: '950.00'}], payments: [{on: '1995-07-01', amount: '1200.00'}], yearBasis: '365'}],
  ['Annex III A, 3rd: 1000 → 600 after 1 year + 600 after 2 years', '13.07', {method: 'euCcd', advances: [{on: '1994-01-01', amount: '1000.00'}], payments: [{on: '1995-01-01', amount: '600.00'}, {on: '1996-01-01', amount: '600.00'}], yearBasis: '365'}],
  ['Annex III B, 1st: 1000 → 1200 after 1.5 years (18 equal months)', '12.92', {method: 'euCcd', advances: [{on: '1994-01-01', amount: '1000.00'}], payments: [{on: '1995-07-01', amount: '1200.00'}], yearBasis: 'equalMonths'}],
];

function expectStated(input: Record<string, unknown>, stated: string): void {
  const decimals = stated.split('.')[1]?.length ?? 0;
  const apr = Number(aprCommandOutput(input).aprPercent);
  expect(apr.toFixed(decimals), `${apr}`).toBe(stated);
}

describe('Regulation Z Appendix J examples', () => {
  it.each(REGULATION_Z_APPENDIX_J)('%s: %s%', (_name, stated, input) => expectStated(input, stated));
});

describe('Directive 98/7/EC Annex III examples', () => {
  it.each(DIRECTIVE_98_7_ANNEX_III)('%s: %s%', (_name, stated, input) => expectStated(input, stated));
});
