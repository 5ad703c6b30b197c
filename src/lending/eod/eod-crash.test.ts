/**
 * End of day survives a crash, and its result does not depend on how the work was cut.
 *
 * PostgreSQL only (skipped without DATABASE_URL): the crash is a real `lendcore eod run` process
 * killed with SIGKILL mid-run and started again, which needs a database another process can open
 * while the test watches it (an in-memory PGlite lives and dies inside one process), and several
 * workers need several connections (PGlite has one).
 *
 * Each book is its own schema in the same database, seeded with the same seeded portfolio, so two
 * books are compared row by row in SQL: the loans (state, receivables, open date), every ledger
 * transfer (ids name the loan and the business date, so a doubled or skipped close shows), and every
 * account's balances.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '../../api/tenancy.ts';
import { wireServices, type Services } from '../../compose.ts';
import { openTestDatabase } from '../../db/test-database.ts';
import { manualClock, type Instant } from '../../kernel/instant.ts';
import { localDate } from '../../kernel/local-date.ts';
import { seedPortfolio } from '../simulation/seed-portfolio.ts';
import { reconcile } from './reconcile.ts';

const LOANS = 3_000;
const BUSINESS_DATE = localDate('2026-06-01');
const CLI = fileURLToPath(new URL('../../../bin/lendcore.js', import.meta.url));

interface Book {
  readonly schema: string;
  readonly services: Services;
}

async function seededBook(): Promise<Book> {
  const clock = manualClock('2026-06-01T12:00:00.000Z' as Instant);
  const services = wireServices(await openTestDatabase({ maxConnections: 6 }), clock);
  const [row] = await services.db.query<{ schema: string }>('SELECT current_schema() AS schema');
  await seedPortfolio(
    { db: services.db, ledger: services.ledger, clock, products: services.lending.products },
    { tenantId: DEFAULT_TENANT, loans: LOANS, seed: 11, openOn: BUSINESS_DATE, seasonedShare: 0.3 },
  );
  return { schema: row!.schema, services };
}

/** `lendcore eod run` on a book's schema, in a process of its own. */
function eodProcess(book: Book): { child: ChildProcess; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> } {
  const url = new URL(process.env.DATABASE_URL!);
  url.searchParams.set('options', `-c search_path=${book.schema}`);
  const child = spawn(process.execPath, [CLI, 'eod', 'run', '--date', BUSINESS_DATE, '--workers', '2', '--chunk', '20', '--json'], {
    env: { ...process.env, DATABASE_URL: url.toString() },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout?.on('data', (data: Buffer) => {
    stdout += data.toString();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, stdout }));
  });
  return { child, exit };
}

async function chunkProgress(book: Book): Promise<{ done: number; total: number }> {
  const [row] = await book.services.db.query<{ done: bigint; total: bigint }>(
    'SELECT count(*) FILTER (WHERE done)::int8 AS done, count(*)::int8 AS total FROM lending_eod_chunks WHERE business_date = $1',
    [BUSINESS_DATE],
  );
  return { done: Number(row?.done ?? 0n), total: Number(row?.total ?? 0n) };
}

/** Rows of `select` in one book and not the other, both ways (empty when the books agree). */
async function differences(a: Book, b: Book, select: (schema: string) => string): Promise<unknown[]> {
  const db = a.services.db;
  const onlyA = await db.query(`${select(a.schema)} EXCEPT ${select(b.schema)} LIMIT 5`);
  const onlyB = await db.query(`${select(b.schema)} EXCEPT ${select(a.schema)} LIMIT 5`);
  return [...onlyA, ...onlyB];
}

async function expectSameBooks(a: Book, b: Book): Promise<void> {
  const loans = (s: string) =>
    `SELECT id, status, open_on, days_past_due, bucket, principal_receivable_minor, interest_receivable_minor, fee_receivable_minor, penalty_receivable_minor, events, state FROM ${s}.lending_loans`;
  const transfers = (s: string) => `SELECT id, debit_account_id, credit_account_id, amount, code, reference, effective_on FROM ${s}.ledger_transfers`;
  const accounts = (s: string) => `SELECT id, debits_posted, credits_posted, debits_pending, credits_pending FROM ${s}.ledger_accounts`;
  expect(await differences(a, b, loans)).toEqual([]);
  expect(await differences(a, b, transfers)).toEqual([]);
  expect(await differences(a, b, accounts)).toEqual([]);
  const [counts] = await a.services.db.query<{ loans: bigint; behind: bigint; closes: bigint }>(
    `SELECT count(*)::int8 AS loans,
            count(*) FILTER (WHERE status = 'active' AND close_needed_on <= $1)::int8 AS behind,
            (SELECT count(DISTINCT reference)::int8 FROM ledger_transfers WHERE id LIKE '%:d' || $1 || ':%') AS closes
     FROM lending_loans`,
    [BUSINESS_DATE],
  );
  // No active loan still needs this date closed (a sleeping loan's next close is after it).
  expect(counts).toMatchObject({ loans: BigInt(LOANS), behind: 0n });
  expect(counts!.closes).toBeGreaterThan(0n);
  expect((await reconcile(a.services.db, a.services.ledger, DEFAULT_TENANT)).breaks).toEqual([]);
}

describe.skipIf(!process.env.DATABASE_URL)('end of day on PostgreSQL: crashes and workers', () => {
  let clean: Book;
  let loansToClose = 0;
  const books: Book[] = [];

  beforeAll(async () => {
    clean = await seededBook();
    books.push(clean);
    const run = await clean.services.endOfDay.run({ tenantId: DEFAULT_TENANT, businessDate: BUSINESS_DATE, workers: 1, chunkLoans: LOANS });
    expect(run.ok && run.value).toMatchObject({ chunks: 1 });
    // Fee-priced loans between due dates sleep; every other loan is closed.
    loansToClose = run.ok ? run.value.loansClosed : 0;
    expect(loansToClose).toBeGreaterThan(LOANS / 2);
  }, 120_000);
  afterAll(async () => {
    for (const book of books) await book.services.close();
  });

  it('killed mid-run and started again, closes every loan exactly once, as a clean run does', async () => {
    const crashed = await seededBook();
    books.push(crashed);
    const first = eodProcess(crashed);
    let progress = await chunkProgress(crashed);
    while (progress.done < 10) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      progress = await chunkProgress(crashed);
    }
    first.child.kill('SIGKILL');
    expect((await first.exit).signal).toBe('SIGKILL');
    const atCrash = await chunkProgress(crashed);
    expect(atCrash.done).toBeGreaterThan(0);
    expect(atCrash.done).toBeLessThan(atCrash.total); // killed mid-run, not after
    const [calendar] = await crashed.services.db.query('SELECT closed_through FROM lending_business_calendar');
    expect(calendar).toBeUndefined();

    const second = await eodProcess(crashed).exit;
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ businessDate: BUSINESS_DATE, reconciled: true });
    expect(await chunkProgress(crashed)).toEqual({ done: atCrash.total, total: atCrash.total });
    await expectSameBooks(crashed, clean);
  }, 120_000);

  it('gives the same books with four workers on small chunks as with one worker on one chunk', async () => {
    const parallel = await seededBook();
    books.push(parallel);
    const run = await parallel.services.endOfDay.run({ tenantId: DEFAULT_TENANT, businessDate: BUSINESS_DATE, workers: 4, chunkLoans: 50 });
    expect(run.ok && run.value).toMatchObject({ loansClosed: loansToClose });
    await expectSameBooks(parallel, clean);
  }, 120_000);
});
