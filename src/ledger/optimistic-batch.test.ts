import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { sqlState } from '../db/database.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { epochMs, manualClock, type Instant } from '../kernel/instant.ts';
import { localDate } from '../kernel/local-date.ts';
import { createRecordCache } from '../kernel/record-cache.ts';
import { blindBatchState, loadBatchState, persistBatch, rememberAccounts, type AccountCache, type LoadedBatch } from './batch-store.ts';
import { createLedger, type Ledger } from './ledger.ts';
import { applyBatch } from './state-machine.ts';
import type { AccountFlags } from './types.ts';
import { validateTransfer, type TransferCommand } from './validate.ts';

const T = 'tenant_b';
const now = '2026-03-01T02:00:00.000Z' as Instant;
let db: Database;
let ledger: Ledger;
let n = 0;

beforeAll(async () => {
  db = await openTestDatabase();
  ledger = createLedger({ db, clock: manualClock(now), lanes: 4 });
});
afterAll(async () => {
  await db.close();
});

async function account(flags?: AccountFlags): Promise<string> {
  const id = `acc${++n}`;
  expect(await ledger.createAccounts(T, [{ id, ledger: 'CNY', code: 1, flags }])).toEqual({ ok: true, value: ['ok'] });
  return id;
}

async function post(debitAccountId: string, creditAccountId: string, amount: bigint): Promise<string> {
  const r = await ledger.createTransfers(T, [{ id: `t${++n}`, debitAccountId, creditAccountId, amount, ledger: 'CNY', code: 1 }]);
  if (!r.ok) throw new Error(r.code);
  return r.value[0] as string;
}

function command(debitAccountId: string, creditAccountId: string, amount: bigint): TransferCommand {
  const c = validateTransfer(T, { id: `t${++n}`, debitAccountId, creditAccountId, amount, ledger: 'CNY', code: 1 }, localDate('2026-03-01'));
  if (typeof c === 'string') throw new Error(c);
  return c;
}

/** Reads a batch optimistically, lets `meanwhile` commit, then decides and writes the batch. */
async function optimisticWithInterference(c: TransferCommand, meanwhile: () => Promise<unknown>): Promise<unknown> {
  const batch = await loadBatchState(db, [c], 'optimistic');
  await meanwhile();
  const { effects } = applyBatch([[{ command: c, validation: null, linked: false }]], batch.state, now, epochMs(now));
  return persistBatch(db, batch, effects, now);
}

describe('an optimistic batch write', () => {
  it('is refused whole when a bounded account it relied on changed after the read', async () => {
    const [wallet, bank] = [await account({ debitsMustNotExceedCredits: true }), await account()];
    await post(bank, wallet, 100n);
    const c = command(wallet, bank, 60n);
    const write = optimisticWithInterference(c, () => post(wallet, bank, 60n));
    await expect(write).rejects.toSatisfy((e: unknown) => sqlState(e) === '40001');
    expect(await ledger.lookupTransfers(T, [c.id])).toEqual([]);
    expect((await ledger.balance(T, wallet))?.debitsPosted).toBe(60n);
  });

  it('adds its deltas onto a newer balance of an unbounded account', async () => {
    const [a, b] = [await account(), await account()];
    const c = command(a, b, 5n);
    await optimisticWithInterference(c, () => post(a, b, 7n));
    expect((await ledger.balance(T, a))?.debitsPosted).toBe(12n);
    expect((await ledger.balance(T, b))?.creditsPosted).toBe(12n);
  });
});

describe('a blind batch write (no read)', () => {
  const blindWrite = (batch: LoadedBatch | null, c: TransferCommand): Promise<void> => {
    if (batch === null) throw new Error('the batch should need no read');
    const { results, effects } = applyBatch([[{ command: c, validation: null, linked: false }]], batch.state, now, epochMs(now));
    expect(results).toEqual([['ok']]);
    return persistBatch(db, batch, effects, now);
  };

  it('is refused whole when an id it creates was spent by a failure, and the ledger answers id_already_failed', async () => {
    const [wallet, bank, other] = [await account({ debitsMustNotExceedCredits: true }), await account(), await account()];
    const failing = command(wallet, bank, 1n);
    expect(await ledger.createTransfers(T, [{ id: failing.id, debitAccountId: wallet, creditAccountId: bank, amount: 1n, ledger: 'CNY', code: 1 }])).toEqual({ ok: true, value: ['exceeds_credits'] });
    const retry = { ...command(bank, other, 1n), id: failing.id };
    const cache: AccountCache = createRecordCache();
    rememberAccounts(cache, [bank, other].map((id) => ({ tenantId: T, id, ledger: 'CNY', code: 1, flags: 0 })));
    await expect(blindWrite(blindBatchState([retry], cache), retry)).rejects.toSatisfy((e: unknown) => sqlState(e) === '40001');
    expect(await ledger.createTransfers(T, [{ id: failing.id, debitAccountId: bank, creditAccountId: other, amount: 1n, ledger: 'CNY', code: 1 }])).toEqual({ ok: true, value: ['id_already_failed'] });
    expect(await ledger.lookupTransfers(T, [failing.id])).toEqual([]);
  });

  it('is refused whole when an account it assumed does not exist', async () => {
    const a = await account();
    const c = command(a, 'nowhere', 1n);
    const cache: AccountCache = createRecordCache();
    rememberAccounts(cache, [a, 'nowhere'].map((id) => ({ tenantId: T, id, ledger: 'CNY', code: 1, flags: 0 })));
    await expect(blindWrite(blindBatchState([c], cache), c)).rejects.toSatisfy((e: unknown) => sqlState(e) === '40001');
    expect(await ledger.lookupTransfers(T, [c.id])).toEqual([]);
    expect((await ledger.balance(T, a))?.debitsPosted).toBe(0n);
  });

  it('answers a replayed id as the ledger did the first time', async () => {
    const [a, b] = [await account(), await account()];
    const input = { id: `t${++n}`, debitAccountId: a, creditAccountId: b, amount: 3n, ledger: 'CNY', code: 1 };
    expect(await ledger.createTransfers(T, [input])).toEqual({ ok: true, value: ['ok'] });
    expect(await ledger.createTransfers(T, [input])).toEqual({ ok: true, value: ['exists'] });
    expect(await ledger.createTransfers(T, [{ ...input, amount: 4n }])).toEqual({ ok: true, value: ['exists_with_different_amount'] });
    expect((await ledger.balance(T, a))?.debitsPosted).toBe(3n);
  });
});

describe('concurrent callers', () => {
  it('never overdraw a bounded account, whatever the batching', async () => {
    const [wallet, bank, shop] = [await account({ debitsMustNotExceedCredits: true }), await account(), await account()];
    await post(bank, wallet, 100n);
    // Three ledgers over one database: three group commits whose batches race for the wallet.
    const ledgers = [ledger, createLedger({ db, clock: manualClock(now) }), createLedger({ db, clock: manualClock(now) })];
    const results = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const r = await (ledgers[i % 3] as Ledger).createTransfers(T, [{ id: `t${++n}`, debitAccountId: wallet, creditAccountId: shop, amount: 10n, ledger: 'CNY', code: 1 }]);
        return r.ok ? r.value[0] : r.code;
      }),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(10);
    expect(results.filter((r) => r === 'exceeds_credits')).toHaveLength(20);
    const balance = await ledger.balance(T, wallet);
    expect([balance?.debitsPosted, balance?.creditsPosted]).toEqual([100n, 100n]);
  });
});
