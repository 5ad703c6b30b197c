/**
 * The seeded lending simulation (simulation/lending-simulation.ts): loans opened over the first
 * half of the run, borrowers paying on time, late, partly, in excess, paying off (now and then beyond
 * the payoff), refunded (also after paying off), forgiven penalties, paid back their credit balances
 * and defaulting, repayments bouncing and reversed, end of day every date — audited every date
 * against the pure servicing engine and the ledger. On PGlite always, and on PostgreSQL when DATABASE_URL is set.
 *
 * Bounded by default (about a minute per engine); scale with LENDING_SIM_LOANS, LENDING_SIM_DAYS
 * and LENDING_SIM_SEED, e.g. `LENDING_SIM_LOANS=3000 LENDING_SIM_DAYS=365 npx vitest run src/lending/simulation.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { wireServices } from '../compose.ts';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { openPglite } from '../db/pglite.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { manualClock, type Instant } from '../kernel/instant.ts';
import { localDate } from '../kernel/local-date.ts';
import { runLendingSimulation } from './simulation/lending-simulation.ts';

const LOANS = Number(process.env.LENDING_SIM_LOANS ?? 150);
const DAYS = Number(process.env.LENDING_SIM_DAYS ?? 365);
const SEED = Number(process.env.LENDING_SIM_SEED ?? 20260101);
// Ten minutes, or more for a larger run: on PostgreSQL every event commits on its own, so a run waits
// on the disk more than it computes (2,000 loans over a year ran past ten minutes).
const TIMEOUT_MS = Math.max(600_000, LOANS * DAYS * 3);

/** In-memory PGlite even when DATABASE_URL is set (openDatabase would choose PostgreSQL then). */
async function openMemoryPglite(): Promise<Database> {
  const db = await openPglite();
  await migrate(db);
  return db;
}

const engines: [string, () => Promise<Database>][] = [['PGlite', openMemoryPglite]];
if (process.env.DATABASE_URL) engines.push(['PostgreSQL', () => openTestDatabase({ maxConnections: 4 })]);

describe.each(engines)('the lending simulation on %s', (_engine, open) => {
  it(`${LOANS} loans over ${DAYS} business dates tie to the reference and the ledger every date (seed ${SEED})`, async () => {
    const services = wireServices(await open(), manualClock('2026-01-01T02:00:00.000Z' as Instant));
    try {
      const counts = await runLendingSimulation(
        { db: services.db, ledger: services.ledger, clock: services.clock, products: services.lending.products, loans: services.loans, endOfDay: services.endOfDay },
        { tenantId: 'sim', seed: SEED, loans: LOANS, days: DAYS, startOn: localDate('2026-01-01'), workers: 2, chunkLoans: 100 },
      );
      expect(counts.opened).toBe(LOANS);
      // The run exercised what it claims to.
      if (LOANS >= 100 && DAYS >= 300) {
        for (const n of [...Object.values(counts.events), counts.reversals, counts.replays, counts.closed, counts.writtenOff, counts.penalised]) expect(n).toBeGreaterThan(0);
      }
    } finally {
      await services.close();
    }
  }, TIMEOUT_MS);
});
