/**
 * The ledger's limits (kernel/limits.ts) are enforced: a request holds 1 to ledgerRequestTransfersMax
 * transfers (or accounts), and the group-commit queue refuses work beyond ledgerQueueDepthMax events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { manualClock, type Instant } from '../kernel/instant.ts';
import { limits } from '../kernel/limits.ts';
import { createGroupCommit } from '../kernel/group-commit.ts';
import { createLedger, type Ledger } from './ledger.ts';
import type { TransferInput } from './types.ts';

const T = 'tenant_limits';
let db: Database;
let ledger: Ledger;

beforeAll(async () => {
  db = await openTestDatabase();
  ledger = createLedger({ db, clock: manualClock('2026-03-01T02:00:00.000Z' as Instant) });
  expect(await ledger.createAccounts(T, [{ id: 'a', ledger: 'CNY', code: 1 }, { id: 'b', ledger: 'CNY', code: 1 }])).toEqual({ ok: true, value: ['ok', 'ok'] });
});
afterAll(async () => {
  await db.close();
});

const transfers = (count: number, prefix: string): TransferInput[] =>
  Array.from({ length: count }, (_, i) => ({ id: `${prefix}${i}`, debitAccountId: 'a', creditAccountId: 'b', amount: 1n, ledger: 'CNY', code: 1 }));

describe('ledgerRequestTransfersMax', () => {
  it('refuses an empty request', async () => {
    expect(await ledger.createTransfers(T, [])).toMatchObject({ ok: false, code: 'batch_empty' });
    expect(await ledger.createAccounts(T, [])).toMatchObject({ ok: false, code: 'batch_empty' });
    expect(await db.transaction((tx) => ledger.applyTransfers(tx, T, []))).toMatchObject({ ok: false, code: 'batch_empty' });
  });

  it('refuses one transfer more than the limit and writes nothing', async () => {
    const tooMany = transfers(limits.ledgerRequestTransfersMax + 1, 'over');
    expect(await ledger.createTransfers(T, tooMany)).toMatchObject({ ok: false, code: 'batch_too_large' });
    expect(await db.transaction((tx) => ledger.applyTransfers(tx, T, tooMany))).toMatchObject({ ok: false, code: 'batch_too_large' });
    const accounts = Array.from({ length: limits.ledgerRequestTransfersMax + 1 }, (_, i) => ({ id: `acc${i}`, ledger: 'CNY', code: 1 }));
    expect(await ledger.createAccounts(T, accounts)).toMatchObject({ ok: false, code: 'batch_too_large' });
    expect(await ledger.lookupTransfers(T, ['over0'])).toEqual([]);
  });

  it('accepts exactly the limit in one request', async () => {
    const reply = await ledger.createTransfers(T, transfers(limits.ledgerRequestTransfersMax, 'max'));
    expect(reply.ok && reply.value.every((r) => r === 'ok') && reply.value.length).toBe(limits.ledgerRequestTransfersMax);
    expect((await ledger.balance(T, 'a'))?.debitsPosted).toBe(BigInt(limits.ledgerRequestTransfersMax));
  });
});

describe('ledgerQueueDepthMax', () => {
  it('refuses a request once the queue holds the limit of events', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const groupCommit = createGroupCommit<number, number>({
      batchEventsMax: limits.ledgerBatchEventsMax,
      queueEventsMax: limits.ledgerQueueDepthMax,
      lanes: 1,
      batchesWhenIdle: 1,
      size: (events) => events,
      commit: async (batch) => {
        await held;
        return batch;
      },
    });
    const accepted: Promise<number>[] = [];
    let queued = 0;
    while (queued + limits.ledgerBatchEventsMax <= limits.ledgerQueueDepthMax) {
      const reply = groupCommit.submit(limits.ledgerBatchEventsMax);
      expect(reply).not.toBeNull();
      accepted.push(reply as Promise<number>);
      queued += limits.ledgerBatchEventsMax;
    }
    expect(groupCommit.submit(limits.ledgerQueueDepthMax - queued + 1)).toBeNull();
    release();
    expect(await Promise.all(accepted)).toHaveLength(accepted.length);
  });
});
