/**
 * The end-of-day proof that the books tie: every currency's trial balance balances, and for every
 * product the sum of its loans' receivables (the loan sub-ledger) equals the balance of the product's
 * receivable accounts in the ledger, to the cent. Any difference is a break, reported by name.
 */
import type { Database } from '../../db/database.ts';
import type { Ledger } from '../../ledger/ledger.ts';
import { productAccountId } from '../products/chart-of-accounts.ts';

export interface ReceivableTie {
  readonly productId: string;
  readonly role: 'loansReceivable' | 'interestReceivable' | 'feeReceivable' | 'penaltyReceivable';
  readonly subLedgerMinor: bigint;
  readonly ledgerMinor: bigint;
}

export interface Reconciliation {
  readonly tied: boolean;
  readonly trialBalances: { ledger: string; debitsPosted: bigint; creditsPosted: bigint; balanced: boolean }[];
  readonly receivables: ReceivableTie[];
  readonly breaks: string[];
}

const ROLES = ['loansReceivable', 'interestReceivable', 'feeReceivable', 'penaltyReceivable'] as const;

export async function reconcile(db: Database, ledger: Ledger, tenantId: string): Promise<Reconciliation> {
  const breaks: string[] = [];
  const trialBalances = [];
  for (const tb of await ledger.trialBalances(tenantId)) {
    trialBalances.push({ ledger: tb.ledger, debitsPosted: tb.debitsPosted, creditsPosted: tb.creditsPosted, balanced: tb.balanced });
    if (!tb.balanced) breaks.push(`${tb.ledger} trial balance: debits ${tb.debitsPosted} ≠ credits ${tb.creditsPosted}`);
  }
  const sums = await db.query<{ product_id: string; pr: bigint; ir: bigint; fr: bigint; penr: bigint }>(
    `SELECT product_id, sum(principal_receivable_minor)::int8 AS pr, sum(interest_receivable_minor)::int8 AS ir,
            sum(fee_receivable_minor)::int8 AS fr, sum(penalty_receivable_minor)::int8 AS penr
     FROM lending_loans WHERE tenant_id = $1 GROUP BY product_id ORDER BY product_id`,
    [tenantId],
  );
  const accountIds = sums.flatMap((s) => ROLES.map((role) => productAccountId(s.product_id, role)));
  const accounts = await ledger.lookupAccounts(tenantId, accountIds);
  const ledgerBalance = new Map(accounts.map((a) => [a.id, a.debitsPosted - a.creditsPosted]));
  const receivables: ReceivableTie[] = [];
  for (const s of sums) {
    const subLedger = { loansReceivable: s.pr, interestReceivable: s.ir, feeReceivable: s.fr, penaltyReceivable: s.penr };
    for (const role of ROLES) {
      const ledgerMinor = ledgerBalance.get(productAccountId(s.product_id, role)) ?? 0n;
      receivables.push({ productId: s.product_id, role, subLedgerMinor: subLedger[role], ledgerMinor });
      if (ledgerMinor !== subLedger[role]) breaks.push(`${s.product_id} ${role}: loans ${subLedger[role]} ≠ ledger ${ledgerMinor}`);
    }
  }
  return { tied: breaks.length === 0, trialBalances, receivables, breaks };
}
