/**
 * What every request that uses a credit line — a drawdown, a checkout hold, a capture — checks and
 * reads the same way: its amount (as applications read theirs), its quote under the line's signed
 * contract, and the refusal a limit posting's ledger result means. Pure, but for `expectPosted`, which throws a
 * refusal out of a `refusable` transaction (records.ts).
 */
import { assert } from '../../kernel/assert.ts';
import type { LocalDate } from '../../kernel/local-date.ts';
import { parseAmount, type Currency } from '../../kernel/money.ts';
import { err, type Err, type Result } from '../../kernel/result.ts';
import { isTransferSuccess, type TransferResult } from '../../ledger/result-codes.ts';
import { quoteDrawdown, type Quote, type QuoteErrorCode } from './quote.ts';
import { refuse, type CreditLine, type OriginationResultCode } from './records.ts';

/** Why a request on a line was refused: origination's codes, the quote's, or a ledger result's. */
export type LineRequestResultCode = OriginationResultCode | QuoteErrorCode | string;

/**
 * An amount a request gives (a drawdown's, a hold's, a line's new limit, an applicant's income):
 * positive, as minor units of the currency, or the code of what is wrong with it.
 */
export function parseRequestAmount(text: string, c: Currency, param: string): Result<bigint, OriginationResultCode> {
  const parsed = parseAmount(text, c, { allowZero: false });
  if (parsed.ok) return parsed;
  return err(parsed.code === 'amount_out_of_range' || parsed.code === 'unknown_currency' ? 'invalid_amount' : parsed.code, parsed.message, param);
}

/** Checks a drawdown against the line's contract and quotes it. */
export function quoteOnLine(line: CreditLine, principalMinor: bigint, term: number, disbursedOn: LocalDate): Result<Quote, OriginationResultCode | QuoteErrorCode> {
  const doc = line.terms;
  if (principalMinor < doc.amountMinMinor || principalMinor > doc.amountMaxMinor) return err('amount_out_of_range', 'the amount is outside the product\'s minimum and maximum', 'amount');
  if (!doc.terms.includes(term)) return err('term_not_allowed', `the product offers terms ${doc.terms.join(', ')} (${doc.termUnit})`, 'term');
  return quoteDrawdown(doc, doc.pricing, { principalMinor, term, disbursedOn });
}

/** The refusal a limit posting's ledger result means, or null when it was posted. */
export function postingRefusal(code: TransferResult): Err<LineRequestResultCode> | null {
  if (isTransferSuccess(code)) return null;
  if (code === 'exceeds_credits') return err('limit_exceeded', 'the amount is more than the line\'s available limit', 'amount');
  if (code === 'pending_transfer_expired') return err('hold_expired', 'the hold timed out and its limit was released');
  if (code === 'pending_transfer_already_voided') return err('hold_already_voided', 'the hold was voided');
  if (code === 'pending_transfer_already_posted') return err('hold_already_captured', 'the hold was captured');
  return err(code);
}

/** A limit posting inside a refusable transaction: a refusal rolls the transaction back. */
export function expectPosted(result: Result<TransferResult[], string>): void {
  assert(result.ok, 'one limit posting is a valid ledger request');
  const refusal = postingRefusal(result.value[0] as TransferResult);
  if (refusal !== null) refuse(refusal.code, refusal.message, refusal.param);
}
