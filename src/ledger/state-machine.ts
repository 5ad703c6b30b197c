/**
 * The ledger's state machine: applies a batch of validated transfers to the accounts and transfers a
 * batch touches, in memory, deciding every result code in precedence order. Pure (no I/O, no clock):
 * the store loads the state before and persists the effects after, in the same database transaction.
 *
 * Invariants: a failed transfer changes nothing; a linked chain is applied whole or not at all; every
 * successful transfer moves the same amount onto one account's debits and another's credits, so
 * debits equal credits per ledger; counters never go negative nor past 2^63 − 1; an account flagged
 * debitsMustNotExceedCredits never has pending + posted debits above its posted credits (and the
 * mirror for credits); every change of an account flagged history, a transfer or the release of an
 * expired pending transfer, records its balances after it.
 */
import { assert } from '../kernel/assert.ts';
import { INT64_MAX } from '../kernel/money.ts';
import type { Instant } from '../kernel/instant.ts';
import type { LocalDate } from '../kernel/local-date.ts';
import { TRANSIENT_TRANSFER_RESULTS, type TransferResult } from './result-codes.ts';
import { ACCOUNT_FLAG_BITS, TRANSFER_FLAG_BITS, type HistoryEvent } from './types.ts';
import type { TransferCommand } from './validate.ts';

export interface AccountState {
  readonly tenantId: string;
  readonly id: string;
  readonly ledger: string;
  readonly code: number;
  readonly flags: number;
  debitsPending: bigint;
  debitsPosted: bigint;
  creditsPending: bigint;
  creditsPosted: bigint;
}

export interface StoredTransfer {
  readonly tenantId: string;
  readonly id: string;
  readonly debitAccountId: string;
  readonly creditAccountId: string;
  readonly amount: bigint;
  readonly ledger: string;
  readonly code: number;
  readonly flags: number;
  readonly pendingId: string | null;
  readonly timeoutSeconds: number;
  readonly reference: string | null;
  readonly effectiveOn: LocalDate;
  readonly recordedAt: Instant;
}

export type PendingStatus = 'posted' | 'voided' | 'expired';

export interface PendingState {
  readonly transfer: StoredTransfer;
  status: PendingStatus | null;
}

/** What a batch reads: every row its transfers may touch, keyed by `stateKey(tenantId, id)`. */
export interface BatchState {
  readonly accounts: Map<string, AccountState>;
  readonly transfers: Map<string, StoredTransfer>;
  readonly failed: Map<string, TransferResult>;
  readonly pendings: Map<string, PendingState>;
}

export interface Resolution {
  readonly tenantId: string;
  readonly pendingId: string;
  readonly status: PendingStatus;
  /** The posting or voiding transfer; null when the pending transfer expired. */
  readonly transferId: string | null;
  readonly effectiveOn: LocalDate;
}

/**
 * An account's balances after a transfer (`transfer`: the transfer's id) or after the release of an
 * expired pending transfer (`expiry`: the pending transfer's id), for accounts flagged `history`.
 */
export interface HistoryEntry {
  readonly account: AccountState;
  readonly event: HistoryEvent;
  readonly transferId: string;
  readonly debitsPending: bigint;
  readonly debitsPosted: bigint;
  readonly creditsPending: bigint;
  readonly creditsPosted: bigint;
}

/** What a batch writes. */
export interface BatchEffects {
  readonly created: StoredTransfer[];
  readonly failed: { tenantId: string; id: string; result: TransferResult }[];
  readonly resolutions: Resolution[];
  readonly touched: Set<AccountState>;
  readonly history: HistoryEntry[];
}

/** One caller's request: validated commands, or the code validation already gave. */
export interface RequestItem {
  readonly command: TransferCommand | null;
  readonly validation: TransferResult | null;
  readonly linked: boolean;
}

export function stateKey(tenantId: string, id: string): string {
  return `${tenantId}\u0000${id}`;
}

const F = TRANSFER_FLAG_BITS;
const A = ACCOUNT_FLAG_BITS;

type Undo = () => void;

/**
 * Applies `requests` in order; returns each request's result codes. A request's linked chain never
 * extends into the next request.
 */
export function applyBatch(requests: readonly (readonly RequestItem[])[], state: BatchState, now: Instant, nowMs: number): { results: TransferResult[][]; effects: BatchEffects } {
  const effects: BatchEffects = { created: [], failed: [], resolutions: [], touched: new Set(), history: [] };
  const results = requests.map((items) => applyRequest(items, state, effects, now, nowMs));
  return { results, effects };
}

function applyRequest(items: readonly RequestItem[], state: BatchState, effects: BatchEffects, now: Instant, nowMs: number): TransferResult[] {
  const results: TransferResult[] = new Array(items.length);
  let i = 0;
  while (i < items.length) {
    // A chain runs from i through the first item not flagged linked (or the request's end: open).
    let end = i;
    while (end < items.length - 1 && (items[end] as RequestItem).linked) end++;
    const chainOpen = end === items.length - 1 && (items[end] as RequestItem).linked;
    if (end === i && !chainOpen) {
      const item = items[i] as RequestItem;
      results[i] = item.validation ?? applyOne(item.command as TransferCommand, state, effects, now, nowMs, null);
      i++;
      continue;
    }
    const undo: Undo[] = [];
    const mark = { created: effects.created.length, resolutions: effects.resolutions.length, history: effects.history.length };
    let failedAt = -1;
    for (let j = i; j <= end; j++) {
      const item = items[j] as RequestItem;
      const code = item.validation ?? (chainOpen && j === end ? 'linked_event_chain_open' : applyOne(item.command as TransferCommand, state, effects, now, nowMs, undo));
      results[j] = code;
      if (code !== 'ok' && code !== 'exists') {
        failedAt = j;
        break;
      }
    }
    if (failedAt >= 0) {
      for (let u = undo.length - 1; u >= 0; u--) (undo[u] as Undo)();
      effects.created.length = mark.created;
      effects.resolutions.length = mark.resolutions;
      effects.history.length = mark.history;
      for (let j = i; j <= end; j++) if (j !== failedAt) results[j] = 'linked_event_failed';
    }
    i = end + 1;
  }
  return results;
}

function applyOne(cmd: TransferCommand, state: BatchState, effects: BatchEffects, now: Instant, nowMs: number, undo: Undo[] | null): TransferResult {
  const key = stateKey(cmd.tenantId, cmd.id);
  const existing = state.transfers.get(key);
  if (existing) return compareWithExisting(cmd, existing);
  if (state.failed.has(key)) return 'id_already_failed';

  const result = cmd.flags & (F.postPending | F.voidPending) ? resolvePending(cmd, state, effects, now, nowMs, undo) : createTransfer(cmd, state, effects, now, undo);
  if (TRANSIENT_TRANSFER_RESULTS.has(result)) {
    state.failed.set(key, result);
    effects.failed.push({ tenantId: cmd.tenantId, id: cmd.id, result });
  }
  return result;
}

function compareWithExisting(cmd: TransferCommand, t: StoredTransfer): TransferResult {
  if (cmd.flags !== t.flags) return 'exists_with_different_flags';
  if (cmd.pendingId !== t.pendingId) return 'exists_with_different_pending_id';
  if (cmd.timeoutSeconds !== t.timeoutSeconds) return 'exists_with_different_timeout';
  if (cmd.debitAccountId !== null && cmd.debitAccountId !== t.debitAccountId) return 'exists_with_different_debit_account_id';
  if (cmd.creditAccountId !== null && cmd.creditAccountId !== t.creditAccountId) return 'exists_with_different_credit_account_id';
  // A balancing transfer records what it moved, which may be less than the amount asked for.
  const balancing = (t.flags & (F.balancingDebit | F.balancingCredit)) !== 0;
  if (cmd.amount !== null && !balancing && cmd.amount !== t.amount) return 'exists_with_different_amount';
  if (cmd.reference !== t.reference) return 'exists_with_different_reference';
  if (cmd.ledger !== null && cmd.ledger !== t.ledger) return 'exists_with_different_ledger';
  if (cmd.code !== null && cmd.code !== t.code) return 'exists_with_different_code';
  // An omitted effectiveOn means "the business date when applied": a retry on a later day is a replay.
  if (cmd.effectiveOnGiven && cmd.effectiveOn !== t.effectiveOn) return 'exists_with_different_effective_on';
  return 'exists';
}

function createTransfer(cmd: TransferCommand, state: BatchState, effects: BatchEffects, now: Instant, undo: Undo[] | null): TransferResult {
  const dr = state.accounts.get(stateKey(cmd.tenantId, cmd.debitAccountId as string));
  if (!dr) return 'debit_account_not_found';
  const cr = state.accounts.get(stateKey(cmd.tenantId, cmd.creditAccountId as string));
  if (!cr) return 'credit_account_not_found';
  if (dr.ledger !== cr.ledger) return 'accounts_must_have_the_same_ledger';
  if (cmd.ledger !== dr.ledger) return 'transfer_must_have_the_same_ledger_as_accounts';
  if (dr.flags & A.closed) return 'debit_account_closed';
  if (cr.flags & A.closed) return 'credit_account_closed';

  let amount = cmd.amount as bigint;
  if (cmd.flags & F.balancingDebit) amount = minNonNegative(amount, dr.creditsPosted - dr.debitsPosted - dr.debitsPending);
  if (cmd.flags & F.balancingCredit) amount = minNonNegative(amount, cr.debitsPosted - cr.creditsPosted - cr.creditsPending);

  const pending = (cmd.flags & F.pending) !== 0;
  if (pending) {
    if (dr.debitsPending + amount > INT64_MAX) return 'overflows_debits_pending';
    if (cr.creditsPending + amount > INT64_MAX) return 'overflows_credits_pending';
  } else {
    if (dr.debitsPosted + amount > INT64_MAX) return 'overflows_debits_posted';
    if (cr.creditsPosted + amount > INT64_MAX) return 'overflows_credits_posted';
  }
  if (dr.debitsPending + dr.debitsPosted + amount > INT64_MAX) return 'overflows_debits';
  if (cr.creditsPending + cr.creditsPosted + amount > INT64_MAX) return 'overflows_credits';
  if (dr.flags & A.debitsMustNotExceedCredits && dr.debitsPending + dr.debitsPosted + amount > dr.creditsPosted) return 'exceeds_credits';
  if (cr.flags & A.creditsMustNotExceedDebits && cr.creditsPending + cr.creditsPosted + amount > cr.debitsPosted) return 'exceeds_debits';

  remember(dr, undo);
  remember(cr, undo);
  if (pending) {
    dr.debitsPending += amount;
    cr.creditsPending += amount;
  } else {
    dr.debitsPosted += amount;
    cr.creditsPosted += amount;
  }
  const transfer: StoredTransfer = {
    tenantId: cmd.tenantId,
    id: cmd.id,
    debitAccountId: dr.id,
    creditAccountId: cr.id,
    amount,
    ledger: dr.ledger,
    code: cmd.code as number,
    flags: cmd.flags,
    pendingId: null,
    timeoutSeconds: cmd.timeoutSeconds,
    reference: cmd.reference,
    effectiveOn: cmd.effectiveOn,
    recordedAt: now,
  };
  record(transfer, dr, cr, state, effects, undo);
  return 'ok';
}

function resolvePending(cmd: TransferCommand, state: BatchState, effects: BatchEffects, now: Instant, nowMs: number, undo: Undo[] | null): TransferResult {
  const pending = state.pendings.get(stateKey(cmd.tenantId, cmd.pendingId as string));
  if (!pending) return 'pending_transfer_not_found';
  const p = pending.transfer;
  if (!(p.flags & F.pending)) return 'pending_transfer_not_pending';
  if (cmd.debitAccountId !== null && cmd.debitAccountId !== p.debitAccountId) return 'pending_transfer_has_different_debit_account_id';
  if (cmd.creditAccountId !== null && cmd.creditAccountId !== p.creditAccountId) return 'pending_transfer_has_different_credit_account_id';
  if (cmd.ledger !== null && cmd.ledger !== p.ledger) return 'pending_transfer_has_different_ledger';
  if (cmd.code !== null && cmd.code !== p.code) return 'pending_transfer_has_different_code';
  const post = (cmd.flags & F.postPending) !== 0;
  if (post && cmd.amount !== null && cmd.amount > p.amount) return 'exceeds_pending_transfer_amount';
  if (!post && cmd.amount !== null && cmd.amount !== p.amount) return 'pending_transfer_has_different_amount';
  if (pending.status === 'posted') return 'pending_transfer_already_posted';
  if (pending.status === 'voided') return 'pending_transfer_already_voided';
  if (pending.status === 'expired' || isExpired(p, nowMs)) return 'pending_transfer_expired';

  const dr = state.accounts.get(stateKey(p.tenantId, p.debitAccountId));
  const cr = state.accounts.get(stateKey(p.tenantId, p.creditAccountId));
  assert(dr && cr, 'accounts of a pending transfer must be loaded with it');
  const amount = post ? (cmd.amount ?? p.amount) : p.amount;
  // Posting at most the pending amount cannot overflow: it was reserved within the same counters.
  remember(dr, undo);
  remember(cr, undo);
  dr.debitsPending -= p.amount;
  cr.creditsPending -= p.amount;
  if (post) {
    dr.debitsPosted += amount;
    cr.creditsPosted += amount;
  }
  const transfer: StoredTransfer = {
    tenantId: cmd.tenantId,
    id: cmd.id,
    debitAccountId: p.debitAccountId,
    creditAccountId: p.creditAccountId,
    amount,
    ledger: p.ledger,
    code: cmd.code ?? p.code,
    flags: cmd.flags,
    pendingId: p.id,
    timeoutSeconds: 0,
    reference: cmd.reference,
    effectiveOn: cmd.effectiveOn,
    recordedAt: now,
  };
  record(transfer, dr, cr, state, effects, undo);
  const status: PendingStatus = post ? 'posted' : 'voided';
  pending.status = status;
  undo?.push(() => {
    pending.status = null;
  });
  effects.resolutions.push({ tenantId: p.tenantId, pendingId: p.id, status, transferId: cmd.id, effectiveOn: cmd.effectiveOn });
  return 'ok';
}

/**
 * Releases pending transfers whose timeout has passed and that are still unresolved, in the order
 * given; returns how many it released. Their accounts must be in `state`. Each release records its
 * accounts' balances after it, as a transfer does.
 */
export function applyExpiries(pendingKeys: readonly string[], state: BatchState, effects: BatchEffects, nowMs: number, today: LocalDate): number {
  let released = 0;
  for (const key of pendingKeys) {
    const pending = state.pendings.get(key);
    if (!pending || pending.status !== null || !isExpired(pending.transfer, nowMs)) continue;
    const p = pending.transfer;
    const dr = state.accounts.get(stateKey(p.tenantId, p.debitAccountId));
    const cr = state.accounts.get(stateKey(p.tenantId, p.creditAccountId));
    assert(dr && cr, 'accounts of a pending transfer must be loaded with it');
    dr.debitsPending -= p.amount;
    cr.creditsPending -= p.amount;
    effects.touched.add(dr);
    effects.touched.add(cr);
    recordHistory(effects, 'expiry', p.id, dr, cr);
    pending.status = 'expired';
    effects.resolutions.push({ tenantId: p.tenantId, pendingId: p.id, status: 'expired', transferId: null, effectiveOn: today });
    released++;
  }
  return released;
}

export function isExpired(pending: StoredTransfer, nowMs: number): boolean {
  return pending.timeoutSeconds > 0 && Date.parse(pending.recordedAt) + pending.timeoutSeconds * 1000 <= nowMs;
}

function record(transfer: StoredTransfer, dr: AccountState, cr: AccountState, state: BatchState, effects: BatchEffects, undo: Undo[] | null): void {
  const key = stateKey(transfer.tenantId, transfer.id);
  state.transfers.set(key, transfer);
  // Every transfer, pending or not, is one a later pendingId may name, as when loaded from the store:
  // a post naming a plain transfer of the same batch must answer pending_transfer_not_pending.
  state.pendings.set(key, { transfer, status: null });
  undo?.push(() => {
    state.transfers.delete(key);
    state.pendings.delete(key);
  });
  effects.created.push(transfer);
  effects.touched.add(dr);
  effects.touched.add(cr);
  recordHistory(effects, 'transfer', transfer.id, dr, cr);
}

/** The balances after an event, of those of its two accounts that are flagged `history`. */
function recordHistory(effects: BatchEffects, event: HistoryEvent, transferId: string, dr: AccountState, cr: AccountState): void {
  for (const account of [dr, cr]) {
    if (account.flags & A.history) {
      effects.history.push({
        account,
        event,
        transferId,
        debitsPending: account.debitsPending,
        debitsPosted: account.debitsPosted,
        creditsPending: account.creditsPending,
        creditsPosted: account.creditsPosted,
      });
    }
  }
}

/** Saves an account's counters so a failing linked chain can restore them. */
function remember(account: AccountState, undo: Undo[] | null): void {
  if (!undo) return;
  const { debitsPending, debitsPosted, creditsPending, creditsPosted } = account;
  undo.push(() => {
    account.debitsPending = debitsPending;
    account.debitsPosted = debitsPosted;
    account.creditsPending = creditsPending;
    account.creditsPosted = creditsPosted;
  });
}

function minNonNegative(a: bigint, b: bigint): bigint {
  const m = a < b ? a : b;
  return m < 0n ? 0n : m;
}
