/**
 * The JSON edge of schedules: turns a `lendcore schedule` input (../shared/CONTRACTS.md) into a typed
 * `ScheduleSpec`, applying the contract's defaults, or names the first bad field. Nothing past this
 * file sees JSON.
 */
import { decimal } from '../../kernel/decimal.ts';
import { limits } from '../../kernel/limits.ts';
import { currency as knownCurrency } from '../../kernel/money.ts';
import { ok, type Result } from '../../kernel/result.ts';
import { addPeriods } from './due-dates.ts';
import {
  asObject,
  catchFieldError,
  checkWithinCalendar,
  fail,
  readAmount,
  readChoice,
  readCurrency,
  readDate,
  readFrequency,
  readInteger,
  readPercent,
  required,
  type SpecErrorCode,
} from './json-fields.ts';
import { AMORTIZATIONS, DAYS_IN_MONTH, DAYS_IN_YEAR, INTEREST_METHODS, INTEREST_PERIODS, RATE_PERS, type NominalRate, type ScheduleSpec } from './types.ts';


export function parseScheduleSpec(json: unknown): Result<ScheduleSpec, SpecErrorCode> {
  return catchFieldError(() => ok(readScheduleSpec(json)));
}

function readScheduleSpec(json: unknown): ScheduleSpec {
  const input = asObject(json, '');
  const c = input.currency === undefined ? knownCurrency('CNY') : readCurrency(input.currency, 'currency');
  const principalMinor = readAmount(required(input, 'principal'), c, 'principal', { allowZero: false });
  const disbursedOn = readDate(required(input, 'disbursedOn'), 'disbursedOn');
  const installments = readInteger(required(input, 'installments'), 'installments', 1, limits.scheduleInstallmentsMax);
  const frequency = input.frequency === undefined ? { every: 1, unit: 'month' as const } : readFrequency(input.frequency, 'frequency');
  const givenFirstDueOn = input.firstDueOn === undefined ? null : readDate(input.firstDueOn, 'firstDueOn');
  const periodsAfter = givenFirstDueOn === null ? installments : installments - 1;
  checkWithinCalendar(givenFirstDueOn ?? disbursedOn, periodsAfter, frequency, 'installments');
  const firstDueOn = givenFirstDueOn ?? addPeriods(disbursedOn, frequency, 1);
  if (firstDueOn <= disbursedOn) fail('date_out_of_order', 'firstDueOn', `firstDueOn ${firstDueOn} must be after disbursedOn ${disbursedOn}`);
  const installmentMultipleMinor =
    input.installmentMultiple === undefined ? 1n : readAmount(input.installmentMultiple, c, 'installmentMultiple', { allowZero: false });
  const graceOnPrincipal = input.graceOnPrincipal === undefined ? 0 : readInteger(input.graceOnPrincipal, 'graceOnPrincipal', 0, installments - 1);
  return {
    currency: c,
    principalMinor,
    disbursedOn,
    firstDueOn,
    installments,
    frequency,
    rate: readRate(required(input, 'rate')),
    interestMethod: input.interestMethod === undefined ? 'decliningBalance' : readChoice(input.interestMethod, 'interestMethod', INTEREST_METHODS),
    amortization: input.amortization === undefined ? 'equalInstallments' : readChoice(input.amortization, 'amortization', AMORTIZATIONS),
    interestPeriod: input.interestPeriod === undefined ? 'repaymentPeriod' : readChoice(input.interestPeriod, 'interestPeriod', INTEREST_PERIODS),
    daysInYear: input.daysInYear === undefined ? 'actual' : readChoice(input.daysInYear, 'daysInYear', DAYS_IN_YEAR),
    daysInMonth: input.daysInMonth === undefined ? 'actual' : readChoice(input.daysInMonth, 'daysInMonth', DAYS_IN_MONTH),
    installmentMultipleMinor,
    graceOnPrincipal,
    downPaymentPercent: input.downPaymentPercent === undefined ? decimal('0') : readPercent(input.downPaymentPercent, 'downPaymentPercent', 100),
  };
}

function readRate(value: unknown): NominalRate {
  const rate = asObject(value, 'rate');
  return {
    percent: readPercent(required(rate, 'value', 'rate'), 'rate.value'),
    per: readChoice(required(rate, 'per', 'rate'), 'rate.per', RATE_PERS),
  };
}
