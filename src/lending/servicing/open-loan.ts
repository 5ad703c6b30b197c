/**
 * The disbursement: builds the contract schedule and opens the loan's state on the disbursement
 * date, booking the principal from the funding source to loans receivable.
 */
import { ok, type Result } from '../../kernel/result.ts';
import { buildSchedule, downPaymentOf } from '../schedules/build-schedule.ts';
import type { ScheduleErrorCode } from '../schedules/types.ts';
import { draftOf, finish, post } from './draft.ts';
import { levelFor } from './reproject.ts';
import type { LoanInstallment, LoanState, LoanTerms, Step } from './types.ts';

export function openLoan(terms: LoanTerms): Result<Step, ScheduleErrorCode> {
  const { spec } = terms;
  const schedule = buildSchedule(spec);
  if (!schedule.ok) return schedule;
  const installments: LoanInstallment[] = schedule.value.installments.map((i) => ({
    n: i.n,
    fromOn: i.fromOn,
    dueOn: i.dueOn,
    principalMinor: i.principalMinor,
    interestMinor: i.interestMinor,
    feeMinor: i.feeMinor,
    penaltyMinor: 0n,
    principalPaidMinor: 0n,
    interestPaidMinor: 0n,
    feePaidMinor: 0n,
    penaltyPaidMinor: 0n,
    penaltyCharged: false,
  }));
  const downPaymentMinor = downPaymentOf(spec);
  const state: LoanState = {
    currency: spec.currency,
    disbursedOn: spec.disbursedOn,
    status: 'active',
    openOn: spec.disbursedOn,
    installments,
    periodIndex: 0,
    oldestUnpaidIndex: 0,
    principalOutstandingMinor: spec.principalMinor,
    levelMinor: levelFor(terms, spec.principalMinor - downPaymentMinor, spec.installments - spec.graceOnPrincipal),
    segmentFromOn: spec.disbursedOn,
    segmentBalanceMinor: spec.principalMinor,
    periodClosedInterestMinor: 0n,
    periodAccruedMinor: 0n,
    excessOnDueInstallment: false,
    lastEventOn: spec.disbursedOn,
    receivable: { principalMinor: 0n, interestMinor: 0n, feeMinor: 0n, penaltyMinor: 0n },
    daysPastDue: 0,
    bucket: 'M0',
    nonAccrual: false,
    penaltiesChargedMinor: 0n,
    refundedMinor: 0n,
    writtenOff: null,
    recoveredMinor: 0n,
    creditBalanceMinor: 0n,
  };
  const draft = draftOf(state);
  post(draft, 'loansReceivable', 'fundingSource', spec.principalMinor, 'disbursement');
  return ok(finish(draft));
}
