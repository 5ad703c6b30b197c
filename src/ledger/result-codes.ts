/**
 * Every outcome of creating an account or a transfer, in precedence order: when several apply, the
 * first in its list is the one returned. `docs/result-codes.md` is the reader's copy, kept in step by
 * a test. `ok` is a success; `exists` is the success of a replay (same id, same payload).
 */

export const TRANSFER_RESULTS = {
  ok: 'created',
  // The transfer alone, before the ledger is read.
  id_invalid: 'id missing, or not 1–64 characters of letters, digits and _.:-',
  flags_are_mutually_exclusive: 'more than one of pending/postPending/voidPending, or balancing with postPending/voidPending',
  pending_id_required: 'postPending and voidPending name the pending transfer in pendingId',
  pending_id_must_be_blank: 'only postPending and voidPending take a pendingId',
  pending_id_must_differ: 'a transfer cannot resolve itself',
  timeout_reserved_for_pending_transfer: 'only a pending transfer takes a timeout',
  timeout_out_of_range: 'timeoutSeconds is negative or beyond the limit',
  debit_account_id_required: 'the debit account is required (except to resolve a pending transfer)',
  credit_account_id_required: 'the credit account is required (except to resolve a pending transfer)',
  accounts_must_be_different: 'debit and credit account are the same',
  amount_required: 'the amount is required (except to resolve a pending transfer)',
  amount_must_be_positive: 'the amount is zero or negative',
  amount_out_of_range: 'the amount is beyond a signed 64-bit integer',
  ledger_required: 'the ledger (currency) is required (except to resolve a pending transfer)',
  ledger_invalid: 'the ledger is not a known ISO 4217 currency',
  code_required: 'the code (the transfer type) is required (except to resolve a pending transfer)',
  code_invalid: 'code is not an integer from 1 to 65535',
  effective_on_invalid: 'effectiveOn is not a calendar date as YYYY-MM-DD',
  reference_too_long: 'reference is longer than 255 characters',
  // The batch.
  linked_event_chain_open: 'the last transfer of the request is flagged linked: its chain never closes',
  linked_event_failed: 'another transfer of the same linked chain failed, so none of the chain was applied',
  // Replays: the id was used before.
  exists_with_different_flags: 'the id was used by a transfer with other flags',
  exists_with_different_pending_id: 'the id was used by a transfer with another pendingId',
  exists_with_different_timeout: 'the id was used by a transfer with another timeout',
  exists_with_different_debit_account_id: 'the id was used by a transfer with another debit account',
  exists_with_different_credit_account_id: 'the id was used by a transfer with another credit account',
  exists_with_different_amount: 'the id was used by a transfer with another amount',
  exists_with_different_reference: 'the id was used by a transfer with another reference',
  exists_with_different_ledger: 'the id was used by a transfer with another ledger',
  exists_with_different_code: 'the id was used by a transfer with another code',
  exists_with_different_effective_on: 'the id was used by a transfer with another effectiveOn',
  exists: 'the same transfer was already created: a replay, nothing new is written',
  id_already_failed: 'the id was used by a transfer that failed on the ledger\'s state; ids are spent, never retried into success',
  // Two-phase resolution.
  pending_transfer_not_found: 'pendingId names no transfer',
  pending_transfer_not_pending: 'pendingId names a transfer that was not pending',
  pending_transfer_has_different_debit_account_id: 'the debit account differs from the pending transfer\'s',
  pending_transfer_has_different_credit_account_id: 'the credit account differs from the pending transfer\'s',
  pending_transfer_has_different_ledger: 'the ledger differs from the pending transfer\'s',
  pending_transfer_has_different_code: 'the code differs from the pending transfer\'s',
  exceeds_pending_transfer_amount: 'a post of more than the pending amount',
  pending_transfer_has_different_amount: 'a void whose amount is not the pending amount',
  pending_transfer_already_posted: 'the pending transfer was posted already',
  pending_transfer_already_voided: 'the pending transfer was voided already',
  pending_transfer_expired: 'the pending transfer timed out and was released',
  // The accounts.
  debit_account_not_found: 'no account has the debit account id',
  credit_account_not_found: 'no account has the credit account id',
  accounts_must_have_the_same_ledger: 'the two accounts keep different ledgers (currencies)',
  transfer_must_have_the_same_ledger_as_accounts: 'the transfer\'s ledger is not its accounts\' ledger',
  debit_account_closed: 'the debit account is closed',
  credit_account_closed: 'the credit account is closed',
  overflows_debits_pending: 'the debit account\'s pending debits would pass 2^63 − 1',
  overflows_credits_pending: 'the credit account\'s pending credits would pass 2^63 − 1',
  overflows_debits_posted: 'the debit account\'s posted debits would pass 2^63 − 1',
  overflows_credits_posted: 'the credit account\'s posted credits would pass 2^63 − 1',
  overflows_debits: 'the debit account\'s pending plus posted debits would pass 2^63 − 1',
  overflows_credits: 'the credit account\'s pending plus posted credits would pass 2^63 − 1',
  exceeds_credits: 'the debit account must not have more debits than posted credits',
  exceeds_debits: 'the credit account must not have more credits than posted debits',
} as const;

export type TransferResult = keyof typeof TRANSFER_RESULTS;

/**
 * Failures that depend on the ledger's state at the time (a balance, an account that does not exist
 * yet, a pending transfer that timed out). Their ids are recorded as spent: a retry with the same id
 * answers `id_already_failed` instead of succeeding later when the state has changed — a client that
 * retries after a timeout can never turn a refused payment into an accepted one hours later. Every
 * other failure is decided by the request alone and writes nothing, so its id may be used again.
 */
export const TRANSIENT_TRANSFER_RESULTS: ReadonlySet<TransferResult> = new Set<TransferResult>([
  'debit_account_not_found',
  'credit_account_not_found',
  'pending_transfer_not_found',
  'pending_transfer_expired',
  'debit_account_closed',
  'credit_account_closed',
  'overflows_debits_pending',
  'overflows_credits_pending',
  'overflows_debits_posted',
  'overflows_credits_posted',
  'overflows_debits',
  'overflows_credits',
  'exceeds_credits',
  'exceeds_debits',
]);

export const ACCOUNT_RESULTS = {
  ok: 'created',
  id_invalid: 'id missing, or not 1–64 characters of letters, digits and _.:-',
  flags_are_mutually_exclusive: 'debitsMustNotExceedCredits and creditsMustNotExceedDebits together',
  ledger_invalid: 'the ledger is not a known ISO 4217 currency',
  code_invalid: 'code is not an integer from 1 to 65535',
  reference_too_long: 'reference is longer than 255 characters',
  exists_with_different_flags: 'the id was used by an account with other flags',
  exists_with_different_reference: 'the id was used by an account with another reference',
  exists_with_different_ledger: 'the id was used by an account of another ledger',
  exists_with_different_code: 'the id was used by an account with another code',
  exists: 'the same account was already created',
} as const;

export type AccountResult = keyof typeof ACCOUNT_RESULTS;

export function isTransferSuccess(result: TransferResult): boolean {
  return result === 'ok' || result === 'exists';
}
