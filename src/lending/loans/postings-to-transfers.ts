/**
 * Servicing postings become ledger transfers: each abstract role (`loansReceivable`, …) is the
 * product's ledger account for that role, each posting kind a transfer code, and every transfer id is
 * derived from the loan and the event that caused it, so replaying an event can never post twice.
 * Zero-amount postings are dropped (the ledger refuses zero amounts; they move nothing).
 */
import type { LocalDate } from '../../kernel/local-date.ts';
import type { TransferInput } from '../../ledger/types.ts';
import type { ChartAccount, Posting, PostingKind } from '../servicing/index.ts';

/** Ledger transfer code of each posting kind (the chart of accounts' transaction types). */
export const POSTING_CODES: Readonly<Record<PostingKind, number>> = {
  disbursement: 101,
  interestAccrual: 102,
  feeRecognition: 103,
  penaltyCharge: 104,
  repayment: 105,
  refund: 106,
  refundWaiver: 107,
  writeOff: 108,
  recovery: 109,
  waiver: 110,
  creditBalanceRefund: 111,
};

export type RoleAccounts = Readonly<Record<ChartAccount, string>>;

/**
 * `eventKey` names the event uniquely within the loan (an event sequence number, or `d<date>` for an
 * end-of-day close); transfer ids are `<loanId>:<eventKey>:<n>`.
 */
export function postingsToTransfers(postings: readonly Posting[], accounts: RoleAccounts, loanId: string, eventKey: string, currency: string, effectiveOn: LocalDate): TransferInput[] {
  const transfers: TransferInput[] = [];
  let n = 0;
  for (const p of postings) {
    if (p.amountMinor === 0n) continue;
    n++;
    transfers.push({
      id: `${loanId}:${eventKey}:${n}`,
      debitAccountId: accounts[p.debit],
      creditAccountId: accounts[p.credit],
      amount: p.amountMinor,
      ledger: currency,
      code: POSTING_CODES[p.kind],
      reference: loanId,
      effectiveOn,
    });
  }
  return transfers;
}
