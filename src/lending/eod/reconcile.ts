/**
 * The end-of-day proof that the books tie: every currency's trial balance balances, and for every
 * product the sum of its loans' receivables (the loan sub-ledger) equals the balance of the product's
 * receivable accounts in the ledger, and the sum of its loans' credit balances the balance its
 * customer wallet holds for them, to the cent. Any difference is a break, reported by name.
 */
import type { Database } from '../../db/database.ts';
import type { Ledger } from '../../ledger/ledger.ts';
import { currency, formatAmount, type Currency } from '../../kernel/money.ts';
import { productAccountId } from '../products/chart-of-accounts.ts';
import { RECEIVABLE_ROLES, type ReceivableRole } from '../servicing/index.ts';

export interface ReceivableTie {
  readonly productId: string;
  readonly currency: Currency;
  readonly role: ReceivableRole;
  readonly subLedgerMinor: bigint;
  readonly ledgerMinor: bigint;
}

/** What a product's loans owe their borrowers against what its customer wallet account holds. */
export interface CreditBalanceTie {
  readonly productId: string;
  readonly currency: Currency;
  readonly subLedgerMinor: bigint;
  readonly ledgerMinor: bigint;
}

export interface Reconciliation {
  readonly tied: boolean;
  readonly trialBalances: { ledger: Currency; debitsPosted: bigint; creditsPosted: bigint; balanced: boolean }[];
  readonly receivables: ReceivableTie[];
  readonly creditBalances: CreditBalanceTie[];
  readonly breaks: string[];
}

export async function reconcile(db: Database, ledger: Ledger, tenantId: string): Promise<Reconciliation> {
  const breaks: string[] = [];
  const trialBalances = [];
  for (const tb of await ledger.trialBalances(tenantId)) {
    const c = currency(tb.ledger); // every ledger is a currency (validated when its accounts were made)
    trialBalances.push({ ledger: c, debitsPosted: tb.debitsPosted, creditsPosted: tb.creditsPosted, balanced: tb.balanced });
    if (!tb.balanced) breaks.push(`${c} trial balance: debits ${formatAmount(tb.debitsPosted, c)} ≠ credits ${formatAmount(tb.creditsPosted, c)}`);
  }
  const sums = await db.query<{ product_id: string; currency: string; pr: bigint; ir: bigint; fr: bigint; penr: bigint; cb: bigint }>(
    `SELECT product_id, currency, sum(principal_receivable_minor)::int8 AS pr, sum(interest_receivable_minor)::int8 AS ir,
            sum(fee_receivable_minor)::int8 AS fr, sum(penalty_receivable_minor)::int8 AS penr, sum(credit_balance_minor)::int8 AS cb
     FROM lending_loans WHERE tenant_id = $1 GROUP BY product_id, currency ORDER BY product_id, currency`,
    [tenantId],
  );
  const accountIds = sums.flatMap((s) => [...RECEIVABLE_ROLES, 'customerWallet' as const].map((role) => productAccountId(s.product_id, role)));
  const accounts = await ledger.lookupAccounts(tenantId, accountIds);
  // Debit balances; the customer wallet, a liability, holds its credit balance as a negative one.
  const ledgerBalance = new Map(accounts.map((a) => [a.id, a.debitsPosted - a.creditsPosted]));
  const receivables: ReceivableTie[] = [];
  const creditBalances: CreditBalanceTie[] = [];
  for (const s of sums) {
    const subLedger = { loansReceivable: s.pr, interestReceivable: s.ir, feeReceivable: s.fr, penaltyReceivable: s.penr };
    const c = currency(s.currency);
    for (const role of RECEIVABLE_ROLES) {
      const ledgerMinor = ledgerBalance.get(productAccountId(s.product_id, role)) ?? 0n;
      receivables.push({ productId: s.product_id, currency: c, role, subLedgerMinor: subLedger[role], ledgerMinor });
      if (ledgerMinor !== subLedger[role]) breaks.push(`${s.product_id} ${role}: loans ${formatAmount(subLedger[role], c)} ≠ ledger ${formatAmount(ledgerMinor, c)}`);
    }
    const walletMinor = -(ledgerBalance.get(productAccountId(s.product_id, 'customerWallet')) ?? 0n);
    creditBalances.push({ productId: s.product_id, currency: c, subLedgerMinor: s.cb, ledgerMinor: walletMinor });
    if (walletMinor !== s.cb) breaks.push(`${s.product_id} customerWallet: loans' credit balances ${formatAmount(s.cb, c)} ≠ ledger ${formatAmount(walletMinor, c)}`);
  }
  return { tied: breaks.length === 0, trialBalances, receivables, creditBalances, breaks };
}

/** The reconciliation as JSON: amounts as decimal strings in major units of their currency. */
export interface ReconciliationJson {
  readonly tied: boolean;
  readonly trialBalances: { ledger: string; debitsPosted: string; creditsPosted: string; balanced: boolean }[];
  readonly receivables: { productId: string; currency: string; role: ReceivableTie['role']; subLedger: string; ledger: string }[];
  readonly creditBalances: { productId: string; currency: string; subLedger: string; ledger: string }[];
  readonly breaks: string[];
}

export function reconciliationToJson(r: Reconciliation): ReconciliationJson {
  return {
    tied: r.tied,
    trialBalances: r.trialBalances.map((tb) => ({ ...tb, debitsPosted: formatAmount(tb.debitsPosted, tb.ledger), creditsPosted: formatAmount(tb.creditsPosted, tb.ledger) })),
    receivables: r.receivables.map(tieJson),
    creditBalances: r.creditBalances.map(tieJson),
    breaks: r.breaks,
  };
}

function tieJson<T extends { currency: Currency; subLedgerMinor: bigint; ledgerMinor: bigint }>({ subLedgerMinor, ledgerMinor, ...tie }: T) {
  return { ...tie, subLedger: formatAmount(subLedgerMinor, tie.currency), ledger: formatAmount(ledgerMinor, tie.currency) };
}
