/**
 * The verification suite's reference model of the ledger: the expected reply to every request and the
 * expected counters of every account, by the plainest code that could work — maps of immutable
 * records, a copy-on-write layer for a linked chain (dropped when a member fails), and the checks
 * written out once in precedence order. It shares nothing with the state machine but the public types
 * and the result-code names, so agreeing with it means something.
 *
 * It models one tenant; time is given per call (milliseconds since the epoch, and the business date
 * that an omitted `effectiveOn` stands for). Accounts flagged `history` keep their balances after
 * every transfer and every expiry, as `accountHistory` lists them.
 */
import { INT64_MAX, parseCurrency } from '../../kernel/money.ts';
import { parseLocalDate } from '../../kernel/local-date.ts';
import { TRANSIENT_TRANSFER_RESULTS, type TransferResult } from '../result-codes.ts';
import type { AccountFlags, AccountInput, Balance, HistoryEvent, TransferFlags, TransferInput } from '../types.ts';

export interface ModelAccount extends Balance {
  readonly ledger: string;
  readonly code: number;
  readonly flags: AccountFlags;
}

export interface ModelTransfer {
  readonly id: string;
  readonly debitAccountId: string;
  readonly creditAccountId: string;
  readonly amount: bigint;
  readonly ledger: string;
  readonly code: number;
  readonly flags: TransferFlags;
  readonly pendingId: string | null;
  readonly timeoutSeconds: number;
  readonly reference: string | null;
  readonly effectiveOn: string;
  readonly createdAtMs: number;
}

export interface ModelHistoryPoint extends Balance {
  readonly event: HistoryEvent;
  readonly transferId: string;
}

type PendingFate = 'posted' | 'voided' | 'expired';

/** Only what a chain needs from a Map: a layer over a base map answers the same calls. */
interface Table<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): unknown;
}

class Layer<V> implements Table<V> {
  readonly local = new Map<string, V>();
  constructor(private readonly base: Table<V>) {}
  get(key: string): V | undefined {
    return this.local.has(key) ? this.local.get(key) : this.base.get(key);
  }
  set(key: string, value: V): this {
    this.local.set(key, value);
    return this;
  }
  commit(): void {
    for (const [key, value] of this.local) this.base.set(key, value);
  }
}

/** Where history points go: an account's list, or a chain's draft until the chain succeeds. */
interface HistoryLog {
  push(accountId: string, point: ModelHistoryPoint): void;
}

class DraftHistory implements HistoryLog {
  private readonly points: [string, ModelHistoryPoint][] = [];
  constructor(private readonly base: HistoryLog) {}
  push(accountId: string, point: ModelHistoryPoint): void {
    this.points.push([accountId, point]);
  }
  commit(): void {
    for (const [accountId, point] of this.points) this.base.push(accountId, point);
  }
}

interface Tables {
  readonly accounts: Table<ModelAccount>;
  readonly transfers: Table<ModelTransfer>;
  readonly spent: Table<TransferResult>;
  readonly fates: Table<PendingFate>;
  readonly history: HistoryLog;
}

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const isId = (value: unknown): boolean => typeof value === 'string' && ID.test(value);
const TIMEOUT_SECONDS_MAX = 60 * 60 * 24 * 30;
const FLAG_NAMES = ['linked', 'pending', 'postPending', 'voidPending', 'balancingDebit', 'balancingCredit'] as const;

/** Flags as a comparable text: the names that are set, in a fixed order. */
function flagText(flags: TransferFlags | undefined): string {
  return FLAG_NAMES.filter((name) => flags?.[name] === true).join(',');
}

/** The reply a transfer gets from its own fields, or null when they are fine. */
export function expectedValidation(t: TransferInput): TransferResult | null {
  const f = t.flags ?? {};
  const resolving = f.postPending === true || f.voidPending === true;
  const phases = [f.pending, f.postPending, f.voidPending].filter((x) => x === true).length;
  const timeout = t.timeoutSeconds ?? 0;
  const accountMissing = (id: string | undefined): boolean => (id === undefined ? !resolving : !isId(id));
  if (!isId(t.id)) return 'id_invalid';
  if (phases > 1 || (resolving && (f.balancingDebit === true || f.balancingCredit === true))) return 'flags_are_mutually_exclusive';
  if (resolving && !isId(t.pendingId)) return 'pending_id_required';
  if (!resolving && t.pendingId !== undefined) return 'pending_id_must_be_blank';
  if (t.pendingId === t.id) return 'pending_id_must_differ';
  if (timeout !== 0 && f.pending !== true) return 'timeout_reserved_for_pending_transfer';
  if (!Number.isInteger(timeout) || timeout < 0 || timeout > TIMEOUT_SECONDS_MAX) return 'timeout_out_of_range';
  if (accountMissing(t.debitAccountId)) return 'debit_account_id_required';
  if (accountMissing(t.creditAccountId)) return 'credit_account_id_required';
  if (t.debitAccountId !== undefined && t.debitAccountId === t.creditAccountId) return 'accounts_must_be_different';
  if (t.amount === undefined && !resolving) return 'amount_required';
  if (t.amount !== undefined && t.amount <= 0n) return 'amount_must_be_positive';
  if (t.amount !== undefined && t.amount > INT64_MAX) return 'amount_out_of_range';
  if (t.ledger === undefined && !resolving) return 'ledger_required';
  if (t.ledger !== undefined && !parseCurrency(t.ledger).ok) return 'ledger_invalid';
  if (t.code === undefined && !resolving) return 'code_required';
  if (t.code !== undefined && !(Number.isInteger(t.code) && t.code >= 1 && t.code <= 65_535)) return 'code_invalid';
  if (t.effectiveOn !== undefined && !parseLocalDate(t.effectiveOn).ok) return 'effective_on_invalid';
  if (t.reference !== undefined && t.reference.length > 255) return 'reference_too_long';
  return null;
}

const isSuccess = (code: TransferResult): boolean => code === 'ok' || code === 'exists';

export class LedgerModel {
  readonly accounts = new Map<string, ModelAccount>();
  readonly transfers = new Map<string, ModelTransfer>();
  private readonly spent = new Map<string, TransferResult>();
  private readonly fates = new Map<string, PendingFate>();
  /** Per account flagged `history`, its balances after each change, oldest first. */
  readonly history = new Map<string, ModelHistoryPoint[]>();
  private readonly tables: Tables = {
    accounts: this.accounts,
    transfers: this.transfers,
    spent: this.spent,
    fates: this.fates,
    history: { push: (accountId, point) => this.history.get(accountId)?.push(point) },
  };

  /** Adds accounts the caller knows to be valid and new. */
  addAccounts(inputs: readonly AccountInput[]): void {
    for (const a of inputs) {
      this.accounts.set(a.id, { ledger: a.ledger, code: a.code, flags: a.flags ?? {}, debitsPending: 0n, debitsPosted: 0n, creditsPending: 0n, creditsPosted: 0n });
      if (a.flags?.history === true) this.history.set(a.id, []);
    }
  }

  /** The replies to one request, applying what succeeds. */
  submit(request: readonly TransferInput[], nowMs: number, today: string): TransferResult[] {
    const base = this.tables;
    const results: TransferResult[] = [];
    let start = 0;
    while (start < request.length) {
      let end = start;
      while (end < request.length - 1 && request[end]?.flags?.linked === true) end++;
      const open = request[end]?.flags?.linked === true;
      if (start === end && !open) {
        const t = request[start] as TransferInput;
        results.push(expectedValidation(t) ?? this.one(base, t, nowMs, today));
        start++;
        continue;
      }
      const draft = {
        accounts: new Layer(base.accounts), transfers: new Layer(base.transfers), spent: new Layer(base.spent), fates: new Layer(base.fates), history: new DraftHistory(base.history),
      };
      const chain: TransferResult[] = [];
      for (let i = start; i <= end; i++) {
        const t = request[i] as TransferInput;
        const code = expectedValidation(t) ?? (open && i === end ? 'linked_event_chain_open' : this.one(draft, t, nowMs, today));
        chain.push(code);
        if (!isSuccess(code)) {
          if (TRANSIENT_TRANSFER_RESULTS.has(code)) this.spent.set(t.id, code);
          break;
        }
      }
      const failed = chain.length < end - start + 1 || !isSuccess(chain[chain.length - 1] as TransferResult);
      if (failed) {
        const failedAt = chain.length - 1;
        for (let i = 0; i <= end - start; i++) results.push(i === failedAt ? (chain[i] as TransferResult) : 'linked_event_failed');
      } else {
        for (const layer of Object.values(draft)) layer.commit();
        results.push(...chain);
      }
      start = end + 1;
    }
    return results;
  }

  /**
   * Releases the pending transfers whose timeout has passed, by expiry time and then in the order
   * they were created (the map's order, which a stable sort keeps); returns how many.
   */
  expire(nowMs: number): number {
    const due = [...this.transfers.values()].filter((p) => p.flags.pending === true && !this.fates.has(p.id) && this.hasTimedOut(p, nowMs));
    due.sort((x, y) => expiresAtMs(x) - expiresAtMs(y));
    for (const p of due) {
      this.fates.set(p.id, 'expired');
      this.moveCounters(this.tables, p, -p.amount, 0n, 'expiry', p.id);
    }
    return due.length;
  }

  private hasTimedOut(p: ModelTransfer, nowMs: number): boolean {
    return p.timeoutSeconds > 0 && expiresAtMs(p) <= nowMs;
  }

  private one(db: Tables, t: TransferInput, nowMs: number, today: string): TransferResult {
    const earlier = db.transfers.get(t.id);
    if (earlier) return this.replay(t, earlier);
    if (db.spent.get(t.id) !== undefined) return 'id_already_failed';
    const f = t.flags ?? {};
    const code = f.postPending || f.voidPending ? this.resolve(db, t, nowMs, today) : this.create(db, t, nowMs, today);
    if (TRANSIENT_TRANSFER_RESULTS.has(code)) db.spent.set(t.id, code);
    return code;
  }

  private replay(t: TransferInput, e: ModelTransfer): TransferResult {
    const balancing = e.flags.balancingDebit === true || e.flags.balancingCredit === true;
    if (flagText(t.flags) !== flagText(e.flags)) return 'exists_with_different_flags';
    if ((t.pendingId ?? null) !== e.pendingId) return 'exists_with_different_pending_id';
    if ((t.timeoutSeconds ?? 0) !== e.timeoutSeconds) return 'exists_with_different_timeout';
    if (t.debitAccountId !== undefined && t.debitAccountId !== e.debitAccountId) return 'exists_with_different_debit_account_id';
    if (t.creditAccountId !== undefined && t.creditAccountId !== e.creditAccountId) return 'exists_with_different_credit_account_id';
    if (t.amount !== undefined && !balancing && t.amount !== e.amount) return 'exists_with_different_amount';
    if ((t.reference ?? null) !== e.reference) return 'exists_with_different_reference';
    if (t.ledger !== undefined && t.ledger !== e.ledger) return 'exists_with_different_ledger';
    if (t.code !== undefined && t.code !== e.code) return 'exists_with_different_code';
    // An omitted effectiveOn means "today, whenever that is": a replay on a later day is still a replay.
    if (t.effectiveOn !== undefined && t.effectiveOn !== e.effectiveOn) return 'exists_with_different_effective_on';
    return 'exists';
  }

  private create(db: Tables, t: TransferInput, nowMs: number, today: string): TransferResult {
    const f = t.flags ?? {};
    const dr = db.accounts.get(t.debitAccountId as string);
    const cr = db.accounts.get(t.creditAccountId as string);
    if (!dr) return 'debit_account_not_found';
    if (!cr) return 'credit_account_not_found';
    if (dr.ledger !== cr.ledger) return 'accounts_must_have_the_same_ledger';
    if (t.ledger !== dr.ledger) return 'transfer_must_have_the_same_ledger_as_accounts';
    if (dr.flags.closed) return 'debit_account_closed';
    if (cr.flags.closed) return 'credit_account_closed';
    let amount = t.amount as bigint;
    const clamp = (room: bigint): bigint => (room < 0n ? 0n : amount < room ? amount : room);
    if (f.balancingDebit) amount = clamp(dr.creditsPosted - dr.debitsPosted - dr.debitsPending);
    if (f.balancingCredit) amount = clamp(cr.debitsPosted - cr.creditsPosted - cr.creditsPending);
    const drTotal = dr.debitsPending + dr.debitsPosted + amount;
    const crTotal = cr.creditsPending + cr.creditsPosted + amount;
    if (f.pending && dr.debitsPending + amount > INT64_MAX) return 'overflows_debits_pending';
    if (f.pending && cr.creditsPending + amount > INT64_MAX) return 'overflows_credits_pending';
    if (!f.pending && dr.debitsPosted + amount > INT64_MAX) return 'overflows_debits_posted';
    if (!f.pending && cr.creditsPosted + amount > INT64_MAX) return 'overflows_credits_posted';
    if (drTotal > INT64_MAX) return 'overflows_debits';
    if (crTotal > INT64_MAX) return 'overflows_credits';
    if (dr.flags.debitsMustNotExceedCredits && drTotal > dr.creditsPosted) return 'exceeds_credits';
    if (cr.flags.creditsMustNotExceedDebits && crTotal > cr.debitsPosted) return 'exceeds_debits';
    const transfer: ModelTransfer = {
      id: t.id,
      debitAccountId: t.debitAccountId as string,
      creditAccountId: t.creditAccountId as string,
      amount,
      ledger: dr.ledger,
      code: t.code as number,
      flags: t.flags ?? {},
      pendingId: null,
      timeoutSeconds: t.timeoutSeconds ?? 0,
      reference: t.reference ?? null,
      effectiveOn: t.effectiveOn ?? today,
      createdAtMs: nowMs,
    };
    db.transfers.set(t.id, transfer);
    this.moveCounters(db, transfer, f.pending ? amount : 0n, f.pending ? 0n : amount, 'transfer', t.id);
    return 'ok';
  }

  private resolve(db: Tables, t: TransferInput, nowMs: number, today: string): TransferResult {
    const post = t.flags?.postPending === true;
    const p = db.transfers.get(t.pendingId as string);
    if (!p) return 'pending_transfer_not_found';
    if (!p.flags.pending) return 'pending_transfer_not_pending';
    if (t.debitAccountId !== undefined && t.debitAccountId !== p.debitAccountId) return 'pending_transfer_has_different_debit_account_id';
    if (t.creditAccountId !== undefined && t.creditAccountId !== p.creditAccountId) return 'pending_transfer_has_different_credit_account_id';
    if (t.ledger !== undefined && t.ledger !== p.ledger) return 'pending_transfer_has_different_ledger';
    if (t.code !== undefined && t.code !== p.code) return 'pending_transfer_has_different_code';
    if (post && t.amount !== undefined && t.amount > p.amount) return 'exceeds_pending_transfer_amount';
    if (!post && t.amount !== undefined && t.amount !== p.amount) return 'pending_transfer_has_different_amount';
    const fate = db.fates.get(p.id);
    if (fate === 'posted') return 'pending_transfer_already_posted';
    if (fate === 'voided') return 'pending_transfer_already_voided';
    if (fate === 'expired' || this.hasTimedOut(p, nowMs)) return 'pending_transfer_expired';
    const amount = post ? (t.amount ?? p.amount) : p.amount;
    db.transfers.set(t.id, {
      id: t.id,
      debitAccountId: p.debitAccountId,
      creditAccountId: p.creditAccountId,
      amount,
      ledger: p.ledger,
      code: t.code ?? p.code,
      flags: t.flags ?? {},
      pendingId: p.id,
      timeoutSeconds: 0,
      reference: t.reference ?? null,
      effectiveOn: t.effectiveOn ?? today,
      createdAtMs: nowMs,
    });
    db.fates.set(p.id, post ? 'posted' : 'voided');
    this.moveCounters(db, p, -p.amount, post ? amount : 0n, 'transfer', t.id);
    return 'ok';
  }

  /**
   * Adds `pendingMinor` to the pending and `postedMinor` to the posted counters of both sides, and
   * records the balances after it in the history of either side flagged `history`.
   */
  private moveCounters(db: Tables, t: { debitAccountId: string; creditAccountId: string }, pendingMinor: bigint, postedMinor: bigint, event: HistoryEvent, transferId: string): void {
    const dr = db.accounts.get(t.debitAccountId) as ModelAccount;
    const cr = db.accounts.get(t.creditAccountId) as ModelAccount;
    const moved: [string, ModelAccount][] = [
      [t.debitAccountId, { ...dr, debitsPending: dr.debitsPending + pendingMinor, debitsPosted: dr.debitsPosted + postedMinor }],
      [t.creditAccountId, { ...cr, creditsPending: cr.creditsPending + pendingMinor, creditsPosted: cr.creditsPosted + postedMinor }],
    ];
    for (const [id, a] of moved) {
      db.accounts.set(id, a);
      if (a.flags.history === true) {
        db.history.push(id, { event, transferId, debitsPending: a.debitsPending, debitsPosted: a.debitsPosted, creditsPending: a.creditsPending, creditsPosted: a.creditsPosted });
      }
    }
  }
}

function expiresAtMs(p: ModelTransfer): number {
  return p.createdAtMs + p.timeoutSeconds * 1000;
}
