/**
 * Credit limits kept on the ledger, TigerBeetle style, so that "available never goes negative" is the
 * ledger's own balance check under its row lock rather than a read-then-write in origination:
 * - each line has a memo account `lim_<lineId>` flagged debitsMustNotExceedCredits, credited with
 *   the limit from the tenant's `lim_granted_<currency>` account when the line opens;
 * - a cash drawdown, or a captured purchase, debits it (posted) into the line's usage account
 *   `limu_<lineId>`; a checkout hold is a pending debit (capture posts it, void releases it, the
 *   timeout expires it);
 * - principal repaid credits it back from the usage account, which is itself flagged so that no more
 *   can be restored than was drawn;
 * - principal put back on a loan by a reversal (a bounced repayment) is drawn again: the usage
 *   account is credited from the line's over-limit account `limo_<lineId>` (flagged
 *   creditsMustNotExceedDebits), which the line account then pays as much as it has available. What
 *   it could not pay (the borrower drew again meanwhile) is the line's over-limit amount, and every
 *   restore pays it first: restore and take-back each end with a transfer from the line to its
 *   over-limit account, balancing on both sides (TigerBeetle's balancing transfers), which moves
 *   nothing when the line is within its limit;
 * - a limit raised is granted to the line, and pays its over-limit amount first; a limit lowered is
 *   taken back through the over-limit account the same way, so what the borrower has drawn beyond
 *   the new limit is over it (line-limits.ts).
 * Available = credits posted − debits posted − debits pending of the line account. Pure builders.
 */
import { limits } from '../../kernel/limits.ts';
import type { Currency } from '../../kernel/money.ts';
import type { AccountInput, Balance, TransferInput } from '../../ledger/types.ts';

export const LIMIT_ACCOUNT_CODES = { limitsGranted: 9000, creditLine: 9010, lineUsage: 9020, overLimit: 9030 } as const;
export const LIMIT_TRANSFER_CODES = { open: 9101, draw: 9102, hold: 9103, restore: 9104, takeBack: 9105, payOverLimit: 9106, raise: 9107, lower: 9108 } as const;

export const grantedAccountId = (c: Currency): string => `lim_granted_${c}`;
export const lineAccountId = (lineId: string): string => `lim_${lineId}`;
export const usageAccountId = (lineId: string): string => `limu_${lineId}`;
export const overLimitAccountId = (lineId: string): string => `limo_${lineId}`;
const holdTransferId = (holdId: string): string => `hold_${holdId}`;

export function limitAccounts(lineId: string, c: Currency): AccountInput[] {
  return [
    { id: grantedAccountId(c), ledger: c, code: LIMIT_ACCOUNT_CODES.limitsGranted, reference: 'credit limits granted' },
    { id: lineAccountId(lineId), ledger: c, code: LIMIT_ACCOUNT_CODES.creditLine, flags: { debitsMustNotExceedCredits: true }, reference: `credit line ${lineId}` },
    { id: usageAccountId(lineId), ledger: c, code: LIMIT_ACCOUNT_CODES.lineUsage, flags: { debitsMustNotExceedCredits: true }, reference: `credit line ${lineId} usage` },
    { id: overLimitAccountId(lineId), ledger: c, code: LIMIT_ACCOUNT_CODES.overLimit, flags: { creditsMustNotExceedDebits: true }, reference: `credit line ${lineId} over limit` },
  ];
}

export function openLineTransfer(lineId: string, c: Currency, limitMinor: bigint): TransferInput {
  return { id: `limopen_${lineId}`, debitAccountId: grantedAccountId(c), creditAccountId: lineAccountId(lineId), amount: limitMinor, ledger: c, code: LIMIT_TRANSFER_CODES.open };
}

export function drawTransfer(drawdownId: string, lineId: string, c: Currency, amountMinor: bigint): TransferInput {
  return { id: `draw_${drawdownId}`, debitAccountId: lineAccountId(lineId), creditAccountId: usageAccountId(lineId), amount: amountMinor, ledger: c, code: LIMIT_TRANSFER_CODES.draw };
}

export function holdTransfer(holdId: string, lineId: string, c: Currency, amountMinor: bigint): TransferInput {
  return {
    id: holdTransferId(holdId),
    debitAccountId: lineAccountId(lineId),
    creditAccountId: usageAccountId(lineId),
    amount: amountMinor,
    ledger: c,
    code: LIMIT_TRANSFER_CODES.hold,
    flags: { pending: true },
    timeoutSeconds: limits.checkoutHoldTimeoutSeconds,
  };
}

/** Posts `amountMinor` of the hold; the rest of the hold is released. */
export function captureTransfer(holdId: string, amountMinor: bigint): TransferInput {
  return { id: `hcap_${holdId}`, pendingId: holdTransferId(holdId), amount: amountMinor, flags: { postPending: true } };
}

export function voidTransfer(holdId: string): TransferInput {
  return { id: `hvoid_${holdId}`, pendingId: holdTransferId(holdId), flags: { voidPending: true } };
}

/** Principal repaid gives the line its limit back, paying any over-limit amount first. `transferId` names both transfers. */
export function restoreTransfers(transferId: string, lineId: string, c: Currency, amountMinor: bigint): TransferInput[] {
  return thenPayOverLimit(lineId, { id: transferId, debitAccountId: usageAccountId(lineId), creditAccountId: lineAccountId(lineId), amount: amountMinor, ledger: c, code: LIMIT_TRANSFER_CODES.restore });
}

/** Principal put back on a loan is drawn again, from the line's available limit and, beyond it, over its limit. */
export function takeBackTransfers(transferId: string, lineId: string, c: Currency, amountMinor: bigint): TransferInput[] {
  return thenPayOverLimit(lineId, { id: transferId, debitAccountId: overLimitAccountId(lineId), creditAccountId: usageAccountId(lineId), amount: amountMinor, ledger: c, code: LIMIT_TRANSFER_CODES.takeBack });
}

/** A higher limit: the line is granted more, and pays any over-limit amount from it first. */
export function raiseLimitTransfers(transferId: string, lineId: string, c: Currency, amountMinor: bigint): TransferInput[] {
  return thenPayOverLimit(lineId, { id: transferId, debitAccountId: grantedAccountId(c), creditAccountId: lineAccountId(lineId), amount: amountMinor, ledger: c, code: LIMIT_TRANSFER_CODES.raise });
}

/**
 * A lower limit: the grant is taken back, from the line's available limit as far as it goes; what the
 * borrower has drawn beyond the new limit is over it, and repayments pay that first.
 */
export function lowerLimitTransfers(transferId: string, lineId: string, c: Currency, amountMinor: bigint): TransferInput[] {
  return thenPayOverLimit(lineId, { id: transferId, debitAccountId: overLimitAccountId(lineId), creditAccountId: grantedAccountId(c), amount: amountMinor, ledger: c, code: LIMIT_TRANSFER_CODES.lower });
}

/**
 * `first`, then up to its amount of the line's over-limit amount paid from its available limit: a
 * transfer balancing on both sides, which moves nothing when the line is within its limit.
 */
function thenPayOverLimit(lineId: string, first: TransferInput & { id: string; ledger: string; amount: bigint }): TransferInput[] {
  return [
    first,
    {
      id: `${first.id}:over`, debitAccountId: lineAccountId(lineId), creditAccountId: overLimitAccountId(lineId), amount: first.amount, ledger: first.ledger,
      code: LIMIT_TRANSFER_CODES.payOverLimit, flags: { balancingDebit: true, balancingCredit: true },
    },
  ];
}

export interface LineUsage {
  readonly availableMinor: bigint;
  readonly heldMinor: bigint;
  /** Principal drawn and not yet restored. */
  readonly outstandingMinor: bigint;
  /** How far the principal outstanding is above the limit (a reversal put it back after the borrower drew again). */
  readonly overLimitMinor: bigint;
}

/** A line's usage as it opens, its limit just posted: all of it available, nothing held or drawn. */
export function openingUsage(limitMinor: bigint): LineUsage {
  return { availableMinor: limitMinor, heldMinor: 0n, outstandingMinor: 0n, overLimitMinor: 0n };
}

/** From the line's account and its over-limit account. */
export function lineUsageOf(limitMinor: bigint, line: Balance, overLimit: Balance): LineUsage {
  const availableMinor = line.creditsPosted - line.debitsPosted - line.debitsPending;
  const overLimitMinor = overLimit.debitsPosted - overLimit.creditsPosted;
  return { availableMinor, heldMinor: line.debitsPending, outstandingMinor: limitMinor - availableMinor - line.debitsPending + overLimitMinor, overLimitMinor };
}
