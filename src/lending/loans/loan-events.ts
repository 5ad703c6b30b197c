/**
 * A loan's events (repayments, refunds, recoveries, waivers, and reversals of them) as the loan book
 * journals them: one append-only row each, numbered by the loan's event sequence, with the client's
 * event id, the business date and the amount, and what the event took off the loan's books by
 * component and credit balance (servicing/event-allocation.ts). The parts are null for a recovery and a
 * reversal, and for events journaled before they were kept (migration 0258); the credit balance's
 * part of an event journaled before migration 0264 reads as 0, as no event then moved it but a
 * refund, whose part is counted in its components. A reversal names the event it
 * reverses and carries its amount; a reversed event is read with the reversal's seq.
 */
import type { Sql } from '../../db/database.ts';
import type { Instant } from '../../kernel/instant.ts';
import type { LocalDate } from '../../kernel/local-date.ts';
import { toPage, type Page } from '../../kernel/paging.ts';
import type { EventAllocation } from '../servicing/index.ts';
import type { LoanEventType } from './loan-book.ts';

/** What the journal holds: the loan events, and reversals of them. */
export type JournalEventType = LoanEventType | 'reversal';

export interface LoanEventRecord {
  readonly loanId: string;
  readonly seq: number;
  readonly type: JournalEventType;
  readonly on: LocalDate;
  readonly amountMinor: bigint;
  readonly clientId: string;
  readonly allocation: EventAllocation | null;
  /** A reversal's: the seq of the event it reverses. */
  readonly reverses: number | null;
}

export interface JournaledLoanEvent extends LoanEventRecord {
  readonly recordedAt: Instant;
  /** The seq of the reversal of this event, if it was reversed (as of the read). */
  readonly reversedBy: number | null;
}

/** Journals events, all recorded at `recordedAt`, in one statement. */
export async function insertLoanEvents(sql: Sql, tenantId: string, events: readonly LoanEventRecord[], recordedAt: Instant): Promise<void> {
  if (events.length === 0) return;
  const part = (pick: (a: EventAllocation) => bigint) => events.map((e) => (e.allocation === null ? null : pick(e.allocation)));
  await sql.query(
    `INSERT INTO lending_loan_events (tenant_id, loan_id, seq, type, occurred_on, amount_minor, client_id, recorded_at,
       principal_minor, interest_minor, fee_minor, penalty_minor, credit_balance_minor, reverses_seq)
     SELECT $1, u.loan_id, u.seq, u.type, u.occurred_on, u.amount_minor, u.client_id, $2, u.principal, u.interest, u.fee, u.penalty, u.credit, u.reverses
     FROM unnest($3::text[], $4::int[], $5::text[], $6::date[], $7::int8[], $8::text[], $9::int8[], $10::int8[], $11::int8[], $12::int8[], $13::int8[], $14::int[])
       AS u(loan_id, seq, type, occurred_on, amount_minor, client_id, principal, interest, fee, penalty, credit, reverses)`,
    [
      tenantId, recordedAt, events.map((e) => e.loanId), events.map((e) => e.seq), events.map((e) => e.type), events.map((e) => e.on),
      events.map((e) => e.amountMinor), events.map((e) => e.clientId),
      part((a) => a.principal), part((a) => a.interest), part((a) => a.fee), part((a) => a.penalty), part((a) => a.creditBalance), events.map((e) => e.reverses),
    ],
  );
}

interface EventRow {
  loan_id: string;
  seq: number;
  type: JournalEventType;
  occurred_on: LocalDate;
  amount_minor: bigint;
  client_id: string;
  recorded_at: Instant;
  principal_minor: bigint | null;
  interest_minor: bigint | null;
  fee_minor: bigint | null;
  penalty_minor: bigint | null;
  credit_balance_minor: bigint | null;
  reverses_seq: number | null;
  reversed_by: number | null;
}

function fromRow(r: EventRow): JournaledLoanEvent {
  const kept = r.principal_minor !== null && r.interest_minor !== null && r.fee_minor !== null && r.penalty_minor !== null;
  return {
    loanId: r.loan_id,
    seq: r.seq,
    type: r.type,
    on: r.occurred_on,
    amountMinor: r.amount_minor,
    clientId: r.client_id,
    recordedAt: r.recorded_at,
    allocation: kept
      ? { principal: r.principal_minor as bigint, interest: r.interest_minor as bigint, fee: r.fee_minor as bigint, penalty: r.penalty_minor as bigint, creditBalance: r.credit_balance_minor ?? 0n }
      : null,
    reverses: r.reverses_seq,
    reversedBy: r.reversed_by,
  };
}

const EVENT_COLUMNS = `e.loan_id, e.seq, e.type, e.occurred_on, e.amount_minor, e.client_id, e.recorded_at, e.principal_minor, e.interest_minor, e.fee_minor,
  e.penalty_minor, e.credit_balance_minor, e.reverses_seq, (SELECT r.seq FROM lending_loan_events r
    WHERE r.tenant_id = e.tenant_id AND r.loan_id = e.loan_id AND r.reverses_seq = e.seq) AS reversed_by`;

/** The events journaled under these client event ids (on any of the tenant's loans), by client id. */
export async function selectLoanEventsByClientIds(sql: Sql, tenantId: string, clientIds: readonly string[]): Promise<Map<string, JournaledLoanEvent>> {
  const rows = await sql.query<EventRow & Record<string, unknown>>(
    `SELECT ${EVENT_COLUMNS} FROM lending_loan_events e WHERE e.tenant_id = $1 AND e.client_id = ANY($2::text[])`,
    [tenantId, clientIds],
  );
  return new Map(rows.map((r) => [r.client_id, fromRow(r)]));
}

/** A loan's events in sequence order after `afterSeq`, `limit` at a time (the caller bounds `limit`). */
export async function selectLoanEventPage(sql: Sql, tenantId: string, loanId: string, afterSeq: number, limit: number): Promise<Page<JournaledLoanEvent>> {
  const rows = await sql.query<EventRow & Record<string, unknown>>(
    `SELECT ${EVENT_COLUMNS} FROM lending_loan_events e WHERE e.tenant_id = $1 AND e.loan_id = $2 AND e.seq > $3 ORDER BY e.seq LIMIT $4`,
    [tenantId, loanId, afterSeq, limit + 1],
  );
  return toPage(rows, limit, (r) => String(r.seq), fromRow);
}

/** A loan's whole journal in sequence order; null when it holds more than `max` events. */
export async function selectLoanJournal(sql: Sql, tenantId: string, loanId: string, max: number): Promise<JournaledLoanEvent[] | null> {
  const page = await selectLoanEventPage(sql, tenantId, loanId, 0, max);
  return page.nextCursor === null ? [...page.items] : null;
}
