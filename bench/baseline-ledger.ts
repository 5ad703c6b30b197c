/**
 * The baseline the ledger benchmark compares against: the straightforward implementation, one database
 * transaction per transfer — BEGIN; lock both accounts (in id order, so two transfers never deadlock);
 * check them; INSERT the transfer; UPDATE both accounts; COMMIT. Same schema and same durability as
 * the batched engine. Only plain posted transfers between existing unbounded or bounded accounts.
 */
import type { Database } from '../src/db/database.ts';
import type { Clock } from '../src/kernel/instant.ts';
import type { LocalDate } from '../src/kernel/local-date.ts';
import { ACCOUNT_FLAG_BITS } from '../src/ledger/types.ts';

export interface BaselineTransfer {
  readonly id: string;
  readonly debitAccountId: string;
  readonly creditAccountId: string;
  readonly amount: bigint;
  readonly ledger: string;
  readonly code: number;
}

export type BaselineResult = 'ok' | 'account_not_found' | 'ledger_mismatch' | 'exceeds_credits' | 'exceeds_debits';

interface LockedAccount {
  id: string;
  ledger: string;
  flags: number;
  debits_pending: bigint;
  debits_posted: bigint;
  credits_pending: bigint;
  credits_posted: bigint;
}

export interface BaselineLedger {
  createTransfer(tenantId: string, transfer: BaselineTransfer): Promise<BaselineResult>;
}

export function createBaselineLedger(db: Database, clock: Clock, effectiveOn: LocalDate): BaselineLedger {
  return {
    createTransfer: (tenantId, t) =>
      db.transaction(async (tx) => {
        const rows = await tx.query<LockedAccount & Record<string, unknown>>(
          `SELECT id, ledger, flags, debits_pending, debits_posted, credits_pending, credits_posted
           FROM ledger_accounts WHERE tenant_id = $1 AND id = ANY($2::text[]) ORDER BY id FOR UPDATE`,
          [tenantId, [t.debitAccountId, t.creditAccountId]],
        );
        const dr = rows.find((r) => r.id === t.debitAccountId);
        const cr = rows.find((r) => r.id === t.creditAccountId);
        if (!dr || !cr) return 'account_not_found';
        if (dr.ledger !== t.ledger || cr.ledger !== t.ledger) return 'ledger_mismatch';
        if (dr.flags & ACCOUNT_FLAG_BITS.debitsMustNotExceedCredits && dr.debits_pending + dr.debits_posted + t.amount > dr.credits_posted) return 'exceeds_credits';
        if (cr.flags & ACCOUNT_FLAG_BITS.creditsMustNotExceedDebits && cr.credits_pending + cr.credits_posted + t.amount > cr.debits_posted) return 'exceeds_debits';
        await tx.query(
          `INSERT INTO ledger_transfers (tenant_id, id, debit_account_id, credit_account_id, amount, ledger, code, flags, effective_on, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9)`,
          [tenantId, t.id, t.debitAccountId, t.creditAccountId, t.amount, t.ledger, t.code, effectiveOn, clock.now()],
        );
        await tx.query('UPDATE ledger_accounts SET debits_posted = debits_posted + $3 WHERE tenant_id = $1 AND id = $2', [tenantId, t.debitAccountId, t.amount]);
        await tx.query('UPDATE ledger_accounts SET credits_posted = credits_posted + $3 WHERE tenant_id = $1 AND id = $2', [tenantId, t.creditAccountId, t.amount]);
        return 'ok';
      }),
  };
}
