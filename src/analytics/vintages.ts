/**
 * Vintage curves: for each origination month, the share of its original principal that is 30 or more
 * days past due (outstanding principal of those loans, plus principal written off) at each month on
 * book. A snapshot reads the book as it stands after an end of day; the table is assembled from the
 * month-end snapshots the caller took (the loan rows hold today's state only, so history is what was
 * observed). Month on book 0 is the origination month's own end.
 */
import type { Database } from '../db/database.ts';
import { toCivil, type LocalDate } from '../kernel/local-date.ts';
import { percentOf } from './percent.ts';

export interface VintageCohort {
  /** YYYY-MM. */
  readonly month: string;
  readonly loans: number;
  readonly originalMinor: bigint;
  readonly dpd30PlusMinor: bigint;
}

export interface VintageSnapshot {
  readonly asOf: LocalDate;
  readonly cohorts: readonly VintageCohort[];
}

export interface VintageRow {
  readonly month: string;
  readonly loans: number;
  readonly originalMinor: bigint;
  /** Percent 30+ at month on book 0, 1, 2, …; null where the month has not been observed. */
  readonly dpd30PlusPercentByMob: readonly (string | null)[];
}

export async function vintageSnapshot(db: Database, tenantId: string, asOf: LocalDate): Promise<VintageSnapshot> {
  const rows = await db.query<{ month: string; n: bigint; original: bigint; bad: bigint }>(
    `SELECT to_char(disbursed_on, 'YYYY-MM') AS month, count(*)::int8 AS n, sum(principal_minor)::int8 AS original,
            coalesce(sum(CASE WHEN status = 'active' AND days_past_due >= 30 THEN principal_receivable_minor
                              WHEN status = 'writtenOff' THEN written_off_principal_minor
                              ELSE 0 END), 0)::int8 AS bad
     FROM lending_loans WHERE tenant_id = $1 GROUP BY 1 ORDER BY 1`,
    [tenantId],
  );
  return { asOf, cohorts: rows.map((r) => ({ month: r.month, loans: Number(r.n), originalMinor: r.original, dpd30PlusMinor: r.bad })) };
}

/** Whole months from the cohort month (YYYY-MM) to the month of `on`. */
export function monthsOnBook(month: string, on: LocalDate): number {
  const d = toCivil(on);
  return (d.year - Number(month.slice(0, 4))) * 12 + (d.month - Number(month.slice(5, 7)));
}

/** The vintage table from month-end snapshots, oldest first; the last snapshot gives loans and principal. */
export function vintageTable(snapshots: readonly VintageSnapshot[]): VintageRow[] {
  const last = snapshots[snapshots.length - 1];
  if (!last) return [];
  const mobMax = Math.max(0, ...last.cohorts.map((c) => monthsOnBook(c.month, last.asOf)));
  return last.cohorts.map((cohort) => {
    const byMob: (string | null)[] = Array.from({ length: mobMax + 1 }, () => null);
    for (const snapshot of snapshots) {
      const seen = snapshot.cohorts.find((c) => c.month === cohort.month);
      const mob = monthsOnBook(cohort.month, snapshot.asOf);
      if (seen && mob >= 0 && mob <= mobMax) byMob[mob] = percentOf(seen.dpd30PlusMinor, seen.originalMinor);
    }
    return { month: cohort.month, loans: cohort.loans, originalMinor: cohort.originalMinor, dpd30PlusPercentByMob: byMob };
  });
}
