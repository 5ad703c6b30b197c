/**
 * Reversing an event already booked — a repayment that bounced, a recovery charged back, a refund or
 * a waiver booked in error — as if it had never happened: the loan is replayed from its terms twice
 * through the day before the reversal (replay.ts), once with its history as booked and once without
 * the event, and the reversal is the difference. Every event after it is applied again to the loan
 * as it would have stood (a later repayment may pay the interest and penalties the reversed one had
 * prevented; a loan the event had closed opens again), and every end of day in between is closed
 * again.
 *
 * The ledger correction is the difference of the two replays' postings, netted per pair of accounts
 * and posting kind: a repayment reversed posts its kind back the other way, interest and penalties
 * that now accrue post as accruals. So after it the loan's accounts hold what the second replay's
 * postings add up to, to the cent. Pure.
 */
import type { LocalDate } from '../../kernel/local-date.ts';
import { ok, type Result } from '../../kernel/result.ts';
import type { ScheduleErrorCode } from '../schedules/types.ts';
import { replayLoan, type LoanEvent, type Replay } from './replay.ts';
import type { LoanState, LoanTerms, Posting, ServicingErrorCode } from './types.ts';

export interface ReversedEvent {
  /** The loan as booked, replayed: its state must be the stored one. */
  readonly before: LoanState;
  /** The loan as if the event had never happened. */
  readonly after: LoanState;
  /** What moves the loan's accounts from `before` to `after`. */
  readonly postings: readonly Posting[];
  /**
   * How much more principal the events returned without the reversed one (negative: less), so how
   * much of the loan's credit line comes back (or is taken back).
   */
  readonly principalReturnedChangeMinor: bigint;
}

/**
 * `history` is the loan's events in the order they were booked, those already reversed left out;
 * `index` is the one to reverse; `closedThrough` the day before the reversal's business date. A
 * refusal is one of the later events refused when applied again.
 */
export function reverseEvent(terms: LoanTerms, history: readonly LoanEvent[], index: number, closedThrough: LocalDate): Result<ReversedEvent, ServicingErrorCode | ScheduleErrorCode> {
  const before = replayLoan(terms, history, closedThrough, 'asBooked');
  if (!before.ok) return before;
  const after = replayLoan(terms, history.filter((_, i) => i !== index), closedThrough, 'asBooked');
  if (!after.ok) return after;
  const postingsOf = (replay: Replay) => replay.steps.flatMap((s) => s.postings);
  const returnedBy = (replay: Replay) => replay.applied.reduce((sum, e) => sum + e.principalReturnedMinor, 0n);
  return ok({
    before: before.value.state,
    after: after.value.state,
    postings: postingDifference(postingsOf(before.value), postingsOf(after.value)),
    principalReturnedChangeMinor: returnedBy(after.value) - returnedBy(before.value),
  });
}

/**
 * The postings that take accounts holding `from` to holding `to`: per kind and pair of accounts, the
 * net of `to` less the net of `from`, posted in the direction of its sign. Zero nets post nothing.
 */
export function postingDifference(from: readonly Posting[], to: readonly Posting[]): Posting[] {
  const nets = new Map<string, Posting>();
  const add = (p: Posting, sign: bigint): void => {
    // One key for both directions of a pair: the net is signed towards the first-seen direction.
    const key = `${p.kind}|${[p.debit, p.credit].sort().join('|')}`;
    const net = nets.get(key);
    if (net === undefined) nets.set(key, { ...p, amountMinor: sign * p.amountMinor });
    else nets.set(key, { ...net, amountMinor: net.amountMinor + (net.debit === p.debit ? sign : -sign) * p.amountMinor });
  };
  for (const p of to) add(p, 1n);
  for (const p of from) add(p, -1n);
  const postings: Posting[] = [];
  for (const net of nets.values()) {
    if (net.amountMinor > 0n) postings.push(net);
    else if (net.amountMinor < 0n) postings.push({ ...net, debit: net.credit, credit: net.debit, amountMinor: -net.amountMinor });
  }
  return postings;
}
