import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { manualClock, type Instant } from '../kernel/instant.ts';
import { INT64_MAX } from '../kernel/money.ts';
import { createLedger, type Ledger } from './ledger.ts';

let db: Database;
let ledger: Ledger;

beforeAll(async () => {
  db = await openTestDatabase();
  ledger = createLedger({ db, clock: manualClock('2026-03-01T02:00:00.000Z' as Instant) });
});
afterAll(async () => {
  await db.close();
});

it('adds up a trial balance past 2^63 − 1: each account is bounded, their sum is not', async () => {
  const T = 'big';
  await ledger.createAccounts(T, ['a', 'b', 'c'].map((id) => ({ id, ledger: 'CNY', code: 1 })));
  const moved = await ledger.createTransfers(T, [
    { id: 't1', debitAccountId: 'a', creditAccountId: 'b', amount: INT64_MAX, ledger: 'CNY', code: 1 },
    { id: 't2', debitAccountId: 'c', creditAccountId: 'a', amount: INT64_MAX, ledger: 'CNY', code: 1 },
  ]);
  expect(moved).toEqual({ ok: true, value: ['ok', 'ok'] });
  for (const asOf of [undefined, '2026-12-31' as never]) {
    const tb = await ledger.trialBalance(T, 'CNY', asOf);
    expect([tb.debitsPosted, tb.creditsPosted, tb.balanced]).toEqual([2n * INT64_MAX, 2n * INT64_MAX, true]);
  }
});
