import { describe, expect, it } from 'vitest';
import type { Row, Sql } from '../db/database.ts';
import type { Instant } from '../kernel/instant.ts';
import { insertAccounts } from './accounts-store.ts';
import type { AccountCommand } from './validate.ts';

const NOW = '2026-01-05T00:00:00.000Z' as Instant;
const account = (id: string, code = 1): AccountCommand => ({ tenantId: 't', id, ledger: 'CNY', code, flags: 0, reference: null });

/** A Sql that answers each statement with the next of `answers` and records what it was asked. */
function scripted(answers: Row[][]): Sql & { texts: string[] } {
  const texts: string[] = [];
  return {
    texts,
    query: async <R extends Row>(text: string) => {
      texts.push(text);
      return (answers.shift() ?? []) as R[];
    },
  };
}

describe('insertAccounts', () => {
  it('answers new and existing accounts from one statement', async () => {
    const sql = scripted([[
      { inserted: true, tenant_id: 't', id: 'a' },
      { inserted: false, tenant_id: 't', id: 'b', ledger: 'CNY', code: 2, flags: 0, reference: null },
    ]]);
    expect(await insertAccounts(sql, [account('a'), account('b'), account('a')], NOW)).toEqual(['ok', 'exists_with_different_code', 'exists']);
    expect(sql.texts).toHaveLength(1);
  });

  it('reads again an account a concurrent statement created after this one began', async () => {
    // ON CONFLICT skipped it, and the statement's snapshot could not see it.
    const sql = scripted([[], [{ tenant_id: 't', id: 'a', ledger: 'CNY', code: 1, flags: 0, reference: null }]]);
    expect(await insertAccounts(sql, [account('a')], NOW)).toEqual(['exists']);
    expect(sql.texts).toHaveLength(2);
  });
});
