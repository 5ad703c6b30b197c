/**
 * What a loan event writes once planned, shared by the loan book's events (loan-book.ts), reversals
 * (loan-reversal.ts) and end of day: its ledger transfers, each of which must succeed (servicing
 * plans only what the ledger accepts; a refusal is a bug), the loans' new states and the journal
 * rows; and the tenant's open business date, which every event is checked against.
 */
import type { Sql } from '../../db/database.ts';
import { assert } from '../../kernel/assert.ts';
import type { Instant } from '../../kernel/instant.ts';
import { addDays, type LocalDate } from '../../kernel/local-date.ts';
import { applyInRequests, type Ledger } from '../../ledger/ledger.ts';
import { isTransferSuccess } from '../../ledger/result-codes.ts';
import type { TransferInput } from '../../ledger/types.ts';
import { insertLoanEvents, type JournaledLoanEvent } from './loan-events.ts';
import { updateLoanStates, type LoanStateUpdate } from './loan-rows.ts';

/** Posts servicing transfers in `tx`, in as many ledger requests as they need; each must succeed. */
export async function postTransfers(ledger: Ledger, tx: Sql, tenantId: string, transfers: readonly TransferInput[]): Promise<void> {
  const results = await applyInRequests(ledger, tx, tenantId, transfers);
  results.forEach((code, i) => assert(isTransferSuccess(code), `servicing posting ${transfers[i]?.id} refused by the ledger: ${code}`));
}

/** The tenant's open business date: the day after the last one end of day closed; null before the first. */
export async function openBusinessDate(sql: Sql, tenantId: string): Promise<LocalDate | null> {
  const [row] = await sql.query<{ closed_through: string }>('SELECT closed_through FROM lending_business_calendar WHERE tenant_id = $1', [tenantId]);
  return row ? addDays(row.closed_through as LocalDate, 1) : null;
}

/** What events write, a statement or ledger request each: their transfers, the loans' new states, their journal rows. */
export async function writeEvents(
  ledger: Ledger,
  tx: Sql,
  tenantId: string,
  written: { transfers: readonly TransferInput[]; updates: readonly LoanStateUpdate[]; journal: readonly JournaledLoanEvent[]; recordedAt: Instant },
): Promise<void> {
  await postTransfers(ledger, tx, tenantId, written.transfers);
  await updateLoanStates(tx, tenantId, written.updates);
  await insertLoanEvents(tx, tenantId, written.journal, written.recordedAt);
}
