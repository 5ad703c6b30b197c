/**
 * The ledger's domain types. An account's `ledger` is its currency code: only accounts of the same
 * ledger may exchange transfers. Amounts are bigint minor units of that currency; counters never go
 * negative and never exceed a signed 64-bit integer.
 */
import type { Instant } from '../kernel/instant.ts';
import type { LocalDate } from '../kernel/local-date.ts';

export interface AccountFlags {
  /** debits (pending + posted) may never exceed posted credits: an asset the customer owns, a wallet. */
  readonly debitsMustNotExceedCredits?: boolean;
  /** credits (pending + posted) may never exceed posted debits. */
  readonly creditsMustNotExceedDebits?: boolean;
  /** keep the account's balances after every transfer (readable with `history`). */
  readonly history?: boolean;
  /** the account refuses new transfers (resolving its pending ones still works). */
  readonly closed?: boolean;
}

export interface TransferFlags {
  /** this transfer and the next one succeed or fail together (a chain ends at the first unlinked one). */
  readonly linked?: boolean;
  /** reserve the amount (phase one of a two-phase transfer). */
  readonly pending?: boolean;
  /** post a pending transfer, wholly or in part. */
  readonly postPending?: boolean;
  /** release a pending transfer. */
  readonly voidPending?: boolean;
  /** move at most `amount`, as much as the debit account's balance allows. */
  readonly balancingDebit?: boolean;
  /** move at most `amount`, as much as the credit account's balance allows. */
  readonly balancingCredit?: boolean;
}

export const ACCOUNT_FLAG_BITS = {
  debitsMustNotExceedCredits: 1,
  creditsMustNotExceedDebits: 2,
  history: 4,
  closed: 8,
} as const;

export const TRANSFER_FLAG_BITS = {
  linked: 1,
  pending: 2,
  postPending: 4,
  voidPending: 8,
  balancingDebit: 16,
  balancingCredit: 32,
} as const;

export function flagsToBits<F extends object>(flags: F | undefined, bits: Readonly<Record<keyof F & string, number>>): number {
  let value = 0;
  if (flags) for (const [name, bit] of Object.entries(bits) as [keyof F & string, number][]) if (flags[name]) value |= bit;
  return value;
}

export function bitsToFlags<F>(value: number, bits: Readonly<Record<string, number>>): F {
  const flags: Record<string, boolean> = {};
  for (const [name, bit] of Object.entries(bits)) if (value & bit) flags[name] = true;
  return flags as F;
}

export interface AccountInput {
  readonly id: string;
  readonly ledger: string;
  readonly code: number;
  readonly flags?: AccountFlags;
  readonly reference?: string;
}

export interface Account {
  readonly id: string;
  readonly ledger: string;
  readonly code: number;
  readonly flags: AccountFlags;
  readonly debitsPending: bigint;
  readonly debitsPosted: bigint;
  readonly creditsPending: bigint;
  readonly creditsPosted: bigint;
  readonly reference: string | null;
  readonly createdAt: Instant;
}

/**
 * A transfer as a caller submits it. For `postPending` and `voidPending` the accounts, ledger, code
 * and amount may be left out and are taken from the pending transfer; a post with no amount posts it
 * all. `effectiveOn` defaults to the business date of the ledger's clock.
 */
export interface TransferInput {
  readonly id: string;
  readonly debitAccountId?: string;
  readonly creditAccountId?: string;
  readonly amount?: bigint;
  readonly ledger?: string;
  readonly code?: number;
  readonly flags?: TransferFlags;
  readonly pendingId?: string;
  readonly timeoutSeconds?: number;
  readonly reference?: string;
  readonly effectiveOn?: LocalDate;
}

export interface Transfer {
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
  readonly effectiveOn: LocalDate;
  readonly recordedAt: Instant;
}

/**
 * What a balance-history entry follows: a transfer, or the release of an expired pending transfer
 * (TigerBeetle's `two_phase_expired`), which no transfer records.
 */
export type HistoryEvent = 'transfer' | 'expiry';

export interface Balance {
  readonly debitsPending: bigint;
  readonly debitsPosted: bigint;
  readonly creditsPending: bigint;
  readonly creditsPosted: bigint;
}
