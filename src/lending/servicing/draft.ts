/**
 * The working copy one servicing operation edits: a shallow copy of the state whose installment
 * array is copied only when an installment changes (a current loan's end of day touches none), plus
 * the postings the operation books. Receivable balances and the credit balance change only through
 * `post`, so the postings and the state's balances cannot drift apart.
 */
import { RECEIVABLE_BALANCE_OF, type ChartAccount, type LoanInstallment, type LoanState, type Posting, type PostingKind, type Receivables, type Step } from './types.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface Draft extends Mutable<LoanState> {
  installments: LoanInstallment[];
  ownsInstallments: boolean;
  postings: Posting[];
}

export function draftOf(state: LoanState): Draft {
  return { ...state, installments: state.installments as LoanInstallment[], ownsInstallments: false, postings: [] };
}

export function setInstallment(draft: Draft, index: number, installment: LoanInstallment): void {
  if (!draft.ownsInstallments) {
    draft.installments = draft.installments.slice();
    draft.ownsInstallments = true;
  }
  draft.installments[index] = installment;
}

export function replaceInstallments(draft: Draft, installments: LoanInstallment[]): void {
  draft.installments = installments;
  draft.ownsInstallments = true;
}

const RECEIVABLE_FIELD: Partial<Record<ChartAccount, keyof Receivables>> = RECEIVABLE_BALANCE_OF;

/**
 * Books one posting and moves the loan's balances with it: a receivable's (debit raises, credit
 * lowers) and the credit balance held in the customer's wallet (credit raises, debit lowers).
 */
export function post(draft: Draft, debit: ChartAccount, credit: ChartAccount, amountMinor: bigint, kind: PostingKind): void {
  if (amountMinor === 0n) return;
  if (amountMinor < 0n) {
    post(draft, credit, debit, -amountMinor, kind);
    return;
  }
  const debited = RECEIVABLE_FIELD[debit];
  const credited = RECEIVABLE_FIELD[credit];
  if (debited !== undefined || credited !== undefined) {
    const r = { ...draft.receivable };
    if (debited !== undefined) r[debited] += amountMinor;
    if (credited !== undefined) r[credited] -= amountMinor;
    draft.receivable = r;
  }
  if (credit === 'customerWallet') draft.creditBalanceMinor += amountMinor;
  else if (debit === 'customerWallet') draft.creditBalanceMinor -= amountMinor;
  draft.postings.push({ debit, credit, amountMinor, kind });
}

/**
 * Takes back recognised interest, no more than the receivable holds: interest suspended in
 * non-accrual never reached it, and a loan current again may give some of that back.
 */
export function reverseInterest(draft: Draft, amountMinor: bigint, kind: PostingKind): void {
  const held = draft.receivable.interestMinor;
  post(draft, 'interestIncome', 'interestReceivable', amountMinor < held ? amountMinor : held, kind);
}

export function finish(draft: Draft): Step {
  const { ownsInstallments: _owns, postings, ...state } = draft;
  return { state, postings };
}
