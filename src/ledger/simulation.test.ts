/**
 * The seeded simulation: a workload of random requests (workload.ts) submitted concurrently to the
 * real ledger on the test database, so group commit batches them, with every reply and every balance
 * checked against the reference model (reference-model.ts), and at the end every stored transfer, the
 * balance history of every account flagged `history` (transfers and expiries) and the invariants.
 *
 * With one lane, batches apply in submission order (group commit takes the queue FIFO), so the model,
 * fed the requests in that order, must agree exactly. With four lanes, batches commit in parallel on
 * PostgreSQL and the order is the database's, so that run checks the invariants only.
 *
 * LEDGER_SIM_EVENTS (default 100,000), LEDGER_SIM_CONCURRENT_EVENTS (default 20,000) and
 * LEDGER_SIM_SEED choose the size and the seed; a failure prints the seed to rerun it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { businessDateOf, epochMs, manualClock, type Instant, type ManualClock } from '../kernel/instant.ts';
import { seededRandom, type Random } from '../kernel/random.ts';
import { createLedger, type Ledger } from './ledger.ts';
import { isTransferSuccess, TRANSFER_RESULTS, type TransferResult } from './result-codes.ts';
import { bigintText, brokenInvariants, readHistory } from './simulation/invariants.ts';
import { LedgerModel } from './simulation/reference-model.ts';
import { createWorkload, type Workload } from './simulation/workload.ts';
import type { TransferInput } from './types.ts';

const EVENTS = Number(process.env.LEDGER_SIM_EVENTS ?? 100_000);
const CONCURRENT_EVENTS = Number(process.env.LEDGER_SIM_CONCURRENT_EVENTS ?? 20_000);
const SEED = Number(process.env.LEDGER_SIM_SEED ?? 20_261_121);
const TIME_ZONE = 'Asia/Shanghai';

let db: Database;
let clock: ManualClock;

beforeAll(async () => {
  db = await openTestDatabase();
  clock = manualClock('2026-03-01T15:00:00.000Z' as Instant);
});
afterAll(async () => {
  await db.close();
});

/** A round's requests: mostly small ones, now and then a large one. */
function round(random: Random, workload: Workload): TransferInput[][] {
  return Array.from({ length: random.int(1, 60) }, () => workload.request(random.chance(0.98) ? 8 : random.pick([50, 200, 1_000])));
}

/** Moves the clock: usually seconds (pending timeouts), now and then hours (the business date). */
function passTime(random: Random): void {
  if (random.chance(0.3)) clock.advanceMs(random.int(1, 120) * 1000);
  if (random.chance(0.01)) clock.advanceMs(random.int(4, 12) * 3_600_000);
}

async function openAccounts(ledger: Ledger, tenantId: string, workload: Workload): Promise<void> {
  const created = await ledger.createAccounts(tenantId, workload.accounts);
  expect(created).toEqual({ ok: true, value: workload.accounts.map(() => 'ok') });
}

describe(`the simulation (seed ${SEED})`, () => {
  it(`agrees with the reference model on every reply and balance over ${EVENTS} events`, async () => {
    const tenant = 'sim_model';
    const ledger = createLedger({ db, clock, timeZone: TIME_ZONE, lanes: 1 });
    const random = seededRandom(SEED);
    const workload = createWorkload(random, 'm');
    const model = new LedgerModel();
    await openAccounts(ledger, tenant, workload);
    model.addAccounts(workload.accounts);
    const accountIds = workload.accounts.map((a) => a.id);
    const seen = new Set<TransferResult>();
    const started = performance.now();
    let events = 0;
    let requests = 0;
    let expired = 0;
    while (events < EVENTS) {
      const batch = round(random, workload);
      const replies = batch.map((r) => ledger.createTransfers(tenant, r));
      const today = businessDateOf(clock.now(), TIME_ZONE);
      const expected = batch.map((r) => model.submit(r, epochMs(clock.now()), today));
      const answered = await Promise.all(replies);
      for (let i = 0; i < batch.length; i++) {
        const got = answered[i];
        if (!got?.ok || JSON.stringify(got.value) !== JSON.stringify(expected[i])) {
          expect({ after: events, request: batch[i], got }, `seed ${SEED}`).toEqual({ after: events, request: batch[i], got: { ok: true, value: expected[i] } });
        }
        for (const code of expected[i] as TransferResult[]) seen.add(code);
      }
      events += batch.reduce((s, r) => s + r.length, 0);
      requests += batch.length;
      const accounts = await ledger.lookupAccounts(tenant, accountIds);
      const balances = Object.fromEntries(accounts.map((a) => [a.id, [a.debitsPending, a.debitsPosted, a.creditsPending, a.creditsPosted]]));
      const modelBalances = Object.fromEntries(accountIds.map((id) => {
        const a = model.accounts.get(id);
        return [id, a && [a.debitsPending, a.debitsPosted, a.creditsPending, a.creditsPosted]];
      }));
      if (JSON.stringify(balances, bigintText) !== JSON.stringify(modelBalances, bigintText)) expect({ after: events, balances }, `seed ${SEED}`).toEqual({ after: events, balances: modelBalances });
      passTime(random);
      if (random.chance(0.2)) {
        const released = await ledger.expirePendingTransfers();
        expect(released, `seed ${SEED}, expiry after ${events} events`).toBe(model.expire(epochMs(clock.now())));
        expired += released;
      }
    }
    const seconds = (performance.now() - started) / 1000;

    const stored = await db.query<{ id: string; amount: bigint; debit_account_id: string; credit_account_id: string; pending_id: string | null }>(
      'SELECT id, amount, debit_account_id, credit_account_id, pending_id FROM ledger_transfers WHERE tenant_id = $1',
      [tenant],
    );
    const storedText = new Map(stored.map((t) => [t.id, `${t.amount} ${t.debit_account_id} ${t.credit_account_id} ${t.pending_id}`]));
    const modelText = new Map([...model.transfers.values()].map((t) => [t.id, `${t.amount} ${t.debitAccountId} ${t.creditAccountId} ${t.pendingId}`]));
    expect(storedText.size).toBe(modelText.size);
    for (const [id, text] of modelText) if (storedText.get(id) !== text) expect({ id, stored: storedText.get(id) }).toEqual({ id, stored: text });
    let historyPoints = 0;
    for (const [accountId, expected] of model.history) {
      const history = await readHistory(ledger, tenant, accountId);
      const differsAt = history.findIndex((point, i) => JSON.stringify(point, bigintText) !== JSON.stringify(expected[i], bigintText));
      expect({ accountId, length: history.length, differsAt, point: history[differsAt] }).toEqual({ accountId, length: expected.length, differsAt: -1, point: undefined });
      historyPoints += history.length;
    }
    expect(await brokenInvariants(ledger, tenant, accountIds)).toEqual([]);

    // The workload must reach what it claims to exercise, or the agreement above proves little.
    const outcomes = ['ok', 'exists', 'linked_event_failed', 'linked_event_chain_open', 'id_already_failed', 'exceeds_credits', 'exceeds_debits', 'exceeds_pending_transfer_amount',
      'pending_transfer_expired', 'pending_transfer_already_posted', 'pending_transfer_already_voided', 'pending_transfer_not_pending', 'overflows_debits_posted', 'debit_account_closed',
      'exists_with_different_amount', 'accounts_must_have_the_same_ledger', 'amount_must_be_positive'] as const;
    expect(outcomes.filter((code) => !seen.has(code))).toEqual([]);
    expect(expired).toBeGreaterThan(0);
    const expiriesInHistory = [...model.history.values()].flat().filter((point) => point.event === 'expiry').length;
    expect(expiriesInHistory).toBeGreaterThan(0);
    console.info(`ledger simulation (${db.engine}): ${events} events in ${requests} requests, ${storedText.size} transfers, ${seen.size} distinct codes, ${expired} expired, ${historyPoints} history entries (${expiriesInHistory} expiries), ${seconds.toFixed(1)} s`);
  });

  it(`keeps the invariants with four lanes over ${CONCURRENT_EVENTS} events`, async () => {
    const tenant = 'sim_lanes';
    const ledger = createLedger({ db, clock, timeZone: TIME_ZONE, lanes: 4 });
    const random = seededRandom(SEED + 1);
    const workload = createWorkload(random, 'c');
    await openAccounts(ledger, tenant, workload);
    const accountIds = workload.accounts.map((a) => a.id);
    const started = performance.now();
    let events = 0;
    let succeeded = 0;
    while (events < CONCURRENT_EVENTS) {
      const batch = round(random, workload);
      const answered = await Promise.all(batch.map((r) => ledger.createTransfers(tenant, r)));
      for (const [i, got] of answered.entries()) {
        expect(got.ok && got.value.length === batch[i]?.length && got.value.every((code) => code in TRANSFER_RESULTS)).toBe(true);
        if (got.ok) succeeded += got.value.filter(isTransferSuccess).length;
      }
      events += batch.reduce((s, r) => s + r.length, 0);
      passTime(random);
      if (random.chance(0.2)) await ledger.expirePendingTransfers();
    }
    expect(succeeded).toBeGreaterThan(0);
    expect(await brokenInvariants(ledger, tenant, accountIds)).toEqual([]);
    console.info(`ledger simulation, 4 lanes (${db.engine}): ${events} events, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });
});
