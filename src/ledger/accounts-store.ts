/**
 * Creating and reading accounts. Creation is idempotent by id: a replay answers `exists`, another
 * payload under a used id answers `exists_with_different_<field>`; nothing is ever overwritten.
 */
import type { Sql } from '../db/database.ts';
import type { Instant } from '../kernel/instant.ts';
import type { AccountResult } from './result-codes.ts';
import { stateKey } from './state-machine.ts';
import { ACCOUNT_FLAG_BITS, bitsToFlags, type Account, type AccountFlags } from './types.ts';
import type { AccountCommand } from './validate.ts';

interface AccountRow {
  tenant_id: string;
  id: string;
  ledger: string;
  code: number;
  flags: number;
  debits_pending: bigint;
  debits_posted: bigint;
  credits_pending: bigint;
  credits_posted: bigint;
  reference: string | null;
  created_at: string;
}

export function accountFromRow(r: AccountRow): Account {
  return {
    id: r.id,
    ledger: r.ledger,
    code: r.code,
    flags: bitsToFlags<AccountFlags>(r.flags, ACCOUNT_FLAG_BITS),
    debitsPending: r.debits_pending,
    debitsPosted: r.debits_posted,
    creditsPending: r.credits_pending,
    creditsPosted: r.credits_posted,
    reference: r.reference,
    createdAt: r.created_at as Instant,
  };
}

function compare(cmd: AccountCommand, existing: { ledger: string; code: number; flags: number; reference: string | null }): AccountResult {
  if (cmd.flags !== existing.flags) return 'exists_with_different_flags';
  if (cmd.reference !== existing.reference) return 'exists_with_different_reference';
  if (cmd.ledger !== existing.ledger) return 'exists_with_different_ledger';
  if (cmd.code !== existing.code) return 'exists_with_different_code';
  return 'exists';
}

/** Inserts the valid commands; returns a result per command, in order. */
export async function insertAccounts(tx: Sql, commands: readonly AccountCommand[], now: Instant): Promise<AccountResult[]> {
  const firstByKey = new Map<string, AccountCommand>();
  const fresh: AccountCommand[] = [];
  for (const c of commands) {
    const key = stateKey(c.tenantId, c.id);
    if (!firstByKey.has(key)) {
      firstByKey.set(key, c);
      fresh.push(c);
    }
  }
  const inserted = await tx.query<{ tenant_id: string; id: string }>(
    `INSERT INTO ledger_accounts (tenant_id, id, ledger, code, flags, reference, created_at)
     SELECT t, i, l, c, f, r, $7 FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[]) AS x(t, i, l, c, f, r)
     ON CONFLICT (tenant_id, id) DO NOTHING
     RETURNING tenant_id, id`,
    [fresh.map((c) => c.tenantId), fresh.map((c) => c.id), fresh.map((c) => c.ledger), fresh.map((c) => c.code), fresh.map((c) => c.flags), fresh.map((c) => c.reference), now],
  );
  const created = new Set(inserted.map((r) => stateKey(r.tenant_id, r.id)));
  const conflicting = fresh.filter((c) => !created.has(stateKey(c.tenantId, c.id)));
  const existing = new Map<string, AccountRow>();
  if (conflicting.length > 0) {
    const rows = await tx.query<AccountRow & Record<string, unknown>>(
      `SELECT * FROM ledger_accounts WHERE (tenant_id, id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [conflicting.map((c) => c.tenantId), conflicting.map((c) => c.id)],
    );
    for (const r of rows) existing.set(stateKey(r.tenant_id, r.id), r);
  }
  const answered = new Set<string>();
  return commands.map((c) => {
    const key = stateKey(c.tenantId, c.id);
    const first = firstByKey.get(key) as AccountCommand;
    if (created.has(key) && !answered.has(key)) {
      answered.add(key);
      return 'ok';
    }
    return compare(c, existing.get(key) ?? first);
  });
}

export async function selectAccounts(sql: Sql, tenantId: string, ids: readonly string[]): Promise<Account[]> {
  const rows = await sql.query<AccountRow & Record<string, unknown>>(
    'SELECT * FROM ledger_accounts WHERE tenant_id = $1 AND id = ANY($2::text[]) ORDER BY id',
    [tenantId, ids],
  );
  return rows.map(accountFromRow);
}
