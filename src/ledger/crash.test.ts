/**
 * Crash safety on PostgreSQL: a writer process (crash/writer.ts) is killed with SIGKILL in the middle
 * of streaming batches; what it acknowledged must have survived, whole and exactly once, and the
 * ledger must still balance and replay. Then every request is submitted again with the same ids.
 *
 * Runs only when DATABASE_URL is set: killing a process that holds an embedded PGlite database says
 * nothing about the durability of an acknowledged PostgreSQL commit, which is what this test is about.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { connectPostgres } from '../db/postgres.ts';
import { systemClock } from '../kernel/instant.ts';
import { createLedger, type Ledger } from './ledger.ts';
import { CRASH_ACCOUNTS, CRASH_TENANT, crashAccountId, plannedRequest, type PlannedRequest } from './crash/workload.ts';

const WRITER = fileURLToPath(new URL('./crash/writer.ts', import.meta.url));
const CLIENTS = 8;
const ACKS_BEFORE_KILL = 1_500;

const url = process.env.DATABASE_URL as string;
const schema = `crash_${randomBytes(6).toString('hex')}`;
let admin: Database;
let db: Database;
let ledger: Ledger;

/** Runs the writer until it has acknowledged `acks` transfers, then kills it; returns what it acknowledged. */
function runWriterAndKill(acks: number): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER], { env: { ...process.env, LEDGER_CRASH_SCHEMA: schema }, stdio: ['ignore', 'pipe', 'pipe'] });
    const acknowledged = new Map<string, string>();
    let pending = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() as string; // a line cut by the kill is not an acknowledgement
      for (const line of lines) {
        const [id, result] = line.split(' ');
        acknowledged.set(id as string, result as string);
      }
      if (!killed && acknowledged.size >= acks) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acknowledged);
      else reject(new Error(`the writer ended on its own before the kill: ${stderr}`));
    });
  });
}

/** Ids of the form k<client>_<n>_<i>: the highest acknowledged request per client. */
function lastAcknowledged(acknowledged: ReadonlyMap<string, string>): number[] {
  const last = Array.from({ length: CLIENTS }, () => -1);
  for (const id of acknowledged.keys()) {
    const [client, n] = id.slice(1).split('_').map(Number) as [number, number];
    last[client] = Math.max(last[client] as number, n);
  }
  return last;
}

/** Every request a client may have submitted: the acknowledged ones and the one that may have been in flight. */
function submitted(last: readonly number[]): PlannedRequest[][] {
  return last.map((n, client) => Array.from({ length: n + 2 }, (_, k) => plannedRequest(client, k)));
}

async function storedIds(): Promise<Set<string>> {
  const rows = await db.query<{ id: string }>('SELECT id FROM ledger_transfers WHERE tenant_id = $1', [CRASH_TENANT]);
  return new Set(rows.map((r) => r.id));
}

/** Accounts whose counters differ from the sums of their stored transfers (a replay). */
async function replayMismatches(): Promise<unknown[]> {
  return db.query(
    `SELECT a.id, a.debits_posted, a.credits_posted, a.debits_pending, a.credits_pending
     FROM ledger_accounts a
     WHERE a.tenant_id = $1 AND (
       a.debits_pending <> 0 OR a.credits_pending <> 0
       OR a.debits_posted <> (SELECT coalesce(sum(amount), 0) FROM ledger_transfers t WHERE t.tenant_id = a.tenant_id AND t.debit_account_id = a.id)
       OR a.credits_posted <> (SELECT coalesce(sum(amount), 0) FROM ledger_transfers t WHERE t.tenant_id = a.tenant_id AND t.credit_account_id = a.id))`,
    [CRASH_TENANT],
  );
}

describe.skipIf(!url)('a writer killed mid-stream (PostgreSQL)', () => {
  beforeAll(async () => {
    admin = connectPostgres({ connectionString: url, maxConnections: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    db = await openDatabase({ url, schema });
    ledger = createLedger({ db, clock: systemClock });
    const accounts = Array.from({ length: CRASH_ACCOUNTS }, (_, i) => ({ id: crashAccountId(i), ledger: 'CNY', code: 1 }));
    expect(await ledger.createAccounts(CRASH_TENANT, accounts)).toEqual({ ok: true, value: accounts.map(() => 'ok') });
  });
  afterAll(async () => {
    await db?.close();
    await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.close();
  });

  it('keeps every acknowledged transfer exactly once, no chain in part, and replays after resubmission', async () => {
    const acknowledged = await runWriterAndKill(ACKS_BEFORE_KILL);
    expect(acknowledged.size).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);
    const requests = submitted(lastAcknowledged(acknowledged));
    const stored = await storedIds();

    // Every acknowledged success is stored (the primary key makes it at most once); no failure is.
    for (const [id, result] of acknowledged) expect([id, result, stored.has(id)]).toEqual([id, result, result === 'ok']);
    // A linked chain is stored whole or not at all, acknowledged or not.
    for (const request of requests.flat()) {
      const count = request.transfers.filter((t) => stored.has(t.id)).length;
      expect([request.transfers[0]?.id, count === 0 || count === request.transfers.length]).toEqual([request.transfers[0]?.id, true]);
      if (request.kind === 'failingChain') expect(count).toBe(0);
    }
    // Nothing was stored that was never submitted.
    const submittedIds = new Set(requests.flat().flatMap((r) => r.transfers.map((t) => t.id)));
    expect([...stored].filter((id) => !submittedIds.has(id))).toEqual([]);
    expect(await replayMismatches()).toEqual([]);
    expect((await ledger.trialBalance(CRASH_TENANT, 'CNY')).balanced).toBe(true);

    // Submit everything again, each client in its order: acknowledged transfers answer `exists`.
    const replies = await Promise.all(
      requests.map(async (clientRequests) => {
        const results: [string, string][] = [];
        for (const request of clientRequests) {
          const reply = await ledger.createTransfers(CRASH_TENANT, request.transfers);
          if (!reply.ok) throw new Error(reply.code);
          request.transfers.forEach((t, i) => results.push([t.id, reply.value[i] as string]));
        }
        return results;
      }),
    );
    const again = new Map(replies.flat());
    for (const [id, result] of acknowledged) {
      if (result === 'ok') expect([id, again.get(id)]).toEqual([id, 'exists']);
      if (result === 'debit_account_not_found') expect([id, again.get(id)]).toEqual([id, 'id_already_failed']);
      if (result === 'linked_event_failed') expect([id, again.get(id)]).toEqual([id, 'linked_event_failed']);
    }

    // Now every submitted transfer of a valid request is stored once, and the counters are exactly
    // the planned amounts: nothing doubled, nothing lost.
    const expected = new Map<string, { debits: bigint; credits: bigint }>();
    for (let i = 0; i < CRASH_ACCOUNTS; i++) expected.set(crashAccountId(i), { debits: 0n, credits: 0n });
    let planned = 0;
    for (const request of requests.flat()) {
      if (request.kind === 'failingChain') continue;
      for (const t of request.transfers) {
        planned++;
        (expected.get(t.debitAccountId as string) as { debits: bigint }).debits += t.amount as bigint;
        (expected.get(t.creditAccountId as string) as { credits: bigint }).credits += t.amount as bigint;
      }
    }
    expect((await storedIds()).size).toBe(planned);
    const accounts = await ledger.lookupAccounts(CRASH_TENANT, [...expected.keys()]);
    expect(new Map(accounts.map((a) => [a.id, { debits: a.debitsPosted, credits: a.creditsPosted }]))).toEqual(expected);
    expect(await replayMismatches()).toEqual([]);
  });
});
