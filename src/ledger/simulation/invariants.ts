/**
 * The ledger's invariants, checked through its public reads after any history of requests: debits
 * equal credits per ledger (posted and pending), the trial balance ties now and as of any date, every
 * account's counters equal the replay of its stored transfers, counters are never negative and no
 * account flagged with a limit is past it. Returns the broken invariants as text (empty when all hold),
 * so a failing test says which one broke and where.
 */
import type { LocalDate } from '../../kernel/local-date.ts';
import type { Ledger } from '../ledger.ts';
import type { Account } from '../types.ts';

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
  }
  return broken;
}

export function bigintText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
