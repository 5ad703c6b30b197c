import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { manualClock, type Instant } from '../kernel/instant.ts';
import { createLedger } from './ledger.ts';
import { ACCOUNT_RESULTS, TRANSFER_RESULTS, TRANSIENT_TRANSFER_RESULTS, isTransferSuccess } from './result-codes.ts';
import { ACCOUNT_STORE_CASES, ACCOUNT_VALIDATION_CASES, CHART, STATE_CASES, TRANSFER_VALIDATION_CASES } from './simulation/result-code-cases.ts';

const sorted = (codes: Iterable<string | null>): string[] => [...new Set(codes)].filter((c): c is string => c !== null).sort();

describe('the result-code tables', () => {
  // Every code is reachable, so none is left out here. (A code that cannot be reached would be listed
  // with the reason, e.g. one that a check earlier in precedence always pre-empts.)
  it('exercise every transfer code that result-codes.ts defines', () => {
    const exercised = [...TRANSFER_VALIDATION_CASES.map((c) => c.expected), ...STATE_CASES.flatMap((c) => c.expected.flat())];
    expect(sorted(exercised)).toEqual(sorted(Object.keys(TRANSFER_RESULTS)));
  });

  it('exercise every account code that result-codes.ts defines', () => {
    const exercised = [...ACCOUNT_VALIDATION_CASES.map((c) => c.expected), ...ACCOUNT_STORE_CASES.flatMap((c) => c.expected)];
    expect(sorted(exercised)).toEqual(sorted(Object.keys(ACCOUNT_RESULTS)));
  });
});

describe('docs/result-codes.md', () => {
  const doc = readFileSync(new URL('../../docs/result-codes.md', import.meta.url), 'utf8');
  const section = (title: string): string[][] => {
    const body = doc.split(`## ${title}`)[1]?.split('\n## ')[0] ?? '';
    return [...body.matchAll(/^\| \d+ \| `([a-z_]+)` \|(.*)$/gm)].map((m) => [m[1] as string, ...(m[2] as string).split('|').map((cell) => cell.trim())]);
  };

  it('lists exactly the transfer codes, in precedence order, marking the ones that spend the id', () => {
    const rows = section('Transfer results');
    expect(rows.map((r) => r[0])).toEqual(Object.keys(TRANSFER_RESULTS));
    expect(rows.filter((r) => r[1] === 'yes').map((r) => r[0])).toEqual(Object.keys(TRANSFER_RESULTS).filter((c) => TRANSIENT_TRANSFER_RESULTS.has(c as never)));
  });

  it('lists exactly the account codes, in precedence order', () => {
    expect(section('Account results').map((r) => r[0])).toEqual(Object.keys(ACCOUNT_RESULTS));
  });
});

describe('the tables on the database', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it.each(STATE_CASES.map((c, i) => [c.name, i, c] as const))('%s', async (_name, i, c) => {
    const tenant = `case${i}`;
    const clock = manualClock('2026-03-01T02:00:00.000Z' as Instant);
    const ledger = createLedger({ db, clock, lanes: 1 });
    expect((await ledger.createAccounts(tenant, CHART)).ok).toBe(true);
    for (const request of c.setup ?? []) {
      const r = await ledger.createTransfers(tenant, request);
      expect(r.ok && r.value.every(isTransferSuccess), `setup of ${c.name}`).toBe(true);
    }
    clock.advanceMs(c.advanceMs ?? 0);
    if (c.sweep) await ledger.expirePendingTransfers();
    // Submitted together, so group commit may put them in one batch; the answers must not care.
    const replies = await Promise.all(c.batch.map((request) => ledger.createTransfers(tenant, request)));
    expect(replies).toEqual(c.expected.map((value) => ({ ok: true, value })));
  });

  it.each(ACCOUNT_STORE_CASES.map((c, i) => [c.name, i, c] as const))('accounts: %s', async (_name, i, c) => {
    const tenant = `accounts${i}`;
    const ledger = createLedger({ db, clock: manualClock('2026-03-01T02:00:00.000Z' as Instant) });
    if (c.setup.length > 0) expect((await ledger.createAccounts(tenant, c.setup)).ok).toBe(true);
    expect(await ledger.createAccounts(tenant, c.request)).toEqual({ ok: true, value: c.expected });
  });
});
