/**
 * The ledger service: `createLedger({ db, clock })`. Transfers from concurrent callers are coalesced by
 * group commit into one database transaction per batch; `applyTransfers` runs the same state machine
 * inside a caller's own transaction, for business events that must commit together with their
 * postings (a disbursement and its loan). Reads go straight to the database.
 *
 * A batch of plain transfers between unbounded accounts the ledger already knows is first tried blind
 * (no read: decide on the cached accounts, one self-checking write, batch-store.ts); it is kept only
 * when every transfer succeeded and the write found nothing it assumed wrong. Otherwise, or for any
 * other batch, it is tried optimistically (read, decide, one self-checking write: two round trips and
 * one commit); when that write finds an account it relied on changed, or a decision was an overflow
 * made on a possibly stale read, the batch runs again under row locks, where every decision is exact.
 * Either way the batch commits whole or not at all, before any caller is answered. Inside a
 * caller's transaction (`applyTransfers`) a blind batch is one statement that checks its assumptions
 * before writing, and any other batch, or one whose check failed, runs under row locks.
 */
import type { Database, Sql } from '../db/database.ts';
import { RETRYABLE_SQLSTATES, sqlState } from '../db/database.ts';
import { assert } from '../kernel/assert.ts';
import { err, ok, type Result } from '../kernel/result.ts';
import { businessDateOf, epochMs, type Clock, type Instant } from '../kernel/instant.ts';
import { limits } from '../kernel/limits.ts';
import { pageLimit, type Page, type PageRequest } from '../kernel/paging.ts';
import type { LocalDate } from '../kernel/local-date.ts';
import { insertAccounts, selectAccounts } from './accounts-store.ts';
import { blindBatchState, loadBatchState, loadExpiryState, persistBatch, persistBlindWithin, rememberAccounts, type AccountCache, type LoadedBatch } from './batch-store.ts';
import { createGroupCommit } from '../kernel/group-commit.ts';
import { createRecordCache } from '../kernel/record-cache.ts';
import { selectAccountHistory, selectAccountTransfers, selectBalanceAsOf, selectTransfers, selectTrialBalance, selectTrialBalances, type HistoryPoint, type TrialBalance } from './reads.ts';
import type { AccountResult, TransferResult } from './result-codes.ts';
import { applyBatch, applyExpiries, stateKey, type BatchEffects, type RequestItem } from './state-machine.ts';
import type { Account, AccountInput, Balance, Transfer, TransferInput } from './types.ts';
import { validateAccount, validateTransfer, type AccountCommand, type TransferCommand } from './validate.ts';

export type LedgerRequestError = 'batch_too_large' | 'batch_empty' | 'ledger_busy';

export interface LedgerOptions {
  readonly db: Database;
  readonly clock: Clock;
  /** Time zone that turns the clock's instant into the default effective date. */
  readonly timeZone?: string;
  /** Batches in flight at once; 1 on PGlite (one connection). */
  readonly lanes?: number;
}

export interface Ledger {
  createAccounts(tenantId: string, accounts: readonly AccountInput[]): Promise<Result<AccountResult[], LedgerRequestError>>;
  /** One result per transfer, in order; a linked chain is all-or-nothing. */
  createTransfers(tenantId: string, transfers: readonly TransferInput[]): Promise<Result<TransferResult[], LedgerRequestError>>;
  /** The same, inside the caller's transaction (no group commit). */
  applyTransfers(tx: Sql, tenantId: string, transfers: readonly TransferInput[]): Promise<Result<TransferResult[], LedgerRequestError>>;
  /**
   * Locks these accounts' rows until `tx` ends, as posting to them would (in the ledger's lock order):
   * a change outside the ledger that postings on them must see once committed — a credit line frozen —
   * takes these locks first, and the postings' transaction reads the change after posting.
   */
  lockAccounts(tx: Sql, tenantId: string, ids: readonly string[]): Promise<void>;
  /** The accounts with these ids (unknown ids are left out); callers bound the list they pass. */
  lookupAccounts(tenantId: string, ids: readonly string[]): Promise<Account[]>;
  lookupTransfers(tenantId: string, ids: readonly string[]): Promise<Transfer[]>;
  /** Current balances, or as of the end of an effective date. null for an unknown account. */
  balance(tenantId: string, accountId: string, asOf?: LocalDate): Promise<Balance | null>;
  accountTransfers(tenantId: string, accountId: string, page: PageRequest): Promise<Page<Transfer>>;
  accountHistory(tenantId: string, accountId: string, page: PageRequest): Promise<Page<HistoryPoint>>;
  trialBalance(tenantId: string, ledger: string, asOf?: LocalDate): Promise<TrialBalance>;
  /** Every ledger's (currency's) trial balance now, in ledger order, from one pass over the accounts. */
  trialBalances(tenantId: string): Promise<TrialBalance[]>;
  /** Releases pending transfers whose timeout has passed, at most `max` of them; returns how many. */
  expirePendingTransfers(max?: number): Promise<number>;
  /** Waits for every queued batch to commit. */
  drain(): Promise<void>;
}

interface BatchRequest {
  readonly items: RequestItem[];
  readonly commands: TransferCommand[];
}

/** How often a batch is run again after its write found its read stale (see STALE_READ). */
const STALE_READ_RETRIES = 5;

const UNIQUE_VIOLATION = '23505';
/** A counter taken below zero: the batch resolved a pending transfer another lane had just resolved. */
const CHECK_VIOLATION = '23514';
/**
 * What the write answers when a concurrent batch committed, after this batch's read, a row it read as
 * absent: the same transfer id (the primary key refuses it), or the resolution of the same pending
 * transfer (its primary key refuses it, or a counter check fires first). Nothing was written; run
 * again, the batch reads the other's rows. Under locks this still happens: in READ COMMITTED a
 * statement that waits for an account's lock reads that row anew but the transfers and resolutions
 * from the snapshot it started with.
 */
const STALE_READ: ReadonlySet<string> = new Set([UNIQUE_VIOLATION, CHECK_VIOLATION]);
/** Raised by an optimistic write whose accounts changed since the read (ledger_refuse_stale_batch). */
const SERIALIZATION_FAILURE = '40001';
/** Two optimistic writes whose plans locked shared accounts in different orders. */
const DEADLOCK = '40P01';
/** A delta that took a counter past int8 on a balance the optimistic read did not see. */
const NUMERIC_OUT_OF_RANGE = '22003';
/** What an unlocked write may answer when what it decided on was not the truth: nothing was written. */
const OPTIMISTIC_REFUSALS: ReadonlySet<string> = new Set([...STALE_READ, SERIALIZATION_FAILURE, DEADLOCK, NUMERIC_OUT_OF_RANGE]);

/**
 * A blind write inside a caller's transaction refused by a row committed after its check: the
 * caller's transaction is aborted and must run again, so it fails as a serialization failure, which
 * `db.transaction` retries.
 */
class StaleBlindWrite extends Error {
  readonly code = SERIALIZATION_FAILURE;
  constructor(cause: unknown) {
    super('a concurrent commit refused a blind ledger write; the transaction runs again', { cause });
  }
}

/** Overflow decisions compare counters with 2^63 − 1: exact only under a lock. */
function decidedOverflow(results: readonly TransferResult[][]): boolean {
  return results.some((codes) => codes.some((code) => code.startsWith('overflows_')));
}

/** A blind batch is written only when every transfer succeeded (see batch-store.ts). */
function allCreated(results: readonly TransferResult[][]): boolean {
  return results.every((codes) => codes.every((code) => code === 'ok'));
}

/**
 * Applies any number of transfers in the caller's transaction, in as many requests as a request may
 * hold (`limits.ledgerRequestTransfersMax`): one result each, in order. Every request must be valid
 * (not empty, not too large), and no linked chain may cross from one request into the next.
 */
export async function applyInRequests(ledger: Ledger, tx: Sql, tenantId: string, transfers: readonly TransferInput[]): Promise<TransferResult[]> {
  const results: TransferResult[] = [];
  for (let from = 0; from < transfers.length; from += limits.ledgerRequestTransfersMax) {
    assert(from === 0 || transfers[from - 1]?.flags?.linked !== true, 'a linked chain crosses a ledger request boundary');
    const applied = await ledger.applyTransfers(tx, tenantId, transfers.slice(from, from + limits.ledgerRequestTransfersMax));
    assert(applied.ok, `transfers refused as a request: ${applied.ok ? '' : applied.code}`);
    results.push(...applied.value);
  }
  return results;
}

export function createLedger(options: LedgerOptions): Ledger {
  const { db, clock } = options;
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const today = (): LocalDate => businessDateOf(clock.now(), timeZone);
  const accountCache: AccountCache = createRecordCache(limits.ledgerAccountCacheMax);

  const toRequest = (tenantId: string, transfers: readonly TransferInput[]): BatchRequest => {
    const effectiveOn = today();
    const items: RequestItem[] = [];
    const commands: TransferCommand[] = [];
    for (const input of transfers) {
      const validated = validateTransfer(tenantId, input, effectiveOn);
      const linked = input.flags?.linked === true;
      if (typeof validated === 'string') items.push({ command: null, validation: validated, linked });
      else {
        items.push({ command: validated, validation: null, linked });
        commands.push(validated);
      }
    }
    return { items, commands };
  };

  /**
   * The decision of a blind run (no read, batch-store.ts): null when the batch needs a read, or when
   * not every transfer would be created (a refusal or an `exists` may depend on rows it did not read).
   */
  const decideBlind = (requests: readonly BatchRequest[]): { batch: LoadedBatch; results: TransferResult[][]; effects: BatchEffects; now: Instant } | null => {
    const batch = blindBatchState(requests.flatMap((r) => r.commands), accountCache);
    if (batch === null) return null;
    const now = clock.now();
    const { results, effects } = applyBatch(requests.map((r) => r.items), batch.state, now, epochMs(now));
    return allCreated(results) ? { batch, results, effects, now } : null;
  };

  /**
   * Runs a batch after reading its state; null when an optimistic run must be redone under locks
   * (nothing was written). Only group-commit runs (`remember`) fill the account cache: their reads
   * see committed rows alone, where a caller's transaction may still roll an account's creation back.
   */
  const runBatch = async (sql: Sql, requests: readonly BatchRequest[], mode: 'optimistic' | 'locked', remember = false): Promise<TransferResult[][] | null> => {
    const batch = await loadBatchState(sql, requests.flatMap((r) => r.commands), mode);
    if (remember) rememberAccounts(accountCache, batch.state.accounts.values());
    const now = clock.now();
    const { results, effects } = applyBatch(requests.map((r) => r.items), batch.state, now, epochMs(now));
    if (mode === 'optimistic' && decidedOverflow(results)) return null;
    await persistBatch(sql, batch, effects, now);
    return results;
  };

  /**
   * A blind run inside a caller's transaction: one statement that writes only when what it assumes
   * holds in its snapshot (batch-store.ts, `persistBlindWithin`), so no savepoint is needed; null when
   * the batch is not blind or the statement wrote nothing, and the batch runs under locks. A row
   * committed after that snapshot can still refuse the write (an id's primary key, a counter that
   * grew); the caller's transaction then fails as a serialization failure, which `db.transaction`
   * runs again, and the next check sees the row.
   */
  const runBlindWithin = async (tx: Sql, requests: readonly BatchRequest[]): Promise<TransferResult[][] | null> => {
    const blind = decideBlind(requests);
    if (blind === null) return null;
    try {
      return (await persistBlindWithin(tx, blind.batch, blind.effects, blind.now)) ? blind.results : null;
    } catch (error) {
      const state = sqlState(error) ?? '';
      if (OPTIMISTIC_REFUSALS.has(state) && !RETRYABLE_SQLSTATES.has(state)) throw new StaleBlindWrite(error);
      throw error;
    }
  };

  const runLocked = async (sql: Sql, requests: readonly BatchRequest[]): Promise<TransferResult[][]> =>
    (await runBatch(sql, requests, 'locked')) as TransferResult[][];

  const commitBatch = async (requests: BatchRequest[]): Promise<TransferResult[][]> => {
    if (requests.every((r) => r.commands.length === 0)) {
      // Nothing reaches the ledger: every code was decided by validation (and chain rules).
      const now = clock.now();
      return applyBatch(requests.map((r) => r.items), { accounts: new Map(), transfers: new Map(), failed: new Map(), pendings: new Map() }, now, epochMs(now)).results;
    }
    const blind = decideBlind(requests);
    try {
      if (blind) {
        await persistBatch(db, blind.batch, blind.effects, blind.now);
        return blind.results;
      }
    } catch (error) {
      // The write found an assumption wrong (an id used or spent, an account missing, an overflow).
      if (!OPTIMISTIC_REFUSALS.has(sqlState(error) ?? '')) throw error;
    }
    for (let attempt = 0; attempt < STALE_READ_RETRIES; attempt++) {
      try {
        const results = await runBatch(db, requests, 'optimistic', true);
        if (results) return results;
        break;
      } catch (error) {
        const state = sqlState(error);
        if (STALE_READ.has(state ?? '')) continue;
        if (OPTIMISTIC_REFUSALS.has(state ?? '')) break;
        throw error;
      }
    }
    for (let attempt = 0; ; attempt++) {
      try {
        return await db.transaction(async (tx) => (await runBatch(tx, requests, 'locked', true)) as TransferResult[][]);
      } catch (error) {
        if (!STALE_READ.has(sqlState(error) ?? '') || attempt >= STALE_READ_RETRIES) throw error;
      }
    }
  };

  const groupCommit = createGroupCommit<BatchRequest, TransferResult[]>({
    batchEventsMax: limits.ledgerBatchEventsMax,
    queueEventsMax: limits.ledgerQueueDepthMax,
    lanes: options.lanes ?? (db.engine === 'pglite' ? 1 : 4),
    batchesWhenIdle: 2,
    size: (r) => Math.max(1, r.items.length),
    commit: async (requests) => (await commitBatch(requests)),
  });

  const checkSize = (count: number): LedgerRequestError | null => {
    if (count === 0) return 'batch_empty';
    if (count > limits.ledgerRequestTransfersMax) return 'batch_too_large';
    return null;
  };

  return {
    async createAccounts(tenantId, accounts) {
      const sizeError = checkSize(accounts.length);
      if (sizeError) return err(sizeError);
      const validated = accounts.map((a) => validateAccount(tenantId, a));
      const commands = validated.filter((v): v is AccountCommand => typeof v !== 'string');
      const inserted = commands.length === 0 ? [] : await insertAccounts(db, commands, clock.now());
      // Committed now; an account that `exists` has exactly the shape asked for.
      rememberAccounts(accountCache, commands.filter((_, i) => inserted[i] === 'ok' || inserted[i] === 'exists'));
      let next = 0;
      return ok(validated.map((v) => (typeof v === 'string' ? v : (inserted[next++] as AccountResult))));
    },

    async createTransfers(tenantId, transfers) {
      const sizeError = checkSize(transfers.length);
      if (sizeError) return err(sizeError);
      const pending = groupCommit.submit(toRequest(tenantId, transfers));
      if (pending === null) return err('ledger_busy', 'the ledger queue is full; retry with the same ids');
      return ok(await pending);
    },

    async applyTransfers(tx, tenantId, transfers) {
      const sizeError = checkSize(transfers.length);
      if (sizeError) return err(sizeError);
      const requests = [toRequest(tenantId, transfers)];
      const [results] = (await runBlindWithin(tx, requests)) ?? (await runLocked(tx, requests));
      return ok(results as TransferResult[]);
    },

    async lockAccounts(tx, tenantId, ids) {
      await tx.query('SELECT id FROM ledger_accounts WHERE tenant_id = $1 AND id = ANY($2::text[]) ORDER BY id FOR UPDATE', [tenantId, ids]);
    },

    lookupAccounts: (tenantId, ids) => selectAccounts(db, tenantId, ids),
    lookupTransfers: (tenantId, ids) => selectTransfers(db, tenantId, ids),

    async balance(tenantId, accountId, asOf) {
      const [account] = await selectAccounts(db, tenantId, [accountId]);
      if (!account) return null;
      if (asOf === undefined) return account;
      return selectBalanceAsOf(db, tenantId, accountId, asOf);
    },

    accountTransfers: (tenantId, accountId, page) => selectAccountTransfers(db, tenantId, accountId, page.cursor ?? null, pageLimit(page)),
    accountHistory: (tenantId, accountId, page) => selectAccountHistory(db, tenantId, accountId, page.cursor ?? null, pageLimit(page)),
    trialBalance: (tenantId, ledger, asOf) => selectTrialBalance(db, tenantId, ledger, asOf ?? null),
    trialBalances: (tenantId) => selectTrialBalances(db, tenantId),

    async expirePendingTransfers(max = limits.ledgerBatchEventsMax) {
      const now = clock.now();
      return db.transaction(async (tx) => {
        // Released in TigerBeetle's order, by expiry time and then creation, which is the order an
        // account's history shows them in.
        const due = await tx.query<{ tenant_id: string; pending_id: string }>(
          `SELECT e.tenant_id, e.pending_id FROM ledger_pending_expiries e
           JOIN ledger_transfers t ON t.tenant_id = e.tenant_id AND t.id = e.pending_id
           WHERE e.expires_at <= $1 ORDER BY e.expires_at, t.seq LIMIT $2 FOR UPDATE OF e SKIP LOCKED`,
          [now, max],
        );
        if (due.length === 0) return 0;
        await tx.query(
          'DELETE FROM ledger_pending_expiries WHERE (tenant_id, pending_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))',
          [due.map((d) => d.tenant_id), due.map((d) => d.pending_id)],
        );
        const pendings = due.map((d) => ({ tenantId: d.tenant_id, pendingId: d.pending_id }));
        const batch = await loadExpiryState(tx, pendings);
        const effects: BatchEffects = { created: [], failed: [], resolutions: [], touched: new Set(), history: [] };
        const released = applyExpiries(pendings.map((p) => stateKey(p.tenantId, p.pendingId)), batch.state, effects, epochMs(now), businessDateOf(now as Instant, timeZone));
        await persistBatch(tx, batch, effects, now);
        return released;
      });
    },

    drain: () => groupCommit.drain(),
  };
}
