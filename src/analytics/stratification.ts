/**
 * Pool stratification as an ABS prospectus prints it: the loans by original amount, by term and by
 * the borrower's age at origination, each band with its number of loans, original and outstanding
 * principal and their shares. The bands are tables; banding is a pure function of the rows, which
 * one read-only query over the loans (with the borrower's birth date and the drawdown's term) gives.
 */
import type { Database } from '../db/database.ts';
import type { LocalDate } from '../kernel/local-date.ts';
import { ageOn } from '../lending/origination/decision-port.ts';
import { percentOf } from './percent.ts';

export interface PoolLoan {
  readonly principalMinor: bigint;
  readonly outstandingMinor: bigint;
  readonly term: number;
  readonly termUnit: 'installments' | 'days';
  readonly ageAtOrigination: number;
}

export interface StratumLine {
  readonly band: string;
  readonly loans: number;
  readonly loansPercent: string | null;
  readonly originalMinor: bigint;
  readonly originalPercent: string | null;
  readonly outstandingMinor: bigint;
  readonly outstandingPercent: string | null;
}

export interface Stratification {
  readonly amount: readonly StratumLine[];
  readonly term: readonly StratumLine[];
  readonly age: readonly StratumLine[];
}

/** Original amount bands, lower bounds in yuan (CNY minor units are fen). */
const AMOUNT_BANDS: readonly (readonly [string, bigint])[] = [
  ['< 500', 0n], ['500 – 999', 50_000n], ['1,000 – 1,999', 100_000n], ['2,000 – 4,999', 200_000n], ['5,000 – 9,999', 500_000n], ['≥ 10,000', 1_000_000n],
];
const AGE_BANDS: readonly (readonly [string, number])[] = [['18 – 24', 0], ['25 – 29', 25], ['30 – 34', 30], ['35 – 39', 35], ['40 – 49', 40], ['≥ 50', 50]];

function lastBandAtOrBelow<T extends bigint | number>(bands: readonly (readonly [string, T])[], value: T): string {
  let band = bands[0]![0];
  for (const [name, lower] of bands) if (value >= lower) band = name;
  return band;
}

export const amountBand = (loan: PoolLoan): string => lastBandAtOrBelow(AMOUNT_BANDS, loan.principalMinor);
export const ageBand = (loan: PoolLoan): string => lastBandAtOrBelow(AGE_BANDS, loan.ageAtOrigination);
export const termBand = (loan: PoolLoan): string => (loan.termUnit === 'days' ? `${loan.term} days` : `${loan.term} months`);

/** Bands in `order` (bands with no loans are kept, so tables line up run to run); other bands after, sorted. */
export function stratify(loans: readonly PoolLoan[], bandOf: (loan: PoolLoan) => string, order: readonly string[]): StratumLine[] {
  const totals = { loans: 0, original: 0n, outstanding: 0n };
  const bands = new Map<string, { loans: number; original: bigint; outstanding: bigint }>(order.map((b) => [b, { loans: 0, original: 0n, outstanding: 0n }]));
  for (const loan of loans) {
    const name = bandOf(loan);
    const band = bands.get(name) ?? { loans: 0, original: 0n, outstanding: 0n };
    band.loans++;
    band.original += loan.principalMinor;
    band.outstanding += loan.outstandingMinor;
    bands.set(name, band);
    totals.loans++;
    totals.original += loan.principalMinor;
    totals.outstanding += loan.outstandingMinor;
  }
  const extra = [...bands.keys()].filter((b) => !order.includes(b)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return [...order, ...extra].map((name) => {
    const b = bands.get(name)!;
    return {
      band: name,
      loans: b.loans,
      loansPercent: percentOf(BigInt(b.loans), BigInt(totals.loans)),
      originalMinor: b.original,
      originalPercent: percentOf(b.original, totals.original),
      outstandingMinor: b.outstanding,
      outstandingPercent: percentOf(b.outstanding, totals.outstanding),
    };
  });
}

export async function poolLoans(db: Database, tenantId: string): Promise<PoolLoan[]> {
  const rows = await db.query<{ principal_minor: bigint; outstanding: bigint; term: number; term_unit: string; disbursed_on: string; birth_on: string }>(
    `SELECT l.principal_minor, CASE WHEN l.status = 'active' THEN l.principal_receivable_minor ELSE 0 END AS outstanding,
            d.term, cl.terms->>'termUnit' AS term_unit, l.disbursed_on, c.birth_on
     FROM lending_loans l
     JOIN lending_drawdowns d ON d.tenant_id = l.tenant_id AND d.loan_id = l.id
     JOIN lending_credit_lines cl ON cl.tenant_id = l.tenant_id AND cl.id = l.line_id
     JOIN lending_customers c ON c.tenant_id = l.tenant_id AND c.id = l.customer_id
     WHERE l.tenant_id = $1`,
    [tenantId],
  );
  return rows.map((r) => ({
    principalMinor: r.principal_minor,
    outstandingMinor: r.outstanding,
    term: r.term,
    termUnit: r.term_unit === 'days' ? 'days' : 'installments',
    ageAtOrigination: ageOn(r.birth_on as LocalDate, r.disbursed_on as LocalDate),
  }));
}

export async function stratification(db: Database, tenantId: string): Promise<Stratification> {
  const loans = await poolLoans(db, tenantId);
  const terms = [...new Set(loans.map(termBand))];
  const order = terms.sort((a, b) => (a.endsWith('days') === b.endsWith('days') ? parseInt(a, 10) - parseInt(b, 10) : a.endsWith('days') ? 1 : -1));
  return {
    amount: stratify(loans, amountBand, AMOUNT_BANDS.map(([name]) => name)),
    term: stratify(loans, termBand, order),
    age: stratify(loans, ageBand, AGE_BANDS.map(([name]) => name)),
  };
}
