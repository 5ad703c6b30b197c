/**
 * The result-code tables: inputs with the code each must get, shared by the tests that run them
 * (validate.test.ts on validation alone, state-machine.test.ts on the pure state machine,
 * result-codes.test.ts on the database) and by the test that every defined code appears in them.
 * A case's input usually breaks a later rule as well, so the table also pins the precedence.
 */
import { INT64_MAX } from '../../kernel/money.ts';
import type { LocalDate } from '../../kernel/local-date.ts';
import type { AccountResult, TransferResult } from '../result-codes.ts';
import type { AccountInput, TransferInput } from '../types.ts';

export interface ValidationCase {
  readonly input: TransferInput;
  /** null: the transfer passes validation. */
  readonly expected: TransferResult | null;
}

const base = { id: 'v1', debitAccountId: 'a', creditAccountId: 'b', amount: 10n, ledger: 'CNY', code: 1 } as const satisfies TransferInput;
const tooLong = 'r'.repeat(256);
const badDate = '2026-02-30' as LocalDate;

export const TRANSFER_VALIDATION_CASES: readonly ValidationCase[] = [
  { input: { ...base, id: '', flags: { pending: true, postPending: true }, amount: 0n, reference: tooLong }, expected: 'id_invalid' },
  { input: { ...base, id: 'x'.repeat(65) }, expected: 'id_invalid' },
  { input: { ...base, id: 'has space' }, expected: 'id_invalid' },
  { input: { ...base, flags: { pending: true, postPending: true }, pendingId: 'p', amount: 0n }, expected: 'flags_are_mutually_exclusive' },
  { input: { ...base, flags: { postPending: true, voidPending: true }, pendingId: 'p' }, expected: 'flags_are_mutually_exclusive' },
  { input: { ...base, flags: { postPending: true, balancingDebit: true }, pendingId: 'p' }, expected: 'flags_are_mutually_exclusive' },
  { input: { ...base, flags: { voidPending: true, balancingCredit: true } }, expected: 'flags_are_mutually_exclusive' },
  { input: { ...base, flags: { postPending: true }, amount: 0n }, expected: 'pending_id_required' },
  { input: { id: 'v1', flags: { voidPending: true }, pendingId: 'bad id' }, expected: 'pending_id_required' },
  { input: { ...base, pendingId: 'p', timeoutSeconds: 5 }, expected: 'pending_id_must_be_blank' },
  { input: { id: 'v1', flags: { voidPending: true }, pendingId: 'v1', timeoutSeconds: 5 }, expected: 'pending_id_must_differ' },
  { input: { ...base, timeoutSeconds: 5, amount: 0n }, expected: 'timeout_reserved_for_pending_transfer' },
  { input: { id: 'v1', flags: { postPending: true }, pendingId: 'p', timeoutSeconds: 5 }, expected: 'timeout_reserved_for_pending_transfer' },
  { input: { ...base, flags: { pending: true }, timeoutSeconds: -1, amount: 0n }, expected: 'timeout_out_of_range' },
  { input: { ...base, flags: { pending: true }, timeoutSeconds: 1.5 }, expected: 'timeout_out_of_range' },
  { input: { ...base, flags: { pending: true }, timeoutSeconds: 60 * 60 * 24 * 30 + 1 }, expected: 'timeout_out_of_range' },
  { input: { ...base, debitAccountId: undefined, creditAccountId: undefined }, expected: 'debit_account_id_required' },
  { input: { ...base, debitAccountId: 'bad id' }, expected: 'debit_account_id_required' },
  { input: { ...base, creditAccountId: undefined, amount: 0n }, expected: 'credit_account_id_required' },
  { input: { id: 'v1', flags: { postPending: true }, pendingId: 'p', creditAccountId: 'x y' }, expected: 'credit_account_id_required' },
  { input: { ...base, creditAccountId: 'a', amount: 0n }, expected: 'accounts_must_be_different' },
  { input: { id: 'v1', flags: { postPending: true }, pendingId: 'p', debitAccountId: 'a', creditAccountId: 'a' }, expected: 'accounts_must_be_different' },
  { input: { ...base, amount: undefined, ledger: undefined }, expected: 'amount_required' },
  { input: { ...base, amount: 0n, ledger: 'XYZ' }, expected: 'amount_must_be_positive' },
  { input: { ...base, amount: -1n }, expected: 'amount_must_be_positive' },
  { input: { id: 'v1', flags: { postPending: true }, pendingId: 'p', amount: 0n }, expected: 'amount_must_be_positive' },
  { input: { ...base, amount: INT64_MAX + 1n, ledger: 'XYZ' }, expected: 'amount_out_of_range' },
  { input: { ...base, ledger: undefined, code: undefined }, expected: 'ledger_required' },
  { input: { ...base, ledger: 'XYZ', code: 0 }, expected: 'ledger_invalid' },
  { input: { ...base, ledger: 'cny' }, expected: 'ledger_invalid' },
  { input: { ...base, code: undefined, effectiveOn: badDate }, expected: 'code_required' },
  { input: { ...base, code: 0, effectiveOn: badDate }, expected: 'code_invalid' },
  { input: { ...base, code: 65_536 }, expected: 'code_invalid' },
  { input: { ...base, code: 1.5 }, expected: 'code_invalid' },
  { input: { ...base, effectiveOn: badDate, reference: tooLong }, expected: 'effective_on_invalid' },
  { input: { ...base, effectiveOn: '20260101' as LocalDate }, expected: 'effective_on_invalid' },
  { input: { ...base, reference: tooLong }, expected: 'reference_too_long' },
  // The edges that pass.
  { input: { ...base, amount: INT64_MAX, code: 65_535, reference: 'r'.repeat(255), effectiveOn: '2024-02-29' as LocalDate }, expected: null },
  { input: { ...base, flags: { pending: true }, timeoutSeconds: 60 * 60 * 24 * 30 }, expected: null },
  { input: { id: 'v1', flags: { postPending: true }, pendingId: 'p' }, expected: null },
  { input: { id: 'v1', flags: { voidPending: true, linked: true }, pendingId: 'p', debitAccountId: 'a' }, expected: null },
];

export interface AccountValidationCase {
  readonly input: AccountInput;
  readonly expected: AccountResult | null;
}

export const ACCOUNT_VALIDATION_CASES: readonly AccountValidationCase[] = [
  { input: { id: '', ledger: 'XYZ', code: 0 }, expected: 'id_invalid' },
  { input: { id: 'acc', ledger: 'XYZ', code: 1, flags: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: true } }, expected: 'flags_are_mutually_exclusive' },
  { input: { id: 'acc', ledger: 'XYZ', code: 0 }, expected: 'ledger_invalid' },
  { input: { id: 'acc', ledger: 'CNY', code: 65_536, reference: tooLong }, expected: 'code_invalid' },
  { input: { id: 'acc', ledger: 'CNY', code: 1, reference: tooLong }, expected: 'reference_too_long' },
  { input: { id: 'acc', ledger: 'CNY', code: 65_535, flags: { debitsMustNotExceedCredits: true, history: true, closed: true }, reference: 'r'.repeat(255) }, expected: null },
];

/** Accounts for the state cases: plain, with a limit either way, closed, another currency, and unbounded pairs for overflows. */
export const CHART: readonly AccountInput[] = [
  { id: 'a', ledger: 'CNY', code: 1 },
  { id: 'b', ledger: 'CNY', code: 1 },
  { id: 'wallet', ledger: 'CNY', code: 2, flags: { debitsMustNotExceedCredits: true } },
  { id: 'deposit', ledger: 'CNY', code: 3, flags: { creditsMustNotExceedDebits: true } },
  { id: 'shut', ledger: 'CNY', code: 4, flags: { closed: true } },
  { id: 'usd', ledger: 'USD', code: 1 },
  { id: 'usd2', ledger: 'USD', code: 1 },
  { id: 'big1', ledger: 'CNY', code: 9, flags: { history: true } },
  { id: 'big2', ledger: 'CNY', code: 9 },
];

export interface StateCase {
  readonly name: string;
  /** Requests applied first, one batch each, every transfer of which must succeed. */
  readonly setup?: readonly (readonly TransferInput[])[];
  /** Milliseconds the clock moves after the setup. */
  readonly advanceMs?: number;
  /** Whether the expiry sweep runs after the clock moved. */
  readonly sweep?: boolean;
  /** Requests applied together, in one batch. */
  readonly batch: readonly (readonly TransferInput[])[];
  readonly expected: readonly (readonly TransferResult[])[];
}

const t = (id: string, debitAccountId: string, creditAccountId: string, amount: bigint, rest: Partial<TransferInput> = {}): TransferInput => ({ id, debitAccountId, creditAccountId, amount, ledger: 'CNY', code: 1, ...rest });
const hold = (id: string, amount: bigint, rest: Partial<TransferInput> = {}): TransferInput => t(id, 'a', 'b', amount, { code: 5, flags: { pending: true }, ...rest });
const post = (id: string, pendingId: string, rest: Partial<TransferInput> = {}): TransferInput => ({ id, pendingId, flags: { postPending: true }, ...rest });
const voids = (id: string, pendingId: string, rest: Partial<TransferInput> = {}): TransferInput => ({ id, pendingId, flags: { voidPending: true }, ...rest });
const linked = (x: TransferInput): TransferInput => ({ ...x, flags: { ...x.flags, linked: true } });
const fund = t('fund', 'a', 'wallet', 100n);
const original = t('t1', 'a', 'b', 10n, { reference: 'r', effectiveOn: '2026-01-05' as LocalDate });
const bigHold = t('h', 'big1', 'big2', INT64_MAX, { flags: { pending: true } });
const bigPost = t('p', 'big1', 'big2', INT64_MAX);

export const STATE_CASES: readonly StateCase[] = [
  { name: 'a transfer', batch: [[t('t1', 'a', 'b', 10n)]], expected: [['ok']] },
  { name: 'a replay', setup: [[original]], batch: [[original]], expected: [['exists']] },
  { name: 'a replay within one request', batch: [[original, original]], expected: [['ok', 'exists']] },
  { name: 'other flags, and other amount', setup: [[original]], batch: [[{ ...original, flags: { pending: true }, amount: 11n }]], expected: [['exists_with_different_flags']] },
  { name: 'other pending id', setup: [[hold('h', 50n)], [post('p1', 'h', { amount: 1n })]], batch: [[post('p1', 'h2', { amount: 1n })]], expected: [['exists_with_different_pending_id']] },
  { name: 'other timeout', setup: [[hold('h', 50n, { timeoutSeconds: 60 })]], batch: [[hold('h', 51n, { timeoutSeconds: 61 })]], expected: [['exists_with_different_timeout']] },
  { name: 'other debit account, and other amount', setup: [[original]], batch: [[{ ...original, debitAccountId: 'wallet', amount: 11n }]], expected: [['exists_with_different_debit_account_id']] },
  { name: 'other credit account', setup: [[original]], batch: [[{ ...original, creditAccountId: 'wallet', amount: 11n }]], expected: [['exists_with_different_credit_account_id']] },
  { name: 'other amount, and other reference', setup: [[original]], batch: [[{ ...original, amount: 11n, reference: 's' }]], expected: [['exists_with_different_amount']] },
  { name: 'a balancing transfer replayed with another amount', setup: [[fund], [t('bal', 'wallet', 'b', 500n, { flags: { balancingDebit: true } })]], batch: [[t('bal', 'wallet', 'b', 700n, { flags: { balancingDebit: true } })]], expected: [['exists']] },
  { name: 'other reference, and other ledger', setup: [[original]], batch: [[{ ...original, reference: undefined, ledger: 'USD' }]], expected: [['exists_with_different_reference']] },
  { name: 'other ledger', setup: [[original]], batch: [[{ ...original, ledger: 'USD', code: 2 }]], expected: [['exists_with_different_ledger']] },
  { name: 'other code', setup: [[original]], batch: [[{ ...original, code: 2, effectiveOn: '2026-01-06' as LocalDate }]], expected: [['exists_with_different_code']] },
  { name: 'other effective date', setup: [[original]], batch: [[{ ...original, effectiveOn: '2026-01-06' as LocalDate }]], expected: [['exists_with_different_effective_on']] },
  { name: 'a replay that leaves the effective date to the ledger, on a later day', setup: [[t('t1', 'a', 'b', 10n)]], advanceMs: 86_400_000, batch: [[t('t1', 'a', 'b', 10n)]], expected: [['exists']] },
  { name: 'a spent id, even once the state allows it', setup: [[t('t0', 'a', 'b', 1n)]], batch: [[t('t1', 'wallet', 'b', 100n)], [fund], [t('t1', 'wallet', 'b', 100n)]], expected: [['exceeds_credits'], ['ok'], ['id_already_failed']] },
  { name: 'an id refused on its fields alone is not spent', batch: [[t('t1', 'a', 'b', 0n)], [t('t1', 'a', 'b', 5n)]], expected: [['amount_must_be_positive'], ['ok']] },
  { name: 'a post of nothing', batch: [[post('p1', 'nothing')]], expected: [['pending_transfer_not_found']] },
  { name: 'a post of a transfer that was not pending', setup: [[original]], batch: [[post('p1', 't1')]], expected: [['pending_transfer_not_pending']] },
  { name: 'a post of a transfer created earlier in the same batch that was not pending', batch: [[original], [post('p1', 't1')], [post('p1', 't1')]], expected: [['ok'], ['pending_transfer_not_pending'], ['pending_transfer_not_pending']] },
  { name: 'a post of a transfer posted earlier in the same batch', batch: [[hold('h', 5n)], [post('p1', 'h')], [post('p2', 'p1')]], expected: [['ok'], ['ok'], ['pending_transfer_not_pending']] },
  { name: 'a post naming another debit account, and another amount', setup: [[hold('h', 50n)]], batch: [[post('p1', 'h', { debitAccountId: 'wallet', amount: 99n })]], expected: [['pending_transfer_has_different_debit_account_id']] },
  { name: 'a post naming another credit account', setup: [[hold('h', 50n)]], batch: [[post('p1', 'h', { debitAccountId: 'a', creditAccountId: 'wallet' })]], expected: [['pending_transfer_has_different_credit_account_id']] },
  { name: 'a post in another ledger', setup: [[hold('h', 50n)]], batch: [[post('p1', 'h', { ledger: 'USD', code: 2 })]], expected: [['pending_transfer_has_different_ledger']] },
  { name: 'a post with another code', setup: [[hold('h', 50n)]], batch: [[post('p1', 'h', { code: 2, amount: 99n })]], expected: [['pending_transfer_has_different_code']] },
  { name: 'a post of more than was held, once posted', setup: [[hold('h', 50n)], [post('p1', 'h')]], batch: [[post('p2', 'h', { amount: 51n })]], expected: [['exceeds_pending_transfer_amount']] },
  { name: 'a void of another amount', setup: [[hold('h', 50n)]], batch: [[voids('v1', 'h', { amount: 49n })]], expected: [['pending_transfer_has_different_amount']] },
  { name: 'a partial post, then a second post and a void', setup: [[hold('h', 50n)]], batch: [[post('p1', 'h', { amount: 20n })], [post('p2', 'h')], [voids('v1', 'h')]], expected: [['ok'], ['pending_transfer_already_posted'], ['pending_transfer_already_posted']] },
  { name: 'a void, then a post', setup: [[hold('h', 50n)]], batch: [[voids('v1', 'h', { amount: 50n })], [post('p1', 'h')]], expected: [['ok'], ['pending_transfer_already_voided']] },
  { name: 'a post after the timeout, before the sweep', setup: [[hold('h', 50n, { timeoutSeconds: 60 })]], advanceMs: 60_000, batch: [[post('p1', 'h')]], expected: [['pending_transfer_expired']] },
  { name: 'a void after the sweep', setup: [[hold('h', 50n, { timeoutSeconds: 60 })]], advanceMs: 61_000, sweep: true, batch: [[voids('v1', 'h')], [post('p1', 'h')]], expected: [['pending_transfer_expired'], ['pending_transfer_expired']] },
  { name: 'a post before the timeout', setup: [[hold('h', 50n, { timeoutSeconds: 60 })]], advanceMs: 59_999, sweep: true, batch: [[post('p1', 'h')]], expected: [['ok']] },
  { name: 'both accounts missing', batch: [[t('t1', 'nobody', 'noone', 1n)]], expected: [['debit_account_not_found']] },
  { name: 'the credit account missing', batch: [[t('t1', 'shut', 'noone', 1n)]], expected: [['credit_account_not_found']] },
  { name: 'accounts of two currencies', batch: [[t('t1', 'shut', 'usd', 1n, { ledger: 'USD' })]], expected: [['accounts_must_have_the_same_ledger']] },
  { name: 'a transfer in another currency than its accounts', batch: [[t('t1', 'shut', 'a', 1n, { ledger: 'USD' })]], expected: [['transfer_must_have_the_same_ledger_as_accounts']] },
  { name: 'a closed debit account, beyond its limit', batch: [[t('t1', 'shut', 'deposit', 1n)]], expected: [['debit_account_closed']] },
  { name: 'a closed credit account', batch: [[t('t1', 'wallet', 'shut', 1n)]], expected: [['credit_account_closed']] },
  { name: 'pending debits past 2^63 − 1', setup: [[bigHold]], batch: [[t('t1', 'big1', 'a', 1n, { flags: { pending: true } })]], expected: [['overflows_debits_pending']] },
  { name: 'pending credits past 2^63 − 1', setup: [[bigHold]], batch: [[t('t1', 'a', 'big2', 1n, { flags: { pending: true } })]], expected: [['overflows_credits_pending']] },
  { name: 'posted debits past 2^63 − 1', setup: [[bigPost]], batch: [[t('t1', 'big1', 'wallet', 1n)]], expected: [['overflows_debits_posted']] },
  { name: 'posted credits past 2^63 − 1', setup: [[bigPost]], batch: [[t('t1', 'a', 'big2', 1n)]], expected: [['overflows_credits_posted']] },
  { name: 'pending plus posted debits past 2^63 − 1', setup: [[bigHold]], batch: [[t('t1', 'big1', 'a', 1n)]], expected: [['overflows_debits']] },
  { name: 'pending plus posted credits past 2^63 − 1', setup: [[bigHold]], batch: [[t('t1', 'a', 'big2', 1n)]], expected: [['overflows_credits']] },
  { name: 'debits past credits, counting pending ones', setup: [[fund], [t('h', 'wallet', 'b', 60n, { flags: { pending: true } })]], batch: [[t('t1', 'wallet', 'b', 41n)], [t('t2', 'wallet', 'b', 40n)]], expected: [['exceeds_credits'], ['ok']] },
  { name: 'credits past debits', batch: [[t('t1', 'a', 'deposit', 1n)]], expected: [['exceeds_debits']] },
  { name: 'a limit checked before the other side\'s', batch: [[t('t1', 'wallet', 'deposit', 1n)]], expected: [['exceeds_credits']] },
  { name: 'a balancing debit takes what the account holds', setup: [[fund]], batch: [[t('t1', 'wallet', 'b', 1000n, { flags: { balancingDebit: true } })], [t('t2', 'wallet', 'b', 1n)]], expected: [['ok'], ['exceeds_credits']] },
  { name: 'a balancing credit of an empty account moves nothing', batch: [[t('t1', 'a', 'deposit', 5n, { flags: { balancingCredit: true } })]], expected: [['ok']] },
  { name: 'a linked chain whose second member fails', setup: [[fund]], batch: [[linked(t('t1', 'wallet', 'b', 60n)), t('t2', 'wallet', 'b', 50n), t('t3', 'a', 'b', 1n)]], expected: [['linked_event_failed', 'exceeds_credits', 'ok']] },
  { name: 'a linked chain with a member refused on its fields', batch: [[linked(t('t1', 'a', 'b', 1n)), linked(t('t2', 'a', 'b', 0n)), t('t3', 'a', 'b', 1n)]], expected: [['linked_event_failed', 'amount_must_be_positive', 'linked_event_failed']] },
  { name: 'a chain that holds and posts, rolled back whole', batch: [[linked(hold('h', 5n)), linked(post('p1', 'h')), t('t3', 'a', 'nobody', 1n)], [post('p2', 'h')]], expected: [['linked_event_failed', 'linked_event_failed', 'credit_account_not_found'], ['pending_transfer_not_found']] },
  { name: 'a chain left open at the end of the request', batch: [[linked(t('t1', 'a', 'b', 1n)), linked(t('t2', 'a', 'b', 1n))], [t('t3', 'a', 'b', 1n)]], expected: [['linked_event_failed', 'linked_event_chain_open'], ['ok']] },
  { name: 'a chain ends at its request: a linked last member does not join the next request', batch: [[linked(t('t1', 'a', 'b', 1n))], [t('t1', 'a', 'b', 1n)]], expected: [['linked_event_chain_open'], ['ok']] },
];

export interface AccountStoreCase {
  readonly name: string;
  readonly setup: readonly AccountInput[];
  readonly request: readonly AccountInput[];
  readonly expected: readonly AccountResult[];
}

const acc: AccountInput = { id: 'acc', ledger: 'CNY', code: 1, reference: 'r' };

export const ACCOUNT_STORE_CASES: readonly AccountStoreCase[] = [
  { name: 'a new account, then its replay in the same request', setup: [], request: [acc, acc], expected: ['ok', 'exists'] },
  { name: 'a replay', setup: [acc], request: [acc], expected: ['exists'] },
  { name: 'other flags, and other code', setup: [acc], request: [{ ...acc, flags: { history: true }, code: 2 }], expected: ['exists_with_different_flags'] },
  { name: 'other reference, and other ledger', setup: [acc], request: [{ ...acc, reference: undefined, ledger: 'USD' }], expected: ['exists_with_different_reference'] },
  { name: 'other ledger, and other code', setup: [acc], request: [{ ...acc, ledger: 'USD', code: 2 }], expected: ['exists_with_different_ledger'] },
  { name: 'other code', setup: [acc], request: [{ ...acc, code: 2 }], expected: ['exists_with_different_code'] },
  { name: 'one bad account among good ones', setup: [], request: [acc, { ...acc, id: 'b', code: 0 }, { ...acc, id: 'c' }], expected: ['ok', 'code_invalid', 'ok'] },
];
