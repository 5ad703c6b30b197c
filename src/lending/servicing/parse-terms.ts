/**
 * The JSON edge of servicing: the `loan` object of `lendcore loan simulate` (../shared/CONTRACTS.md)
 * into `LoanTerms` — the schedule spec through the schedule parser, then the servicing options with
 * their defaults (rest `none`, reduce installment, interest till the preclosure date, penalty → fee →
 * interest → principal, no penalty, non-accrual at 90 and write-off at 180 days past due).
 */
import { limits } from '../../kernel/limits.ts';
import { ok, type Result } from '../../kernel/result.ts';
import { asArray, asObject, catchFieldError, fail, path, readChoice, readInteger, readPercent, required, type SpecErrorCode } from '../schedules/json-fields.ts';
import { parseScheduleSpec } from '../schedules/parse-spec.ts';
import { COMPONENTS, ON_PREPAYMENT, type Component, type LoanTerms, type OneOffPenalty, type OneOffPenaltyKind, type PreclosureInterest, type RecalculationRest } from './types.ts';

const RESTS: readonly RecalculationRest[] = ['none', 'daily', 'repaymentPeriod'];
const PRECLOSURE: readonly PreclosureInterest[] = ['tillPreclosureDate', 'tillRestDate'];
const PENALTY_KINDS: readonly OneOffPenaltyKind[] = ['percentOfOverduePrincipal', 'percentOfOverdueTotal'];

export function parseLoanTerms(json: unknown, param = 'loan'): Result<LoanTerms, SpecErrorCode> {
  const spec = parseScheduleSpec(json);
  if (!spec.ok) return { ...spec, param: spec.param === undefined ? param : path(param, spec.param) };
  return catchFieldError(() => {
    const loan = asObject(json, param);
    const recalculation = loan.recalculation === undefined ? {} : asObject(loan.recalculation, path(param, 'recalculation'));
    return ok({
      spec: spec.value,
      rest: recalculation.rest === undefined ? 'none' : readChoice(recalculation.rest, path(param, 'recalculation.rest'), RESTS),
      onPrepayment:
        recalculation.onPrepayment === undefined ? 'reduceInstallment' : readChoice(recalculation.onPrepayment, path(param, 'recalculation.onPrepayment'), ON_PREPAYMENT),
      preclosureInterest:
        loan.preclosureInterest === undefined ? 'tillPreclosureDate' : readChoice(loan.preclosureInterest, path(param, 'preclosureInterest'), PRECLOSURE),
      allocation: loan.allocation === undefined ? COMPONENTS : readAllocationOrder(loan.allocation, path(param, 'allocation')),
      penalty: loan.penalty === undefined || loan.penalty === null ? null : readPenalty(loan.penalty, path(param, 'penalty')),
      nonAccrualDaysPastDue: loan.nonAccrualDaysPastDue === undefined ? 90 : readInteger(loan.nonAccrualDaysPastDue, path(param, 'nonAccrualDaysPastDue'), 1, limits.servicingDaysPastDueMax),
      writeOffDaysPastDue: loan.writeOffDaysPastDue === undefined ? 180 : readInteger(loan.writeOffDaysPastDue, path(param, 'writeOffDaysPastDue'), 1, limits.servicingDaysPastDueMax),
    });
  });
}

/** An allocation order, as loans and product documents give it: every component exactly once. */
export function readAllocationOrder(value: unknown, param: string): Component[] {
  const items = asArray(value, param);
  const order = items.map((item, i) => readChoice(item, path(param, i), COMPONENTS));
  if (order.length !== COMPONENTS.length || new Set(order).size !== COMPONENTS.length) {
    fail('out_of_range', param, `${param} must list each of ${COMPONENTS.join(', ')} once`);
  }
  return order;
}

function readPenalty(value: unknown, param: string): OneOffPenalty {
  const penalty = asObject(value, param);
  return {
    kind: readChoice(required(penalty, 'kind', param), path(param, 'kind'), PENALTY_KINDS),
    percent: readPercent(required(penalty, 'value', param), path(param, 'value'), 100),
    graceDays: penalty.graceDays === undefined ? 0 : readInteger(penalty.graceDays, path(param, 'graceDays'), 0, limits.servicingDaysPastDueMax),
    capPercentOfPrincipal: penalty.capPercentOfPrincipal === undefined ? null : readPercent(penalty.capPercentOfPrincipal, path(param, 'capPercentOfPrincipal')),
  };
}
