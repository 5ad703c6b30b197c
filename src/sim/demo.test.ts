/**
 * A small demo end to end on the real services: the report it prints ties to the ledger (the trial
 * balance balances, the outstanding principal is what the ledger's loans-receivable accounts hold,
 * the buckets add up to it, the stratifications cover every loan), and the same seed gives the same
 * report and the same operations.
 */
import { describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { AssertionError } from '../kernel/assert.ts';
import { limits } from '../kernel/limits.ts';
import { currency, parseAmount } from '../kernel/money.ts';
import { runDemo, type DemoResult } from './run-demo.ts';

const CNY = currency('CNY');
const minor = (text: string): bigint => {
  const parsed = parseAmount(text, CNY, { allowZero: true });
  if (!parsed.ok) throw new Error(`not an amount: ${text}`);
  return parsed.value;
};

async function demo(seed: number): Promise<DemoResult> {
  const db = await openTestDatabase();
  try {
    return await runDemo(db, { customers: 250, days: 40, seed });
  } finally {
    await db.close();
  }
}

describe('lendcore demo, small', () => {
  let first: DemoResult;

  it('runs a book whose report ties to the ledger', async () => {
    first = await demo(11);
    const r = first.report;
    expect(r.ties).toEqual({ trialBalanceBalanced: true, outstandingEqualsLedger: true, bucketsEqualOutstanding: true });
    expect(r.ledger.trialBalance.debits).toBe(r.ledger.trialBalance.credits);
    expect(r.ledger.loansReceivable).toBe(r.outstanding);
    expect(r.buckets.reduce((s, b) => s + minor(b.outstanding), 0n)).toBe(minor(r.outstanding));
    expect(r.products.reduce((s, p) => s + minor(p.outstanding), 0n)).toBe(minor(r.outstanding));
    for (const lines of [r.stratification.amount, r.stratification.term, r.stratification.age]) {
      expect(lines.reduce((s, l) => s + l.loans, 0)).toBe(r.loans.total);
      expect(lines.reduce((s, l) => s + minor(l.original), 0n)).toBe(minor(r.disbursed));
      expect(lines.reduce((s, l) => s + minor(l.outstanding), 0n)).toBe(minor(r.outstanding));
    }
    expect(r.customers).toBeGreaterThan(200);
    expect(r.applications.approved).toBeGreaterThan(0);
    expect(r.applications.approved).toBeLessThan(r.applications.total);
    expect(r.loans.total).toBeGreaterThan(100);
    expect(first.simulation.operations.autoDebits).toBeGreaterThan(0);
    expect(first.simulation.operations.endOfDayRuns).toBe(40);
    expect(r.vintages.map((v) => v.month)).toEqual(['2026-01', '2026-02']);
  });

  it('gives the same report and operations for the same seed', async () => {
    const again = await demo(11);
    expect(again.report).toEqual(first.report);
    expect(again.simulation.operations).toEqual(first.simulation.operations);
    expect(again.simulation.rings).toEqual(first.simulation.rings);
  });

  it('refuses sizes beyond limits.demoCustomersMax and limits.demoDaysMax', async () => {
    const db = {} as Database;
    await expect(runDemo(db, { customers: limits.demoCustomersMax + 1, days: 10, seed: 1 })).rejects.toThrow(AssertionError);
    await expect(runDemo(db, { customers: 10, days: limits.demoDaysMax + 1, seed: 1 })).rejects.toThrow(AssertionError);
  });
});
