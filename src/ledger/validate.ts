/**
 * Checks of a transfer or an account on its own, before the ledger is read: the first failing check in
 * precedence order (result-codes.ts) is the answer. Pure; the batch state machine only ever sees
 * commands that passed.
 */
import { isValidClientId } from '../kernel/ids.ts';
import { limits } from '../kernel/limits.ts';
import { parseLocalDate, type LocalDate } from '../kernel/local-date.ts';
import { INT64_MAX, parseCurrency } from '../kernel/money.ts';
import type { AccountResult, TransferResult } from './result-codes.ts';
import { ACCOUNT_FLAG_BITS, TRANSFER_FLAG_BITS, flagsToBits, type AccountInput, type TransferInput } from './types.ts';

export const REFERENCE_LENGTH_MAX = 255;
const CODE_MAX = 65_535;

/** A transfer that passed validation; flags are bits, omitted fields of a post/void are null. */
export interface TransferCommand {
  readonly tenantId: string;
  readonly id: string;
  readonly debitAccountId: string | null;
  readonly creditAccountId: string | null;
  readonly amount: bigint | null;
  readonly ledger: string | null;
  readonly code: number | null;
  readonly flags: number;
  readonly pendingId: string | null;
  readonly timeoutSeconds: number;
  readonly reference: string | null;
  readonly effectiveOn: LocalDate;
  /** false when effectiveOn is the default (the business date), which a replay need not repeat. */
  readonly effectiveOnGiven: boolean;
}

const F = TRANSFER_FLAG_BITS;

function isValidCode(code: unknown): boolean {
  return Number.isInteger(code) && (code as number) >= 1 && (code as number) <= CODE_MAX;
}

export function validateTransfer(tenantId: string, input: TransferInput, defaultEffectiveOn: LocalDate): TransferCommand | TransferResult {
  if (!isValidClientId(input.id)) return 'id_invalid';
  const flags = flagsToBits(input.flags, F);
  const phases = [F.pending, F.postPending, F.voidPending].filter((bit) => flags & bit).length;
  const resolves = (flags & (F.postPending | F.voidPending)) !== 0;
  if (phases > 1 || (resolves && flags & (F.balancingDebit | F.balancingCredit))) return 'flags_are_mutually_exclusive';
  if (resolves && input.pendingId === undefined) return 'pending_id_required';
  if (!resolves && input.pendingId !== undefined) return 'pending_id_must_be_blank';
  if (input.pendingId !== undefined && !isValidClientId(input.pendingId)) return 'pending_id_required';
  if (input.pendingId === input.id) return 'pending_id_must_differ';
  const timeout = input.timeoutSeconds ?? 0;
  if (timeout !== 0 && !(flags & F.pending)) return 'timeout_reserved_for_pending_transfer';
  if (!Number.isInteger(timeout) || timeout < 0 || timeout > limits.pendingTimeoutSecondsMax) return 'timeout_out_of_range';
  if (input.debitAccountId === undefined ? !resolves : !isValidClientId(input.debitAccountId)) return 'debit_account_id_required';
  if (input.creditAccountId === undefined ? !resolves : !isValidClientId(input.creditAccountId)) return 'credit_account_id_required';
  if (input.debitAccountId !== undefined && input.debitAccountId === input.creditAccountId) return 'accounts_must_be_different';
  if (input.amount === undefined) {
    if (!resolves) return 'amount_required';
  } else if (input.amount <= 0n) return 'amount_must_be_positive';
  else if (input.amount > INT64_MAX) return 'amount_out_of_range';
  if (input.ledger === undefined) {
    if (!resolves) return 'ledger_required';
  } else if (!parseCurrency(input.ledger).ok) return 'ledger_invalid';
  if (input.code === undefined) {
    if (!resolves) return 'code_required';
  } else if (!isValidCode(input.code)) return 'code_invalid';
  let effectiveOn = defaultEffectiveOn;
  if (input.effectiveOn !== undefined) {
    const parsed = parseLocalDate(input.effectiveOn);
    if (!parsed.ok) return 'effective_on_invalid';
    effectiveOn = parsed.value;
  }
  if (input.reference !== undefined && (typeof input.reference !== 'string' || input.reference.length > REFERENCE_LENGTH_MAX)) return 'reference_too_long';
  return {
    tenantId,
    id: input.id,
    debitAccountId: input.debitAccountId ?? null,
    creditAccountId: input.creditAccountId ?? null,
    amount: input.amount ?? null,
    ledger: input.ledger ?? null,
    code: input.code ?? null,
    flags,
    pendingId: input.pendingId ?? null,
    timeoutSeconds: timeout,
    reference: input.reference ?? null,
    effectiveOn,
    effectiveOnGiven: input.effectiveOn !== undefined,
  };
}

export interface AccountCommand {
  readonly tenantId: string;
  readonly id: string;
  readonly ledger: string;
  readonly code: number;
  readonly flags: number;
  readonly reference: string | null;
}

export function validateAccount(tenantId: string, input: AccountInput): AccountCommand | AccountResult {
  if (!isValidClientId(input.id)) return 'id_invalid';
  const flags = flagsToBits(input.flags, ACCOUNT_FLAG_BITS);
  const both = ACCOUNT_FLAG_BITS.debitsMustNotExceedCredits | ACCOUNT_FLAG_BITS.creditsMustNotExceedDebits;
  if ((flags & both) === both) return 'flags_are_mutually_exclusive';
  if (!parseCurrency(input.ledger).ok) return 'ledger_invalid';
  if (!isValidCode(input.code)) return 'code_invalid';
  if (input.reference !== undefined && (typeof input.reference !== 'string' || input.reference.length > REFERENCE_LENGTH_MAX)) return 'reference_too_long';
  return { tenantId, id: input.id, ledger: input.ledger, code: input.code, flags, reference: input.reference ?? null };
}
