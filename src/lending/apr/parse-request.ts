/**
 * The JSON edge of `lendcore apr` (../shared/CONTRACTS.md): reads the method, the advances, the
 * payments (single `{on, amount}` or series `{firstOn, count, every, unit, amount}`, expanded with the
 * schedule's due-date rules), the unit period and the year basis. Amounts are in `currency`
 * (default CNY). Every flow must fall on or after the first advance.
 */
import { limits } from '../../kernel/limits.ts';
import type { LocalDate } from '../../kernel/local-date.ts';
import { currency as knownCurrency, type Currency } from '../../kernel/money.ts';
import { ok, type Result } from '../../kernel/result.ts';
import { addPeriods } from '../schedules/due-dates.ts';
import {
  asArray,
  asObject,
  catchFieldError,
  checkWithinCalendar,
  fail,
  path,
  readAmount,
  readChoice,
  readCurrency,
  readDate,
  readFrequency,
  readInteger,
  required,
  type JsonObject,
  type SpecErrorCode,
} from '../schedules/json-fields.ts';
import type { AprMethod, AprRequest, CashFlow, YearBasis } from './types.ts';

const METHODS: readonly AprMethod[] = ['usRegZ', 'euCcd', 'cnIrr'];
const YEAR_BASES: readonly YearBasis[] = ['365', '365or366', 'equalMonths'];

export interface ParsedAprRequest {
  readonly request: AprRequest;
  readonly currency: Currency;
}

export function parseAprRequest(json: unknown): Result<ParsedAprRequest, SpecErrorCode> {
  return catchFieldError(() => ok(readAprRequest(json)));
}

function readAprRequest(json: unknown): ParsedAprRequest {
  const input = asObject(json, '');
  const method = readChoice(required(input, 'method'), 'method', METHODS);
  const c = input.currency === undefined ? knownCurrency('CNY') : readCurrency(input.currency, 'currency');
  const advances = asArray(required(input, 'advances'), 'advances').map((item, k) => readFlow(asObject(item, path('advances', k)), c, path('advances', k), false));
  if (advances.length === 0) fail('missing_field', 'advances', 'advances must list at least one advance');
  const payments: CashFlow[] = [];
  asArray(required(input, 'payments'), 'payments').forEach((item, k) => readPayments(asObject(item, path('payments', k)), c, path('payments', k), payments));
  if (payments.length === 0) fail('missing_field', 'payments', 'payments must list at least one payment');
  if (advances.length + payments.length > limits.aprCashFlowsMax) {
    fail('too_many_cash_flows', 'payments', `more than ${limits.aprCashFlowsMax} advances and payments`);
  }
  checkAfterFirstAdvance(advances, payments);
  const unitPeriod = input.unitPeriod === undefined ? { every: 1, unit: 'month' as const } : readFrequency(input.unitPeriod, 'unitPeriod');
  const yearBasis = input.yearBasis === undefined ? '365' : readChoice(String(input.yearBasis), 'yearBasis', YEAR_BASES);
  return { request: { method, advances, payments, unitPeriod, yearBasis }, currency: c };
}

function readFlow(item: JsonObject, c: Currency, param: string, allowZero: boolean): CashFlow {
  return {
    on: readDate(required(item, 'on', param), path(param, 'on')),
    amountMinor: readAmount(required(item, 'amount', param), c, path(param, 'amount'), { allowZero }),
  };
}

function readPayments(item: JsonObject, c: Currency, param: string, into: CashFlow[]): void {
  if (item.firstOn === undefined) {
    into.push(readFlow(item, c, param, true));
    return;
  }
  const firstOn = readDate(item.firstOn, path(param, 'firstOn'));
  const count = readInteger(required(item, 'count', param), path(param, 'count'), 1, limits.aprCashFlowsMax);
  const frequency = readFrequency({ every: item.every, unit: required(item, 'unit', param) }, param);
  const amountMinor = readAmount(required(item, 'amount', param), c, path(param, 'amount'), { allowZero: true });
  if (into.length + count > limits.aprCashFlowsMax) fail('too_many_cash_flows', path(param, 'count'), `more than ${limits.aprCashFlowsMax} payments`);
  checkWithinCalendar(firstOn, count - 1, frequency, path(param, 'count'));
  for (let k = 0; k < count; k += 1) into.push({ on: addPeriods(firstOn, frequency, k), amountMinor });
}

function checkAfterFirstAdvance(advances: readonly CashFlow[], payments: readonly CashFlow[]): void {
  let start: LocalDate = advances[0]!.on;
  for (const a of advances) if (a.on < start) start = a.on;
  payments.forEach((p, k) => {
    if (p.on < start) fail('date_out_of_order', 'payments', `payment ${k + 1} on ${p.on} is before the first advance on ${start}`);
  });
}
