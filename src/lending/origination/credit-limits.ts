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
 * - principal put back on a loan by a reversal (a bounced repayment) takes the limit back, as much
 *   as the line has available: a balancing debit. What it could not take (the borrower drew again
 *   meanwhile) was never counted as drawn, so a restore is a balancing debit of the usage account
 *   too: it gives back no more than was taken.
 * Available = credits posted − debits posted − debits pending of the line account. Pure builders.
 */
import { limits } from '../../kernel/limits.ts';
import type { Currency } from '../../kernel/money.ts';
import type { AccountInput, Balance, TransferInput } from '../../ledger/types.ts';

export const LIMIT_ACCOUNT_CODES = { limitsGranted: 9000, creditLine: 9010, lineUsage: 9020 } as const;
export const LIMIT_TRANSFER_CODES = { open: 9101, draw: 9102, hold: 9103, restore: 9104, takeBack: 9105 } as const;

export const grantedAccountId = (c: Currency): string => `lim_granted_${c}`;
export const lineAccountId = (lineId: string): string => `lim_${lineId}`;
export const usageAccountId = (lineId: string): string => `limu_${lineId}`;
const holdTransferId = (holdId: string): string => `hold_${holdId}`;

export function limitAccounts(lineId: string, c: Currency): AccountInput[] {
  return [
    { id: grantedAccountId(c), ledger: c, code: LIMIT_ACCOUNT_CODES.limitsGranted, reference: 'credit limits granted' },
    { id: lineAccountId(lineId), ledger: c, code: LIMIT_ACCOUNT_CODES.creditLine, flags: { debitsMustNotExceedCredits: true }, reference: `credit line ${lineId}` },
    { id: usageAccountId(lineId), ledger: c, code: LIMIT_ACCOUNT_CODES.lineUsage, flags: { debitsMustNotExceedCredits: true }, reference: `credit line ${lineId} usage` },
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

/** Gives back at most `amountMinor`, and never more than the line's usage holds. */
export function restoreTransfer(transferId: string, lineId: string, c: Currency, amountMinor: bigint): TransferInput {
  return {
    id: transferId, debitAccountId: usageAccountId(lineId), creditAccountId: lineAccountId(lineId), amount: amountMinor, ledger: c, code: LIMIT_TRANSFER_CODES.restore,
    flags: { balancingDebit: true },
  };
}

/** Takes back at most `amountMinor`, and never more than the line has available. */
export function takeBackTransfer(transferId: string, lineId: string, c: Currency, amountMinor: bigint): TransferInput {
  return {
    id: transferId, debitAccountId: lineAccountId(lineId), creditAccountId: usageAccountId(lineId), amount: amountMinor, ledger: c, code: LIMIT_TRANSFER_CODES.takeBack,
    flags: { balancingDebit: true },
  };
}

export interface LineUsage {
  readonly availableMinor: bigint;
  readonly heldMinor: bigint;
  /** Principal drawn and not yet restored. */
  readonly outstandingMinor: bigint;
}

/** A line's usage as it opens, its limit just posted: all of it available, nothing held or drawn. */
export function openingUsage(limitMinor: bigint): LineUsage {
  return { availableMinor: limitMinor, heldMinor: 0n, outstandingMinor: 0n };
}

export function lineUsageOf(limitMinor: bigint, line: Balance): LineUsage {
  const availableMinor = line.creditsPosted - line.debitsPosted - line.debitsPending;
  return { availableMinor, heldMinor: line.debitsPending, outstandingMinor: limitMinor - availableMinor - line.debitsPending };
}
