/**
 * Reading and writing one batch, in one of three modes (see ledger.ts for when each is used):
 *
 * - `locked`: inside a transaction, `loadBatchState` locks every account the batch may touch, in one
 *   fixed order (tenant, id) so concurrent batches never deadlock; the state machine then sees exact
 *   counters.
 * - `optimistic`: the load is a plain read and `persistBatch` runs as one statement on its own, which
 *   is its own transaction: two round trips and one commit per batch, and no row lock held while the
 *   state machine runs. The write locks the accounts (same fixed order), adds each account's change
 *   as a delta, and refuses the whole statement (serialization_failure) if an account whose exact
 *   balance decided an outcome — bounded or history accounts, and balancing transfers' accounts —
 *   changed since it was read, or if a counter pair would pass 2^63 − 1. For an unbounded account no
 *   outcome depends on its balance (overflow aside, which the database itself refuses), so a delta
 *   onto a newer balance is exactly what the batch would have written under a lock.
 * - `blind`: no read at all, for a batch of plain transfers whose outcomes no balance decides, between
 *   accounts the ledger already knows (a record cache of their immutable parts, `blindBatchState`): each account's immutable
 *   part comes from the cache and its counters start at zero, which is exact for every decision but
 *   overflow. The one write then checks the rest: the primary key refuses an id already used, and
 *   the statement refuses itself when an id it creates was spent by a failure, when an account row is
 *   missing, or when a counter pair would pass 2^63 − 1. Inside a caller's transaction the write
 *   checks all that first and, rather than refuse itself, writes nothing (`persistBlindWithin`). The
 *   caller only writes a blind batch whose every transfer succeeded: a failure or an `exists` may
 *   depend on rows it did not read.
 *
 * Rows read without a lock (transfers, spent ids, pending resolutions) may be stale if a concurrent
 * batch commits the same id meanwhile; the primary keys then refuse our insert with a unique
 * violation and the whole batch is run again, so a stale read can never write a duplicate.
 */
import type { Row, Sql } from '../db/database.ts';
import { assert } from '../kernel/assert.ts';
import type { Instant } from '../kernel/instant.ts';
import { INT64_MAX } from '../kernel/money.ts';
import type { LocalDate } from '../kernel/local-date.ts';
import type { RecordCache } from '../kernel/record-cache.ts';
import type { TransferResult } from './result-codes.ts';
import { stateKey, type AccountState, type BatchEffects, type BatchState, type PendingStatus, type StoredTransfer } from './state-machine.ts';
import { ACCOUNT_FLAG_BITS, TRANSFER_FLAG_BITS } from './types.ts';
import type { TransferCommand } from './validate.ts';

export type BatchMode = 'locked' | 'optimistic' | 'blind';

interface Counters {
  readonly debitsPending: bigint;
  readonly debitsPosted: bigint;
  readonly creditsPending: bigint;
  readonly creditsPosted: bigint;
}

/** The state a batch starts from, and what persisting it needs to know about how it was read. */
export interface LoadedBatch {
  readonly state: BatchState;
  /** Each account's counters as read: persisting writes the difference. */
  readonly loaded: ReadonlyMap<AccountState, Counters>;
  /** Accounts whose exact balance may decide an outcome: persisting checks they did not change. */
  readonly guarded: ReadonlySet<AccountState>;
  /** Nothing was read (`blind`): persisting checks that no created id was spent by a failure. */
  readonly blind: boolean;
}

interface LoadRow {
  kind: 'a' | 't' | 'f';
  tenant_id: string;
  id: string;
  s1: string | null;
  s2: string | null;
  s3: string | null;
  s4: string | null;
  s5: string | null;
  s6: string | null;
  n1: bigint | null;
  n2: bigint | null;
  n3: bigint | null;
  n4: bigint | null;
  i1: number | null;
  i2: number | null;
  i3: number | null;
  d1: string | null;
  t1: string | null;
}

// The accounts of the pending transfers named by $7/$8 are found in the same statement, hence the same
// snapshot, as the transfers themselves: a pending transfer another lane commits meanwhile is either
// seen with its accounts, or not seen at all.
//
// Every lookup is a LATERAL subquery that cannot be pulled up (OFFSET 0, or FOR UPDATE): an index probe
// per key. The statement is deliberately not prepared: a plan cached while the tables were small (a
// fresh schema) stays cached as they grow, and such plans were measured scanning ledger_transfers whole
// (a hash join), or probing it through ledger_transfers_credit on the tenant alone — both proportional
// to the table. Planned afresh each time, with the batch's real array sizes and the tables' real sizes,
// it is about 0.5 ms of planning for a plan that stays right. Locking probes the accounts in (tenant,
// id) order: the nested loop follows its sorted outer side.
//
// A batch that names no pending transfer ($7/$8 empty, and no command with a pendingId) runs the
// statement without its pending parts: the pending transfers' accounts and the resolution of each
// transfer found, which only a command resolving a pending transfer reads. Less to plan and run
// (measured: 1.86 ms of planning and 0.49 ms of execution against 2.27 and 0.82 ms on PGlite).
const loadSql = (lock: boolean, pendings: boolean): string => `
WITH wanted AS (
  SELECT * FROM unnest($1::text[], $2::text[]) AS w(tenant_id, id)${pendings ? `
  UNION
  SELECT k.tenant_id, x.id
  FROM unnest($7::text[], $8::text[]) AS k(tenant_id, id)
  CROSS JOIN LATERAL (SELECT p.debit_account_id, p.credit_account_id FROM ledger_transfers p
                      WHERE p.tenant_id = k.tenant_id AND p.id = k.id OFFSET 0) p
  CROSS JOIN LATERAL (VALUES (p.debit_account_id), (p.credit_account_id)) AS x(id)` : ''}
), accounts AS (
  SELECT a.*
  FROM (SELECT tenant_id, id FROM wanted ORDER BY tenant_id, id) w
  CROSS JOIN LATERAL (SELECT a.tenant_id, a.id, a.ledger, a.code, a.flags, a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted
                      FROM ledger_accounts a WHERE a.tenant_id = w.tenant_id AND a.id = w.id ${lock ? 'FOR UPDATE' : 'OFFSET 0'}) a
)
SELECT 'a' AS kind, tenant_id, id, ledger AS s1, NULL::text AS s2, NULL::text AS s3, NULL::text AS s4, NULL::text AS s5, NULL::text AS s6,
       debits_pending AS n1, debits_posted AS n2, credits_pending AS n3, credits_posted AS n4,
       code AS i1, flags AS i2, NULL::int AS i3, NULL::date AS d1, NULL::timestamptz AS t1
FROM accounts
UNION ALL
SELECT 't', t.tenant_id, t.id, t.debit_account_id, t.credit_account_id, t.ledger, t.pending_id, t.reference, ${pendings ? 'r.status' : 'NULL::text'},
       t.amount, NULL, NULL, NULL, t.code, t.flags, t.timeout_seconds, t.effective_on, t.recorded_at
FROM unnest($3::text[], $4::text[]) AS k(tenant_id, id)
CROSS JOIN LATERAL (SELECT * FROM ledger_transfers t WHERE t.tenant_id = k.tenant_id AND t.id = k.id OFFSET 0) t${pendings ? `
LEFT JOIN LATERAL (SELECT r.status FROM ledger_pending_resolutions r WHERE r.tenant_id = t.tenant_id AND r.pending_id = t.id OFFSET 0) r ON true` : ''}
UNION ALL
SELECT 'f', f.tenant_id, f.id, f.result, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM unnest($5::text[], $6::text[]) AS k(tenant_id, id)
CROSS JOIN LATERAL (SELECT * FROM ledger_failed_transfers f WHERE f.tenant_id = k.tenant_id AND f.id = k.id OFFSET 0) f`;
/** By [lock][pendings]. */
const LOAD_SQL = [[loadSql(false, false), loadSql(false, true)], [loadSql(true, false), loadSql(true, true)]] as const;

class KeyList {
  readonly tenants: string[] = [];
  readonly ids: string[] = [];
  private readonly seen = new Set<string>();
  add(tenantId: string, id: string): void {
    const key = stateKey(tenantId, id);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.tenants.push(tenantId);
    this.ids.push(id);
  }
}

/** `sql` is a transaction in `locked` mode, and may be the database itself in `optimistic` mode. */
export async function loadBatchState(sql: Sql, commands: readonly TransferCommand[], mode: BatchMode): Promise<LoadedBatch> {
  const accounts = new KeyList();
  const transfers = new KeyList();
  const ids = new KeyList();
  const unnamed = new KeyList(); // pending transfers whose accounts the resolving command leaves out
  const loaded = await loadState(sql, commands, accounts, transfers, ids, unnamed, mode === 'locked');
  return { ...loaded, guarded: guardedAccounts(commands, loaded.state), blind: false };
}

/**
 * What a ledger remembers about accounts between batches: the immutable part of each account it has
 * read (ledger, code, flags). Only an account's counters ever change and no account row is ever
 * deleted, so an entry never goes stale. Filled only with committed rows (group-commit reads, and
 * accounts once their creating transaction committed), never from a caller's transaction, which
 * could still roll an account's creation back.
 */
export type AccountShape = Pick<AccountState, 'ledger' | 'code' | 'flags'>;
export type AccountCache = RecordCache<AccountShape>;

export function rememberAccounts(cache: AccountCache, accounts: Iterable<AccountShape & { readonly tenantId: string; readonly id: string }>): void {
  for (const a of accounts) if (cache.get(a.tenantId, a.id) === undefined) cache.add(a.tenantId, a.id, { ledger: a.ledger, code: a.code, flags: a.flags });
}

const BLIND_TRANSFER_FLAGS = TRANSFER_FLAG_BITS.postPending | TRANSFER_FLAG_BITS.voidPending | TRANSFER_FLAG_BITS.balancingDebit | TRANSFER_FLAG_BITS.balancingCredit;

/**
 * The state of a batch that reads nothing, or null when the batch needs a read: a transfer resolves
 * a pending one or balances, an account is unknown to the cache, keeps a history, or is debited
 * (credited) while its debits (credits) must not exceed its credits (debits).
 */
export function blindBatchState(commands: readonly TransferCommand[], cache: AccountCache): LoadedBatch | null {
  const state: BatchState = { accounts: new Map(), transfers: new Map(), failed: new Map(), pendings: new Map() };
  const loaded = new Map<AccountState, Counters>();
  const zero: Counters = { debitsPending: 0n, debitsPosted: 0n, creditsPending: 0n, creditsPosted: 0n };
  for (const c of commands) {
    if (c.flags & BLIND_TRANSFER_FLAGS || c.pendingId !== null || c.debitAccountId === null || c.creditAccountId === null) return null;
    for (const [id, dependent] of [[c.debitAccountId, DEPENDENT_WHEN_DEBITED], [c.creditAccountId, DEPENDENT_WHEN_CREDITED]] as const) {
      const key = stateKey(c.tenantId, id);
      const shape = cache.get(c.tenantId, id);
      if (!shape || shape.flags & dependent) return null;
      if (state.accounts.has(key)) continue;
      const account: AccountState = { tenantId: c.tenantId, id, ledger: shape.ledger, code: shape.code, flags: shape.flags, ...zero };
      state.accounts.set(key, account);
      loaded.set(account, zero);
    }
  }
  return { state, loaded, guarded: new Set(), blind: true };
}

const BALANCE_DEPENDENT = ACCOUNT_FLAG_BITS.debitsMustNotExceedCredits | ACCOUNT_FLAG_BITS.creditsMustNotExceedDebits | ACCOUNT_FLAG_BITS.history;
/**
 * A bound is only checked on the side it bounds: crediting an account whose debits must not exceed
 * its credits can never breach it (nor debiting one bounded the other way), so such a transfer's
 * outcome does not depend on the account's balance. A history account stores its exact balances.
 */
const DEPENDENT_WHEN_DEBITED = ACCOUNT_FLAG_BITS.debitsMustNotExceedCredits | ACCOUNT_FLAG_BITS.history;
const DEPENDENT_WHEN_CREDITED = ACCOUNT_FLAG_BITS.creditsMustNotExceedDebits | ACCOUNT_FLAG_BITS.history;

/**
 * The accounts whose exact counters may decide an outcome or be written verbatim: bounded accounts
 * (their limit checks), history accounts (their balance after each transfer is stored) and the
 * accounts a balancing transfer measures. Every other account's counters only matter for overflow.
 */
function guardedAccounts(commands: readonly TransferCommand[], state: BatchState): Set<AccountState> {
  const guarded = new Set<AccountState>();
  for (const account of state.accounts.values()) if (account.flags & BALANCE_DEPENDENT) guarded.add(account);
  for (const c of commands) {
    if (c.flags & TRANSFER_FLAG_BITS.balancingDebit && c.debitAccountId !== null) addIfLoaded(guarded, state, c.tenantId, c.debitAccountId);
    if (c.flags & TRANSFER_FLAG_BITS.balancingCredit && c.creditAccountId !== null) addIfLoaded(guarded, state, c.tenantId, c.creditAccountId);
  }
  return guarded;
}

function addIfLoaded(set: Set<AccountState>, state: BatchState, tenantId: string, id: string): void {
  const account = state.accounts.get(stateKey(tenantId, id));
  if (account) set.add(account);
}

/** The state to expire the given pending transfers: they and their accounts. */
export async function loadExpiryState(tx: Sql, pendings: readonly { tenantId: string; pendingId: string }[]): Promise<LoadedBatch> {
  const unnamed = new KeyList();
  const transfers = new KeyList();
  for (const p of pendings) {
    unnamed.add(p.tenantId, p.pendingId);
    transfers.add(p.tenantId, p.pendingId);
  }
  return { ...(await loadState(tx, [], new KeyList(), transfers, new KeyList(), unnamed, true)), guarded: new Set(), blind: false };
}

async function loadState(
  sql: Sql,
  commands: readonly TransferCommand[],
  accounts: KeyList,
  transfers: KeyList,
  ids: KeyList,
  unnamed: KeyList,
  lock: boolean,
): Promise<{ state: BatchState; loaded: Map<AccountState, Counters> }> {
  for (const c of commands) {
    ids.add(c.tenantId, c.id);
    transfers.add(c.tenantId, c.id);
    if (c.debitAccountId !== null) accounts.add(c.tenantId, c.debitAccountId);
    if (c.creditAccountId !== null) accounts.add(c.tenantId, c.creditAccountId);
    if (c.pendingId !== null) {
      transfers.add(c.tenantId, c.pendingId);
      if (c.debitAccountId === null || c.creditAccountId === null) unnamed.add(c.tenantId, c.pendingId);
    }
  }
  const pendings = unnamed.ids.length > 0 || commands.some((c) => c.pendingId !== null);
  const params = [accounts.tenants, accounts.ids, transfers.tenants, transfers.ids, ids.tenants, ids.ids];
  const rows = await sql.query<LoadRow & Record<string, unknown>>(
    LOAD_SQL[lock ? 1 : 0][pendings ? 1 : 0],
    pendings ? [...params, unnamed.tenants, unnamed.ids] : params,
  );
  const state: BatchState = { accounts: new Map(), transfers: new Map(), failed: new Map(), pendings: new Map() };
  const loaded = new Map<AccountState, Counters>();
  for (const r of rows) {
    const key = stateKey(r.tenant_id, r.id);
    if (r.kind === 'a') {
      const counters: Counters = { debitsPending: r.n1 as bigint, debitsPosted: r.n2 as bigint, creditsPending: r.n3 as bigint, creditsPosted: r.n4 as bigint };
      const account: AccountState = { tenantId: r.tenant_id, id: r.id, ledger: r.s1 as string, code: r.i1 as number, flags: r.i2 as number, ...counters };
      state.accounts.set(key, account);
      loaded.set(account, counters);
    } else if (r.kind === 't') {
      const transfer: StoredTransfer = {
        tenantId: r.tenant_id,
        id: r.id,
        debitAccountId: r.s1 as string,
        creditAccountId: r.s2 as string,
        ledger: r.s3 as string,
        pendingId: r.s4,
        reference: r.s5,
        amount: r.n1 as bigint,
        code: r.i1 as number,
        flags: r.i2 as number,
        timeoutSeconds: r.i3 as number,
        effectiveOn: r.d1 as LocalDate,
        recordedAt: r.t1 as Instant,
      };
      state.transfers.set(key, transfer);
      state.pendings.set(key, { transfer, status: r.s6 as PendingStatus | null });
    } else {
      state.failed.set(key, r.s1 as TransferResult);
    }
  }
  return { state, loaded };
}

/**
 * What a statement's account update carries: `history` (the full statement) also moves each account's
 * history position and returns it; `guarded` (a batch that was read) compares guarded accounts'
 * counters with the read ones; `blind` (nothing was read, nothing guarded) checks only for overflow.
 */
type AccountsPart = 'history' | 'guarded' | 'blind';

/**
 * The update's columns: name, type, number among the full statement's parameters, and the first part
 * that carries it (each part in PART_ORDER carries its own columns and those of the parts before it).
 */
const ACCOUNT_COLUMNS: readonly (readonly [name: string, type: string, param: number, firstCarriedBy: AccountsPart])[] = [
  ['tenant_id', 'text', 14, 'blind'], ['id', 'text', 15, 'blind'],
  ['ddp', 'int8', 16, 'blind'], ['ddpo', 'int8', 17, 'blind'], ['dcp', 'int8', 18, 'blind'], ['dcpo', 'int8', 19, 'blind'],
  ['guarded', 'bool', 20, 'guarded'], ['dp', 'int8', 21, 'guarded'], ['dpo', 'int8', 22, 'guarded'], ['cp', 'int8', 23, 'guarded'], ['cpo', 'int8', 24, 'guarded'],
  ['hist', 'int8', 47, 'history'],
];
const PART_ORDER: readonly AccountsPart[] = ['blind', 'guarded', 'history'];
const carries = (part: AccountsPart, firstCarriedBy: AccountsPart): boolean => PART_ORDER.indexOf(firstCarriedBy) <= PART_ORDER.indexOf(part);

/**
 * `upd` adds each account's deltas (and, with history, moves its history position past the history
 * rows the batch writes for it, `hist`) under the row's lock; `refused` marks a guarded account that
 * changed since it was read, or an overflow. `ins` inserts the transfers; only the full statement
 * reads back their seq, for the history rows.
 */
const accountsCte = (p: (n: number) => string, part: AccountsPart, onlyIf = ''): string => {
  const columns = ACCOUNT_COLUMNS.filter(([, , , firstCarriedBy]) => carries(part, firstCarriedBy));
  const history = part === 'history';
  return `upd AS (
  UPDATE ledger_accounts a
  SET debits_pending = a.debits_pending + u.ddp, debits_posted = a.debits_posted + u.ddpo,
      credits_pending = a.credits_pending + u.dcp, credits_posted = a.credits_posted + u.dcpo${history ? `,
      history_position = a.history_position + u.hist` : ''}
  FROM unnest(${columns.map(([, type, n]) => `${p(n)}::${type}[]`).join(', ')})
    AS u(${columns.map(([name]) => name).join(', ')})
  WHERE a.tenant_id = u.tenant_id AND a.id = u.id${onlyIf ? ` AND ${onlyIf}` : ''}
  RETURNING ${history ? 'a.tenant_id, a.id, a.history_position AS last_position, u.hist,' : ''}
         ${part === 'blind' ? '' : `u.guarded AND (a.debits_pending - u.ddp, a.debits_posted - u.ddpo, a.credits_pending - u.dcp, a.credits_posted - u.dcpo)
                          <> (u.dp, u.dpo, u.cp, u.cpo)
         OR `}a.debits_pending > ${INT64_MAX} - a.debits_posted
         OR a.credits_pending > ${INT64_MAX} - a.credits_posted AS refused
), ins AS (
  INSERT INTO ledger_transfers (tenant_id, id, debit_account_id, credit_account_id, amount, ledger, code, flags,
                                pending_id, timeout_seconds, reference, effective_on, recorded_at)
  SELECT * FROM unnest(${p(1)}::text[], ${p(2)}::text[], ${p(3)}::text[], ${p(4)}::text[], ${p(5)}::int8[], ${p(6)}::text[], ${p(7)}::int[], ${p(8)}::int[],
                       ${p(9)}::text[], ${p(10)}::int[], ${p(11)}::text[], ${p(12)}::date[], ${p(13)}::timestamptz[])${onlyIf ? `
  WHERE ${onlyIf}` : ''}${history ? `
  RETURNING tenant_id, id, seq` : ''}
)`;
};

/**
 * The statement's verdict: the accounts refused or missing (fewer rows updated than named), plus,
 * given the (tenant, id) parameters of the ids a blind batch creates, those a failure already spent.
 */
const verdict = (p: (n: number) => string, spentIds?: readonly [tenants: number, ids: number]): string => `${spentIds ? `, spent AS (
  SELECT 1 FROM unnest(${p(spentIds[0])}::text[], ${p(spentIds[1])}::text[]) AS k(tenant_id, id)
  CROSS JOIN LATERAL (SELECT 1 FROM ledger_failed_transfers f WHERE f.tenant_id = k.tenant_id AND f.id = k.id OFFSET 0) f
)` : ''}
SELECT ledger_refuse_stale_batch((SELECT count(*) FROM upd WHERE refused)${spentIds ? ' + (SELECT count(*) FROM spent)' : ''}
                                 + (cardinality(${p(14)}::text[]) - (SELECT count(*) FROM upd))) AS refused`;

/** A persist statement, written with the full statement's parameter numbers. */
interface PersistStatement {
  readonly name: string;
  readonly text: string;
  /** The full statement's parameters it binds, in order: the first is its $1. */
  readonly params: readonly number[];
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Builds a statement that binds `params` alone: `p(n)` names the full statement's $n by its place among them. */
function persistStatement(name: string, params: readonly number[], build: (p: (n: number) => string) => string): PersistStatement {
  const p = (n: number): string => {
    assert(params.includes(n), `${name} binds the full statement's $${n}`);
    return `$${params.indexOf(n) + 1}`;
  };
  return { name, text: build(p), params };
}

/**
 * The accounts' part of the write: add each account's deltas (rows locked in (tenant, id) order, the
 * order of the arrays), then count the guarded accounts whose counters before the update are not the
 * ones the batch read, and the accounts whose pending + posted now pass 2^63 − 1; add the accounts
 * missing (fewer rows updated than named) and, for a blind batch ($44/$45: the ids it creates), the
 * ids spent by an earlier failure. `ledger_refuse_stale_batch` raises serialization_failure when that
 * count is not zero, which rolls back the whole statement. ledger_failed_transfers has no index but
 * its primary key, so the cached plan of its probe cannot go wrong as the table grows.
 *
 * History rows: each takes the next position of its account, drawn in `upd` from the account row
 * (`history_position`) while the statement holds that row's lock, so an account's history is in the
 * order its changes commit in, on any number of connections; within a batch, in the order of the
 * entries. A transfer's row also names the transfer's seq; an expiry's row (expiry batches create no
 * transfer) draws one from the same sequence. Every statement of a WITH sees one snapshot, so
 * the DELETE in `unexpiring` cannot see what `expiring` inserts: a pending transfer resolved in its
 * own batch is left out of `expiring` rather than inserted and left behind for the sweep.
 */
// The full statement binds all 47 parameters, so its own $n and p(n) name the same one.
const PERSIST = persistStatement('ledger_persist_batch', range(1, 47), (p) => `
WITH ${accountsCte(p, 'history')}, failed AS (
  INSERT INTO ledger_failed_transfers (tenant_id, id, result, recorded_at)
  SELECT f.tenant_id, f.id, f.result, $43::timestamptz FROM unnest($25::text[], $26::text[], $27::text[]) AS f(tenant_id, id, result)
  RETURNING 1
), resolved AS (
  INSERT INTO ledger_pending_resolutions (tenant_id, pending_id, status, transfer_id, effective_on, recorded_at)
  SELECT r.tenant_id, r.pending_id, r.status, r.transfer_id, r.effective_on, $43::timestamptz
  FROM unnest($28::text[], $29::text[], $30::text[], $31::text[], $32::date[]) AS r(tenant_id, pending_id, status, transfer_id, effective_on)
  RETURNING tenant_id, pending_id
), unexpiring AS (
  DELETE FROM ledger_pending_expiries e USING resolved r
  WHERE e.tenant_id = r.tenant_id AND e.pending_id = r.pending_id
  RETURNING 1
), expiring AS (
  INSERT INTO ledger_pending_expiries (tenant_id, pending_id, expires_at)
  SELECT x.tenant_id, x.pending_id, x.expires_at FROM unnest($33::text[], $34::text[], $35::timestamptz[]) AS x(tenant_id, pending_id, expires_at)
  RETURNING 1
), balances AS (
  SELECT * FROM unnest($36::text[], $37::text[], $38::text[], $46::text[], $39::int8[], $40::int8[], $41::int8[], $42::int8[])
    WITH ORDINALITY AS h(tenant_id, account_id, transfer_id, event, dp, dpo, cp, cpo, ordinal)
), history AS (
  INSERT INTO ledger_account_history (tenant_id, account_id, position, transfer_seq, transfer_id, event,
                                      debits_pending, debits_posted, credits_pending, credits_posted)
  SELECT h.tenant_id, h.account_id,
         u.last_position - u.hist + row_number() OVER (PARTITION BY h.tenant_id, h.account_id ORDER BY h.ordinal),
         CASE WHEN h.event = 'transfer' THEN ins.seq ELSE nextval('ledger_transfer_seq') END,
         h.transfer_id, h.event, h.dp, h.dpo, h.cp, h.cpo
  FROM balances h
  JOIN upd u ON u.tenant_id = h.tenant_id AND u.id = h.account_id
  LEFT JOIN ins ON h.event = 'transfer' AND ins.tenant_id = h.tenant_id AND ins.id = h.transfer_id
  RETURNING 1
)${verdict(p, [44, 45])}`);

/**
 * The common batch — transfers created and counters changed, nothing failed, resolved, expiring or
 * kept in history — written by the same accounts, transfers and verdict parts alone: fewer parts to
 * start and run, and fewer arrays to bind, per batch. A batch that was read binds the guards; a blind
 * one binds none, and has its created ids checked for having been spent.
 */
const PLAIN = persistStatement('ledger_persist_plain_batch', range(1, 24), (p) => `WITH ${accountsCte(p, 'guarded')}${verdict(p)}`);
const BLIND = persistStatement('ledger_persist_blind_batch', range(1, 19), (p) => `WITH ${accountsCte(p, 'blind')}${verdict(p, [1, 2])}`);

/**
 * A plain blind batch written inside a caller's transaction without a savepoint: the statement first
 * checks, in its snapshot, what the blind write assumes (every account there, no id used or spent by
 * a failure, no counter pair passing 2^63 − 1, summed as numeric so the check itself cannot overflow)
 * and writes only if all of it holds; `written` says which. Nothing raises for what the snapshot
 * shows, so the caller's transaction stays usable for the run under locks. Only what commits after
 * the snapshot can still refuse the statement (an id's primary key, or an overflow seen by the update
 * on the newer row), which fails the caller's transaction as a serialization failure. Every probe is
 * a LATERAL subquery on a primary key, as in the load, so the cached plan cannot turn into a scan.
 */
const CHECKED_BLIND = persistStatement('ledger_persist_checked_blind_batch', range(1, 19), (p) => `
WITH checked AS (
  SELECT (SELECT count(*) FROM unnest(${p(14)}::text[], ${p(15)}::text[], ${p(16)}::int8[], ${p(17)}::int8[], ${p(18)}::int8[], ${p(19)}::int8[]) AS u(tenant_id, id, ddp, ddpo, dcp, dcpo)
          CROSS JOIN LATERAL (SELECT a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted FROM ledger_accounts a
                              WHERE a.tenant_id = u.tenant_id AND a.id = u.id OFFSET 0) a
          WHERE a.debits_pending::numeric + u.ddp + a.debits_posted + u.ddpo <= ${INT64_MAX}
            AND a.credits_pending::numeric + u.dcp + a.credits_posted + u.dcpo <= ${INT64_MAX}) = cardinality(${p(15)}::text[])
     AND NOT EXISTS (SELECT 1 FROM unnest(${p(1)}::text[], ${p(2)}::text[]) AS k(tenant_id, id)
                     CROSS JOIN LATERAL (SELECT 1 FROM ledger_transfers t WHERE t.tenant_id = k.tenant_id AND t.id = k.id OFFSET 0) t)
     AND NOT EXISTS (SELECT 1 FROM unnest(${p(1)}::text[], ${p(2)}::text[]) AS k(tenant_id, id)
                     CROSS JOIN LATERAL (SELECT 1 FROM ledger_failed_transfers f WHERE f.tenant_id = k.tenant_id AND f.id = k.id OFFSET 0) f) AS ok
), ${accountsCte(p, 'blind', '(SELECT ok FROM checked)')}
SELECT ok AS written,
       CASE WHEN ok THEN ledger_refuse_stale_batch((SELECT count(*) FROM upd WHERE refused) + (cardinality(${p(15)}::text[]) - (SELECT count(*) FROM upd))) END AS refused
FROM checked`);

function runPersist<R extends Row>(sql: Sql, statement: PersistStatement, params: readonly unknown[]): Promise<R[]> {
  return sql.query<R>(statement.text, statement.params.map((n) => params[n - 1]), { name: statement.name });
}

/**
 * Writes a batch's effects in one statement. The accounts written are the ones it changed plus the
 * guarded ones (checked even when unchanged, since a refusal may have depended on their balance),
 * sorted by (tenant, id).
 */
export async function persistBatch(sql: Sql, batch: LoadedBatch, effects: BatchEffects, now: Instant): Promise<void> {
  // Nothing to write means no outcome depended on a balance (every such refusal spends its id).
  if (effects.created.length === 0 && effects.failed.length === 0 && effects.resolutions.length === 0) return;
  const { params, plain } = persistParams(batch, effects, now);
  assert(!batch.blind || batch.guarded.size === 0, 'a blind batch read nothing, so nothing is guarded');
  await runPersist(sql, plain ? (batch.blind ? BLIND : PLAIN) : PERSIST, params);
}

/**
 * Writes a blind batch inside a caller's transaction (CHECKED_BLIND) and says whether it did: false,
 * with nothing written and the transaction usable, when the batch is not plain or its check found an
 * assumption wrong; the batch must then run under locks.
 */
export async function persistBlindWithin(tx: Sql, batch: LoadedBatch, effects: BatchEffects, now: Instant): Promise<boolean> {
  assert(batch.blind && effects.created.length > 0, 'a blind batch creates every transfer it holds');
  const { params, plain } = persistParams(batch, effects, now);
  if (!plain) return false;
  const [row] = await runPersist<{ written: boolean }>(tx, CHECKED_BLIND, params);
  return row?.written === true;
}

/** The full persist statement's parameters, and whether the plain statement can write the batch. */
function persistParams(batch: LoadedBatch, effects: BatchEffects, now: Instant): { params: unknown[]; plain: boolean } {
  const t = effects.created;
  const accounts = [...new Set([...effects.touched, ...batch.guarded])].sort(compareAccounts);
  const read = accounts.map((a) => batch.loaded.get(a) as Counters);
  const resolved = new Set(effects.resolutions.map((r) => stateKey(r.tenantId, r.pendingId)));
  const expiring = t.filter((x) => x.timeoutSeconds > 0 && !resolved.has(stateKey(x.tenantId, x.id)));
  const h = effects.history;
  const historyRows = new Map<AccountState, number>();
  for (const e of h) historyRows.set(e.account, (historyRows.get(e.account) ?? 0) + 1);
  const spendable = batch.blind ? t : [];
  const params = [
    t.map((x) => x.tenantId), t.map((x) => x.id), t.map((x) => x.debitAccountId), t.map((x) => x.creditAccountId),
    t.map((x) => x.amount), t.map((x) => x.ledger), t.map((x) => x.code), t.map((x) => x.flags),
    t.map((x) => x.pendingId), t.map((x) => x.timeoutSeconds), t.map((x) => x.reference), t.map((x) => x.effectiveOn),
    t.map((x) => x.recordedAt),
    accounts.map((a) => a.tenantId), accounts.map((a) => a.id),
    accounts.map((a, i) => a.debitsPending - (read[i] as Counters).debitsPending), accounts.map((a, i) => a.debitsPosted - (read[i] as Counters).debitsPosted),
    accounts.map((a, i) => a.creditsPending - (read[i] as Counters).creditsPending), accounts.map((a, i) => a.creditsPosted - (read[i] as Counters).creditsPosted),
    accounts.map((a) => batch.guarded.has(a)),
    read.map((c) => c.debitsPending), read.map((c) => c.debitsPosted), read.map((c) => c.creditsPending), read.map((c) => c.creditsPosted),
    effects.failed.map((f) => f.tenantId), effects.failed.map((f) => f.id), effects.failed.map((f) => f.result),
    effects.resolutions.map((r) => r.tenantId), effects.resolutions.map((r) => r.pendingId), effects.resolutions.map((r) => r.status),
    effects.resolutions.map((r) => r.transferId), effects.resolutions.map((r) => r.effectiveOn),
    expiring.map((x) => x.tenantId), expiring.map((x) => x.id),
    expiring.map((x) => new Date(Date.parse(x.recordedAt) + x.timeoutSeconds * 1000).toISOString()),
    h.map((e) => e.account.tenantId), h.map((e) => e.account.id), h.map((e) => e.transferId), h.map((e) => e.debitsPending),
    h.map((e) => e.debitsPosted), h.map((e) => e.creditsPending), h.map((e) => e.creditsPosted),
    now,
    spendable.map((x) => x.tenantId), spendable.map((x) => x.id),
    h.map((e) => e.event),
    accounts.map((a) => historyRows.get(a) ?? 0),
  ];
  return { params, plain: effects.failed.length === 0 && effects.resolutions.length === 0 && expiring.length === 0 && h.length === 0 };
}

function compareAccounts(a: AccountState, b: AccountState): number {
  if (a.tenantId !== b.tenantId) return a.tenantId < b.tenantId ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
