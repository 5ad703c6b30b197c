/**
 * The ledger's invariants, checked through its public reads after any history of requests: debits
 * equal credits per ledger (posted and pending), the trial balance ties now and as of any date, every
 * account's counters equal the replay of its stored transfers, counters are never negative, no
 * account flagged with a limit is past it, and the last entry of an account's balance history (the
 * latest change, transfer or expiry) holds its counters. Returns the broken invariants as text (empty when all hold),
 * so a failing test says which one broke and where.
 */
import type { LocalDate } from '../../kernel/local-date.ts';
import { limits } from '../../kernel/limits.ts';
import type { Ledger } from '../ledger.ts';
import type { HistoryPoint } from '../reads.ts';
import type { Account, Balance } from '../types.ts';

/** Later than any effective date the suites use: a balance as of it is the replay of every transfer. */
export const END_OF_TIME = '9999-12-31' as LocalDate;

export async function brokenInvariants(ledger: Ledger, tenantId: string, accountIds: readonly string[]): Promise<string[]> {
  const broken: string[] = [];
  const accounts = await ledger.lookupAccounts(tenantId, accountIds);
  const byLedger = new Map<string, Account[]>();
  for (const a of accounts) byLedger.set(a.ledger, [...(byLedger.get(a.ledger) ?? []), a]);
  for (const [name, list] of byLedger) {
    const sum = (pick: (a: Account) => bigint): bigint => list.reduce((s, a) => s + pick(a), 0n);
    if (sum((a) => a.debitsPosted) !== sum((a) => a.creditsPosted)) broken.push(`${name}: posted debits ≠ posted credits`);
    if (sum((a) => a.debitsPending) !== sum((a) => a.creditsPending)) broken.push(`${name}: pending debits ≠ pending credits`);
    const now = await ledger.trialBalance(tenantId, name);
    const replayed = await ledger.trialBalance(tenantId, name, END_OF_TIME);
    if (!now.balanced || !replayed.balanced) broken.push(`${name}: trial balance does not tie`);
    if (now.debitsPosted !== replayed.debitsPosted) broken.push(`${name}: trial balance now ≠ as of the end of time`);
  }
  for (const a of accounts) {
    const replay = await ledger.balance(tenantId, a.id, END_OF_TIME);
    const counters = { debitsPending: a.debitsPending, debitsPosted: a.debitsPosted, creditsPending: a.creditsPending, creditsPosted: a.creditsPosted };
    if (JSON.stringify(replay, bigintText) !== JSON.stringify(counters, bigintText)) {
      broken.push(`${a.id}: counters ${JSON.stringify(counters, bigintText)} ≠ replay ${JSON.stringify(replay, bigintText)}`);
    }
    if (Object.values(counters).some((v) => v < 0n)) broken.push(`${a.id}: a negative counter`);
    if (a.flags.debitsMustNotExceedCredits && a.debitsPending + a.debitsPosted > a.creditsPosted) broken.push(`${a.id}: debits exceed credits`);
    if (a.flags.creditsMustNotExceedDebits && a.creditsPending + a.creditsPosted > a.debitsPosted) broken.push(`${a.id}: credits exceed debits`);
    if (a.flags.history) {
      const last = (await readHistory(ledger, tenantId, a.id)).at(-1);
      const latest = last ? { debitsPending: last.debitsPending, debitsPosted: last.debitsPosted, creditsPending: last.creditsPending, creditsPosted: last.creditsPosted } : ZERO;
      if (JSON.stringify(latest, bigintText) !== JSON.stringify(counters, bigintText)) {
        broken.push(`${a.id}: counters ${JSON.stringify(counters, bigintText)} ≠ last history entry ${JSON.stringify(last ?? null, bigintText)}`);
      }
    }
  }
  return broken;
}

const ZERO: Balance = { debitsPending: 0n, debitsPosted: 0n, creditsPending: 0n, creditsPosted: 0n };

/** An account's whole balance history, read page by page as a client would. */
export async function readHistory(ledger: Ledger, tenantId: string, accountId: string): Promise<HistoryPoint[]> {
  const points: HistoryPoint[] = [];
  let cursor: string | null = null;
  do {
    const page = await ledger.accountHistory(tenantId, accountId, { cursor, limit: limits.pageSizeMax });
    points.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return points;
}

export function bigintText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
