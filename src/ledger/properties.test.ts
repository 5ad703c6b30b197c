/**
 * Property tests of the ledger's invariants, over random histories from a small world (a few
 * accounts, a dozen ids that keep colliding, huge amounts next to small ones), so replays, changed
 * payloads, chains, holds, posts, voids, timeouts, limits and overflows all meet.
 * On the pure state machine: agreement with the reference model, debits = credits, counters = replay
 * of the transfers, a failed transfer or chain changes nothing, limits never breached.
 * On the database: the same histories through createLedger, then the balance history of the accounts
 * flagged `history` against the model's, and the invariants through the reads.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { businessDateOf, epochMs, instantFromEpochMs, manualClock, type Instant } from '../kernel/instant.ts';
import { INT64_MAX } from '../kernel/money.ts';
import { createLedger } from './ledger.ts';
import { isTransferSuccess, type TransferResult } from './result-codes.ts';
import { createInMemoryLedger, PURE_TIME_ZONE, type InMemoryLedger } from './simulation/in-memory-ledger.ts';
import { brokenInvariants, readHistory } from './simulation/invariants.ts';
import { LedgerModel } from './simulation/reference-model.ts';
import { CHART } from './simulation/result-code-cases.ts';
import { ACCOUNT_FLAG_BITS, TRANSFER_FLAG_BITS, type TransferInput } from './types.ts';

const accountIds = [...CHART.map((a) => a.id), 'nobody'];
const transferId = fc.integer({ min: 0, max: 11 }).map((n) => `t${n}`);
const amount = fc.oneof(fc.bigInt({ min: 1n, max: 200n }), fc.constant(INT64_MAX / 2n + 1n));

const creation: fc.Arbitrary<TransferInput> = fc.record({
  id: transferId,
  debitAccountId: fc.constantFrom(...accountIds),
  creditAccountId: fc.constantFrom(...accountIds),
  amount,
  ledger: fc.constantFrom('CNY', 'CNY', 'USD'),
  code: fc.integer({ min: 1, max: 2 }),
  pending: fc.boolean(),
  balancing: fc.constantFrom(undefined, 'balancingDebit', 'balancingCredit'),
  timeoutSeconds: fc.constantFrom(0, 30, 90),
  linked: fc.boolean(),
}).map(({ pending, balancing, linked, timeoutSeconds, ...t }) => ({
  ...t,
  timeoutSeconds: pending ? timeoutSeconds : 0,
  flags: { pending, linked, ...(balancing ? { [balancing]: true } : {}) },
}));

const resolution: fc.Arbitrary<TransferInput> = fc.record({
  id: transferId,
  pendingId: transferId,
  amount: fc.option(fc.bigInt({ min: 1n, max: 250n }), { nil: undefined }),
  post: fc.boolean(),
  linked: fc.boolean(),
}).map(({ post, linked, ...t }) => ({ ...t, flags: post ? { postPending: true, linked } : { voidPending: true, linked } }));

const request = fc.array(fc.oneof({ weight: 3, arbitrary: creation }, { weight: 2, arbitrary: resolution }), { minLength: 1, maxLength: 5 });
const step = fc.record({ batch: fc.array(request, { minLength: 1, maxLength: 4 }), advanceSeconds: fc.constantFrom(0, 0, 40, 100), sweep: fc.boolean() });
const history = fc.array(step, { minLength: 1, maxLength: 12 });

const START_MS = epochMs('2026-03-01T02:00:00.000Z' as Instant);

interface Counters {
  readonly accounts: string;
  readonly transfers: number;
}

function snapshot(ledger: InMemoryLedger): Counters {
  const accounts = [...ledger.state.accounts.values()].map((a) => `${a.id}:${a.debitsPending}/${a.debitsPosted}/${a.creditsPending}/${a.creditsPosted}`).join(' ');
  return { accounts, transfers: ledger.state.transfers.size };
}

/** The chains of a request: [start, end] index pairs, as the ledger reads the linked flags. */
function chainsOf(request: readonly TransferInput[]): [number, number][] {
  const chains: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < request.length; i++) {
    if (request[i]?.flags?.linked !== true || i === request.length - 1) {
      chains.push([start, i]);
      start = i + 1;
    }
  }
  return chains;
}

/** Invariants of the pure state, as text (empty when they hold). */
function brokenPureInvariants(ledger: InMemoryLedger): string[] {
  const broken: string[] = [];
  const accounts = [...ledger.state.accounts.values()];
  for (const currency of ['CNY', 'USD']) {
    const inLedger = accounts.filter((a) => a.ledger === currency);
    const sum = (pick: (a: (typeof accounts)[number]) => bigint): bigint => inLedger.reduce((s, a) => s + pick(a), 0n);
    if (sum((a) => a.debitsPosted) !== sum((a) => a.creditsPosted)) broken.push(`${currency}: posted debits ≠ credits`);
    if (sum((a) => a.debitsPending) !== sum((a) => a.creditsPending)) broken.push(`${currency}: pending debits ≠ credits`);
  }
  // Replay: posted = every transfer that is neither a hold nor a void; pending = holds still open.
  const replay = new Map(accounts.map((a) => [a.id, [0n, 0n, 0n, 0n]]));
  const F = TRANSFER_FLAG_BITS;
  for (const [key, t] of ledger.state.transfers) {
    const dr = replay.get(t.debitAccountId) as bigint[];
    const cr = replay.get(t.creditAccountId) as bigint[];
    if (t.flags & F.pending) {
      if (ledger.state.pendings.get(key)?.status !== null) continue;
      dr[0] = (dr[0] as bigint) + t.amount;
      cr[2] = (cr[2] as bigint) + t.amount;
    } else if (!(t.flags & F.voidPending)) {
      dr[1] = (dr[1] as bigint) + t.amount;
      cr[3] = (cr[3] as bigint) + t.amount;
    }
  }
  for (const a of accounts) {
    const counters = [a.debitsPending, a.debitsPosted, a.creditsPending, a.creditsPosted];
    if (counters.join() !== replay.get(a.id)?.join()) broken.push(`${a.id}: counters ${counters.join()} ≠ replay ${replay.get(a.id)?.join()}`);
    if (counters.some((c) => c < 0n || c > INT64_MAX)) broken.push(`${a.id}: a counter out of range`);
    if (a.flags & ACCOUNT_FLAG_BITS.debitsMustNotExceedCredits && a.debitsPending + a.debitsPosted > a.creditsPosted) broken.push(`${a.id}: debits exceed credits`);
    if (a.flags & ACCOUNT_FLAG_BITS.creditsMustNotExceedDebits && a.creditsPending + a.creditsPosted > a.debitsPosted) broken.push(`${a.id}: credits exceed debits`);
  }
  return broken;
}

describe('the pure state machine, over any history', () => {
  it('answers and balances as the reference model does', () => {
    fc.assert(
      fc.property(history, (steps) => {
        const ledger = createInMemoryLedger(START_MS);
        const model = new LedgerModel();
        ledger.addAccounts(CHART);
        model.addAccounts(CHART);
        for (const { batch, advanceSeconds, sweep } of steps) {
          const today = ledger.today();
          expect(ledger.apply(batch)).toEqual(batch.map((r) => model.submit(r, ledger.nowMs, today)));
          ledger.nowMs += advanceSeconds * 1000;
          if (sweep) expect(ledger.expire()).toBe(model.expire(ledger.nowMs));
        }
        for (const [id, a] of model.accounts) {
          const s = ledger.account(id);
          expect([s?.debitsPending, s?.debitsPosted, s?.creditsPending, s?.creditsPosted]).toEqual([a.debitsPending, a.debitsPosted, a.creditsPending, a.creditsPosted]);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('keeps debits = credits, counters = replay and every limit, and a failure changes nothing', () => {
    fc.assert(
      fc.property(history, (steps) => {
        const ledger = createInMemoryLedger(START_MS);
        ledger.addAccounts(CHART);
        for (const { batch, advanceSeconds, sweep } of steps) {
          // One request per batch here, so the state before and after each request can be compared.
          for (const request of batch) {
            const before = snapshot(ledger);
            const results = ledger.apply([request])[0] as TransferResult[];
            const chains = chainsOf(request);
            for (const [start, end] of chains) {
              const codes = results.slice(start, end + 1);
              const failures = codes.filter((c) => !isTransferSuccess(c));
              // All or nothing: a chain either succeeds whole, or one member names the failure and
              // every other member answers linked_event_failed.
              if (failures.length > 0) expect(failures.filter((c) => c !== 'linked_event_failed').length).toBe(1);
              if (failures.length > 0) expect(codes.filter((c) => c !== 'linked_event_failed').length).toBe(1);
            }
            if (results.every((c) => !isTransferSuccess(c) || c === 'exists')) expect(snapshot(ledger)).toEqual(before);
          }
          expect(brokenPureInvariants(ledger)).toEqual([]);
          ledger.nowMs += advanceSeconds * 1000;
          if (sweep) ledger.expire();
          expect(brokenPureInvariants(ledger)).toEqual([]);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('the ledger on the database, over any history', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it('agrees with the reference model and keeps every invariant through its reads', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(history, async (steps) => {
        const tenant = `prop${run++}`;
        const clock = manualClock(instantFromEpochMs(START_MS));
        const ledger = createLedger({ db, clock, timeZone: PURE_TIME_ZONE, lanes: 1 });
        const model = new LedgerModel();
        await ledger.createAccounts(tenant, CHART);
        model.addAccounts(CHART);
        for (const { batch, advanceSeconds, sweep } of steps) {
          const replies = batch.map((r) => ledger.createTransfers(tenant, r));
          const nowMs = epochMs(clock.now());
          const expected = batch.map((r) => model.submit(r, nowMs, businessDateOf(clock.now(), PURE_TIME_ZONE)));
          expect(await Promise.all(replies)).toEqual(expected.map((value) => ({ ok: true, value })));
          clock.advanceMs(advanceSeconds * 1000);
          // Other runs' tenants share the sweep, so only the effect on this tenant is compared.
          if (sweep) {
            await ledger.expirePendingTransfers();
            model.expire(epochMs(clock.now()));
          }
        }
        const stored = await ledger.lookupAccounts(tenant, accountIds);
        expect(stored.map((a) => [a.id, a.debitsPending, a.debitsPosted, a.creditsPending, a.creditsPosted])).toEqual(
          [...model.accounts].sort(([x], [y]) => (x < y ? -1 : 1)).map(([id, a]) => [id, a.debitsPending, a.debitsPosted, a.creditsPending, a.creditsPosted]),
        );
        for (const [accountId, expected] of model.history) expect(await readHistory(ledger, tenant, accountId)).toEqual(expected);
        expect(await brokenInvariants(ledger, tenant, accountIds)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});
