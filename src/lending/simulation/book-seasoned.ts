/**
 * Books loans that were disbursed before the business date the books are at, without replaying
 * every past business date through end of day: each loan is opened and its past dates closed by the
 * pure servicing engine, then the loan row and its ledger transfers are written in the caller's
 * transaction — the disbursement as the loan book writes it, the catch-up postings summed per
 * (debit, credit, kind) into a few `<loanId>:seed:<n>` transfers. The receivable balances, and so the
 * reconciliation, are exactly those of a day-by-day history; only the ledger's granularity differs.
 * For benchmarks and tests that need a large seasoned book fast.
 */
import type { Sql } from '../../db/database.ts';
import { assert } from '../../kernel/assert.ts';
import type { Clock } from '../../kernel/instant.ts';
import { addDays, type LocalDate } from '../../kernel/local-date.ts';
import type { Ledger } from '../../ledger/ledger.ts';
import type { TransferInput } from '../../ledger/types.ts';
import { postTransfers } from '../loans/event-writes.ts';
import type { OpenLoanRequest } from '../loans/loan-book.ts';
import { insertLoans, type NewLoan } from '../loans/loan-rows.ts';
import { postingsToTransfers, type RoleAccounts } from '../loans/postings-to-transfers.ts';
import { closeDay, openLoan, type Posting } from '../servicing/index.ts';

export interface BookSeasonedDeps {
  readonly ledger: Ledger;
  readonly clock: Clock;
  readonly accountsOf: (productId: string) => RoleAccounts;
}

/** Ledger transfers per ledger request (below the ledger's request limit). */
const TRANSFERS_PER_REQUEST = 8_000;

/** Books `requests` (one tenant) with every date before `openOn` closed; returns the transfers written. */
export async function bookSeasonedLoans(deps: BookSeasonedDeps, tx: Sql, tenantId: string, requests: readonly OpenLoanRequest[], openOn: LocalDate): Promise<number> {
  const transfers: TransferInput[] = [];
  const loans: NewLoan[] = [];
  for (const request of requests) {
    const opened = openLoan(request.terms);
    assert(opened.ok, `seasoned loan ${request.loanId}: ${opened.ok ? '' : opened.code}`);
    let state = opened.value.state;
    const accounts = deps.accountsOf(request.productId);
    transfers.push(...postingsToTransfers(opened.value.postings, accounts, request.loanId, 'open', state.currency, state.disbursedOn));
    const catchUp = new Map<string, Posting>();
    while (state.status === 'active' && state.openOn < openOn) {
      const step = closeDay(state, request.terms, state.openOn);
      assert(step.ok, `seasoned loan ${request.loanId}: closing ${state.openOn} failed`);
      for (const p of step.value.postings) {
        const key = `${p.debit} ${p.credit} ${p.kind}`;
        const sum = catchUp.get(key);
        catchUp.set(key, sum ? { ...sum, amountMinor: sum.amountMinor + p.amountMinor } : p);
      }
      state = step.value.state;
    }
    transfers.push(...postingsToTransfers([...catchUp.values()], accounts, request.loanId, 'seed', state.currency, addDays(openOn, -1)));
    loans.push({ ...request, id: request.loanId, state, createdAt: deps.clock.now() });
  }
  for (let i = 0; i < transfers.length; i += TRANSFERS_PER_REQUEST) {
    await postTransfers(deps.ledger, tx, tenantId, transfers.slice(i, i + TRANSFERS_PER_REQUEST));
  }
  assert((await insertLoans(tx, loans)).size === loans.length, 'seasoned loans have new ids');
  return transfers.length;
}
