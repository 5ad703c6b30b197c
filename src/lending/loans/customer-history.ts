/**
 * The loan book's answer to risk's customer-history port: a customer's open loans, worst days past
 * due and whether any loan was written off, from the loan rows. Utilization needs the customer's
 * credit limits, which origination owns; it is left unknown (null) rather than guessed.
 */
import type { Database } from '../../db/database.ts';
import type { CustomerHistory, CustomerHistoryPort } from '../../risk/features/history.ts';

export function loanBookHistory(db: Database): CustomerHistoryPort {
  return {
    async historyOf(tenantId, customerId): Promise<CustomerHistory | null> {
      const [row] = await db.query<{ loans: bigint; open: bigint; worst: number | null; written_off: boolean | null }>(
        `SELECT count(*)::int8 AS loans, count(*) FILTER (WHERE status = 'active')::int8 AS open,
                max(days_past_due) AS worst, bool_or(status = 'writtenOff') AS written_off
         FROM lending_loans WHERE tenant_id = $1 AND customer_id = $2`,
        [tenantId, customerId],
      );
      if (!row || row.loans === 0n) return null;
      return { openLoans: Number(row.open), utilization: null, worstDaysPastDue: row.worst ?? 0, writtenOff: row.written_off === true };
    },
  };
}
