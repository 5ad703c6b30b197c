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

/** What an account's creation fixed for good: a replay must name the same. */
type AccountShape = Pick<AccountRow, 'ledger' | 'code' | 'flags' | 'reference'>;

function compare(cmd: AccountCommand, existing: AccountShape): AccountResult {
  if (cmd.flags !== existing.flags) return 'exists_with_different_flags';
  if (cmd.reference !== existing.reference) return 'exists_with_different_reference';
  if (cmd.ledger !== existing.ledger) return 'exists_with_different_ledger';
  if (cmd.code !== existing.code) return 'exists_with_different_code';
  return 'exists';
}

/**
 * Inserts the valid commands; returns a result per command, in order. One statement inserts what is
 * new and returns, in the same pass, the rows already there under the other ids, so the common case is
 * one round trip and needs no transaction. A row inserted by a concurrent statement after this one
 * began is skipped by ON CONFLICT yet invisible to its snapshot; only then is it read again, after.
 */
export async function insertAccounts(sql: Sql, commands: readonly AccountCommand[], now: Instant): Promise<AccountResult[]> {
  const firstByKey = new Map<string, AccountCommand>();
  const fresh: AccountCommand[] = [];
  for (const c of commands) {
    const key = stateKey(c.tenantId, c.id);
    if (!firstByKey.has(key)) {
      firstByKey.set(key, c);
      fresh.push(c);
    }
  }
  const rows = await sql.query<AccountRow & { inserted: boolean } & Record<string, unknown>>(
    `WITH x AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[]) AS x(t, i, l, c, f, r)
     ), ins AS (
       INSERT INTO ledger_accounts (tenant_id, id, ledger, code, flags, reference, created_at)
       SELECT t, i, l, c, f, r, $7 FROM x
       ON CONFLICT (tenant_id, id) DO NOTHING
       RETURNING tenant_id, id
     )
     SELECT true AS inserted, tenant_id, id, NULL AS ledger, NULL::int AS code, NULL::int AS flags, NULL AS reference FROM ins
     UNION ALL
     SELECT false, a.tenant_id, a.id, a.ledger, a.code, a.flags, a.reference
     FROM x JOIN ledger_accounts a ON a.tenant_id = x.t AND a.id = x.i`,
    [fresh.map((c) => c.tenantId), fresh.map((c) => c.id), fresh.map((c) => c.ledger), fresh.map((c) => c.code), fresh.map((c) => c.flags), fresh.map((c) => c.reference), now],
  );
  const created = new Set(rows.filter((r) => r.inserted).map((r) => stateKey(r.tenant_id, r.id)));
  const existing = new Map<string, AccountShape>(rows.filter((r) => !r.inserted).map((r) => [stateKey(r.tenant_id, r.id), r]));
  const unseen = fresh.filter((c) => !created.has(stateKey(c.tenantId, c.id)) && !existing.has(stateKey(c.tenantId, c.id)));
  if (unseen.length > 0) {
    const raced = await sql.query<AccountRow & Record<string, unknown>>(
      'SELECT * FROM ledger_accounts WHERE (tenant_id, id) IN (SELECT * FROM unnest($1::text[], $2::text[]))',
      [unseen.map((c) => c.tenantId), unseen.map((c) => c.id)],
    );
    for (const r of raced) existing.set(stateKey(r.tenant_id, r.id), r);
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
