/**
 * The one rule for when an event may be applied: on the loan's open business date, never before
 * disbursement or a date already closed, never ahead of end-of-day processing.
 */
import type { LocalDate } from '../../kernel/local-date.ts';
import { err, type Err } from '../../kernel/result.ts';
import type { LoanState, ServicingErrorCode } from './types.ts';

export function checkEventDate(state: LoanState, on: LocalDate): Err<ServicingErrorCode> | null {
  if (on < state.disbursedOn) return err('event_before_disbursement', `${on} is before the disbursement on ${state.disbursedOn}`, 'on');
  if (on < state.openOn) return err('event_out_of_order', `${on} is before the open business date ${state.openOn}`, 'on');
  if (on > state.openOn) return err('date_not_open', `${on} is after the open business date ${state.openOn}; close the days before it first`, 'on');
  return null;
}

export function checkActive(state: LoanState): Err<ServicingErrorCode> | null {
  if (state.status === 'closed') return err('loan_closed', 'the loan is fully paid');
  return checkNotWrittenOff(state);
}

export function checkNotWrittenOff(state: LoanState): Err<ServicingErrorCode> | null {
  if (state.status === 'writtenOff') return err('loan_written_off', 'the loan is written off; record a recovery instead');
  return null;
}
