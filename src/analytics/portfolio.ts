/**
 * The portfolio snapshot a risk manager or an ABS investor reads: customers, applications and the
 * approval rate, loans and what was disbursed, the outstanding principal by delinquency bucket
 * (M0–M7), the 30+ and 90+ (NPL) ratios, the book by product, and the ledger's trial balance with
 * the check that the outstanding principal of the loan book is what the ledger's loans-receivable
 * accounts hold. Read-only queries over the lending tables and the ledger; amounts are bigint minor
 * units until they are formatted for the report.
 */
import type { Database } from '../db/database.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { TrialBalance } from '../ledger/reads.ts';
import { productAccountId } from '../lending/products/chart-of-accounts.ts';

export const BUCKETS = ['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7'] as const;

export interface BucketLine {
  readonly bucket: (typeof BUCKETS)[number];
  readonly loans: number;
  readonly outstandingMinor: bigint;
}

export interface ProductLine {
  readonly productId: string;
  readonly loans: number;
  readonly disbursedMinor: bigint;
  readonly outstandingMinor: bigint;
}

export interface Portfolio {
  readonly customers: number;
  readonly applications: { readonly total: number; readonly approved: number; readonly rejected: number; readonly review: number };
  readonly loans: { readonly total: number; readonly active: number; readonly closed: number; readonly writtenOff: number };
  readonly disbursedMinor: bigint;
  /** Principal the borrowers of active loans owe (the receivable), by loan. */
  readonly outstandingMinor: bigint;
  readonly buckets: readonly BucketLine[];
  /** Outstanding principal of active loans 30 or more, and 90 or more, days past due. */
  readonly dpd30PlusMinor: bigint;
  readonly dpd90PlusMinor: bigint;
  readonly writtenOffPrincipalMinor: bigint;
  readonly products: readonly ProductLine[];
  readonly trialBalance: TrialBalance;
  /** The balance of every product's loans-receivable account in the ledger, summed. */
  readonly ledgerLoansReceivableMinor: bigint;
}

const count = (value: bigint | null | undefined): number => Number(value ?? 0n);

export async function portfolioSnapshot(db: Database, ledger: Ledger, tenantId: string, currency: string): Promise<Portfolio> {
  const [customers] = await db.query<{ n: bigint }>('SELECT count(*)::int8 AS n FROM lending_customers WHERE tenant_id = $1', [tenantId]);
  const outcomes = await db.query<{ outcome: string; n: bigint }>(
    'SELECT outcome, count(*)::int8 AS n FROM lending_applications WHERE tenant_id = $1 GROUP BY outcome',
    [tenantId],
  );
  const outcome = (name: string): number => count(outcomes.find((o) => o.outcome === name)?.n);
  const byProduct = await db.query<{ product_id: string; status: string; n: bigint; disbursed: bigint; outstanding: bigint; written_off: bigint; dpd30: bigint; dpd90: bigint }>(
    `SELECT product_id, status, count(*)::int8 AS n, sum(principal_minor)::int8 AS disbursed, sum(principal_receivable_minor)::int8 AS outstanding,
            sum(written_off_principal_minor)::int8 AS written_off,
            coalesce(sum(principal_receivable_minor) FILTER (WHERE days_past_due >= 30), 0)::int8 AS dpd30,
            coalesce(sum(principal_receivable_minor) FILTER (WHERE days_past_due >= 90), 0)::int8 AS dpd90
     FROM lending_loans WHERE tenant_id = $1 GROUP BY product_id, status ORDER BY product_id, status`,
    [tenantId],
  );
  const buckets = await db.query<{ bucket: string; n: bigint; outstanding: bigint }>(
    `SELECT bucket, count(*)::int8 AS n, sum(principal_receivable_minor)::int8 AS outstanding
     FROM lending_loans WHERE tenant_id = $1 AND status = 'active' GROUP BY bucket`,
    [tenantId],
  );
  const active = byProduct.filter((r) => r.status === 'active');
  const sum = (rows: readonly typeof byProduct[number][], pick: (r: typeof byProduct[number]) => bigint): bigint => rows.reduce((s, r) => s + pick(r), 0n);
  const statusCount = (status: string): number => byProduct.filter((r) => r.status === status).reduce((s, r) => s + count(r.n), 0);
  const productIds = [...new Set(byProduct.map((r) => r.product_id))];
  const receivableAccounts = await ledger.lookupAccounts(tenantId, productIds.map((p) => productAccountId(p, 'loansReceivable')));
  return {
    customers: count(customers?.n),
    applications: { total: outcomes.reduce((s, o) => s + count(o.n), 0), approved: outcome('approve'), rejected: outcome('reject'), review: outcome('review') },
    loans: { total: byProduct.reduce((s, r) => s + count(r.n), 0), active: statusCount('active'), closed: statusCount('closed'), writtenOff: statusCount('writtenOff') },
    disbursedMinor: sum(byProduct, (r) => r.disbursed),
    outstandingMinor: sum(active, (r) => r.outstanding),
    buckets: BUCKETS.map((bucket) => {
      const line = buckets.find((b) => b.bucket === bucket);
      return { bucket, loans: count(line?.n), outstandingMinor: line?.outstanding ?? 0n };
    }),
    dpd30PlusMinor: sum(active, (r) => r.dpd30),
    dpd90PlusMinor: sum(active, (r) => r.dpd90),
    writtenOffPrincipalMinor: sum(byProduct, (r) => r.written_off),
    products: productIds.map((productId) => {
      const rows = byProduct.filter((r) => r.product_id === productId);
      return { productId, loans: rows.reduce((s, r) => s + count(r.n), 0), disbursedMinor: sum(rows, (r) => r.disbursed), outstandingMinor: sum(rows.filter((r) => r.status === 'active'), (r) => r.outstanding) };
    }),
    trialBalance: await ledger.trialBalance(tenantId, currency),
    ledgerLoansReceivableMinor: receivableAccounts.reduce((s, a) => s + a.debitsPosted - a.creditsPosted, 0n),
  };
}
