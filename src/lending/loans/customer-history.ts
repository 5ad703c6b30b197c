/**
 * The loan book's answer to risk's customer-history port: a customer's open loans, worst days past
 * due and whether any loan was written off, from the loan rows. Utilization needs the customer's
 * credit limits, which origination owns; it is left unknown (null) rather than guessed.
 */
import type { Database } from '../../db/database.ts';
import type { CustomerHistory, CustomerHistoryPort } from '../../risk/features/history.ts';

export function loanBookHistory(db: Database): CustomerHistoryPort {
  return {
    async historiesOf(tenantId, customerIds) {
      const rows = await db.query<{ customer_id: string; open: bigint; worst: number | null; written_off: boolean | null }>(
        `SELECT customer_id, count(*) FILTER (WHERE status = 'active')::int8 AS open,
                max(days_past_due) AS worst, bool_or(status = 'writtenOff') AS written_off
         FROM lending_loans WHERE tenant_id = $1 AND customer_id = ANY($2::text[]) GROUP BY customer_id`,
        [tenantId, customerIds],
      );
      return new Map(rows.map((r): [string, CustomerHistory] => [
        r.customer_id,
        { openLoans: Number(r.open), utilization: null, worstDaysPastDue: r.worst ?? 0, writtenOff: r.written_off === true },
      ]));
    },
  };
}
