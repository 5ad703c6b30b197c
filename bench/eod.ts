/**
 * `npm run bench:eod [-- --json] [-- --loans N] [-- --days D] [-- --workers W] [-- --chunk C]`: end
 * of day on PostgreSQL (DATABASE_URL, required).
 *
 * Seeds, in a schema of its own (`bench_eod`, dropped and made again each run), a portfolio of N
 * active loans (default 100,000) on four products — an installment plan with a monthly fee, one with
 * flat interest after a 20% down payment, a cash loan with interest, a daily-interest line — a fifth
 * of them disbursed 35–75 days back and never repaid, so overdue, as is every down payment (asked
 * on the day the loan opens, never paid here). Seeding goes through the pure servicing engine and
 * bulk inserts (src/lending/simulation/seed-portfolio.ts) and is not timed. Then closes D business dates
 * (default 2) one after the other through the real end of day (chunks, SKIP LOCKED workers, ledger
 * transfers, reconciliation) and times each. Prints a table; with --json, a last line
 * `{"loans", "loansPerSec", "reconciled"}` over all the dates closed.
 */
import { performance } from 'node:perf_hooks';
import { wireServices } from '../src/compose.ts';
import { openDatabase } from '../src/db/open.ts';
import { manualClock, type Instant } from '../src/kernel/instant.ts';
import { addDays, localDate } from '../src/kernel/local-date.ts';
import { seedPortfolio } from '../src/lending/simulation/seed-portfolio.ts';
import { freshBenchSchema } from './schemas.ts';

const JSON_OUT = process.argv.includes('--json');
const option = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const LOANS = option('loans', 100_000);
const DAYS = option('days', 2);
const WORKERS = option('workers', 4);
const CHUNK_LOANS = option('chunk', 1_000);
const SEED_LANES = 2;
const SCHEMA = 'bench_eod';
const TENANT = 'bench';
const FIRST_DATE = localDate('2026-06-01');

const log = (line: string): void => {
  (JSON_OUT ? process.stderr : process.stdout).write(`${line}\n`);
};

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('bench:eod runs on PostgreSQL: set DATABASE_URL');
  await freshBenchSchema(url, SCHEMA);

  const db = await openDatabase({ url, schema: SCHEMA, maxConnections: Math.max(WORKERS, SEED_LANES) + 2 });
  const clock = manualClock('2026-06-01T12:00:00.000Z' as Instant);
  const services = wireServices(db, clock);
  try {
    const seedStarted = performance.now();
    const deps = { db, ledger: services.ledger, clock, products: services.lending.products };
    const transfers = await seedPortfolio(deps, { tenantId: TENANT, loans: LOANS, seed: 20260601, openOn: FIRST_DATE, seasonedShare: 0.2, lanes: SEED_LANES });
    await db.query(`VACUUM ANALYZE lending_loans`);
    await db.query(`VACUUM ANALYZE ledger_accounts`);
    const [overdue] = await db.query<{ n: bigint }>(`SELECT count(*)::int8 AS n FROM lending_loans WHERE tenant_id = $1 AND days_past_due > 0`, [TENANT]);
    log(`seeded ${LOANS} loans (${overdue?.n ?? 0n} overdue), ${transfers} ledger transfers, in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    log(`end of day: ${WORKERS} workers, chunks of ${CHUNK_LOANS} loans`);

    const rows: string[][] = [['business date', 'loans', 'chunks', 'seconds', 'loans/s', 'reconciled']];
    let totalLoans = 0;
    let totalSeconds = 0;
    let reconciled = true;
    for (let d = 0; d < DAYS; d++) {
      const businessDate = addDays(FIRST_DATE, d);
      const started = performance.now();
      const run = await services.endOfDay.run({ tenantId: TENANT, businessDate, workers: WORKERS, chunkLoans: CHUNK_LOANS });
      const seconds = (performance.now() - started) / 1000;
      if (!run.ok) throw new Error(`end of day ${businessDate}: ${run.code} ${run.message ?? ''}`);
      const r = run.value;
      totalLoans += r.loansClosed;
      totalSeconds += seconds;
      reconciled &&= r.reconciliation.tied;
      rows.push([businessDate, String(r.loansClosed), String(r.chunks), seconds.toFixed(2), Math.round(r.loansClosed / seconds).toString(), String(r.reconciliation.tied)]);
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
    for (const row of rows) log(row.map((cell, i) => cell.padStart(widths[i]!)).join('  '));
    const loansPerSec = Math.round(totalLoans / totalSeconds);
    log(`overall: ${totalLoans} loan-days in ${totalSeconds.toFixed(2)} s = ${loansPerSec} loans/s (target ≥ 3,000), reconciled: ${reconciled}`);
    if (JSON_OUT) process.stdout.write(`${JSON.stringify({ loans: LOANS, loansPerSec, reconciled })}\n`);
  } finally {
    await services.close();
  }
}

await main();
