import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database, Row, Sql } from '../db/database.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { manualClock, type Instant } from '../kernel/instant.ts';
import type { LocalDate } from '../kernel/local-date.ts';
import { loadBatchState } from './batch-store.ts';
import { createLedger } from './ledger.ts';
import { stateKey } from './state-machine.ts';
import { validateTransfer, type TransferCommand } from './validate.ts';

const T = 'store';
let db: Database;

beforeAll(async () => {
  db = await openTestDatabase();
  const ledger = createLedger({ db, clock: manualClock('2026-03-01T02:00:00.000Z' as Instant) });
  await ledger.createAccounts(T, [{ id: 'a', ledger: 'CNY', code: 1 }, { id: 'b', ledger: 'CNY', code: 1 }]);
});
afterAll(async () => {
  await db.close();
});

it('loads a pending transfer only together with its accounts, even if it commits while the batch is loading', async () => {
  // Another lane's batch commits the pending transfer right after this batch's first statement; the
  // same transaction's insert stands in for it, since PGlite has a single connection.
  const post = validateTransfer(T, { id: 'post', pendingId: 'hold', flags: { postPending: true } }, '2026-03-01' as LocalDate) as TransferCommand;
  const state = await db.transaction(async (tx) => {
    let statements = 0;
    const racing: Sql = {
      async query<R extends Row>(text: string, params?: readonly unknown[]) {
        const rows = await tx.query<R>(text, params);
        if (++statements === 1) {
          await tx.query(
            `INSERT INTO ledger_transfers (tenant_id, id, debit_account_id, credit_account_id, amount, ledger, code, flags, effective_on, recorded_at)
             VALUES ($1, 'hold', 'a', 'b', 5, 'CNY', 1, 2, '2026-03-01', '2026-03-01T02:00:00Z')`,
            [T],
          );
        }
        return rows;
      },
    };
    const loaded = (await loadBatchState(racing, [post], 'locked')).state;
    throw Object.assign(new Error('roll back'), { loaded });
  }).catch((error: { loaded?: Awaited<ReturnType<typeof loadBatchState>>['state'] }) => error.loaded);
  expect(state).toBeDefined();
  const hold = state?.transfers.get(stateKey(T, 'hold'));
  if (hold) expect([state?.accounts.has(stateKey(T, 'a')), state?.accounts.has(stateKey(T, 'b'))]).toEqual([true, true]);
});
