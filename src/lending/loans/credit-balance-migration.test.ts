import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { openTestDatabaseAcross } from '../../db/test-database.ts';

const CREDIT_BALANCE_MIGRATION = '0264_loan_credit_balances';

/**
 * Three loans of product bnpl: one in the compact stored form and one in the generic form, each
 * refunded beyond what it owed before the credit balance was kept, and one never refunded.
 */
async function seedEarlierForm(db: Database): Promise<void> {
  const at = '2026-01-05T00:00:00Z';
  for (const [id, state] of [['loan-compact', '{"v":1,"s":"closed"}'], ['loan-generic', '{"status":"closed"}'], ['loan-untouched', '{"v":1,"s":"active"}']]) {
    await db.query(`INSERT INTO lending_loans (tenant_id, id, customer_id, product_id, product_version, currency, principal_minor, disbursed_on, terms, state, status,
        open_on, days_past_due, bucket, principal_receivable_minor, interest_receivable_minor, fee_receivable_minor, penalty_receivable_minor, created_at)
      VALUES ('t', $1, 'cust-1', 'bnpl', 1, 'CNY', 60000, '2026-01-05', '{}', $2, 'closed', '2026-01-06', 0, 'M0', 0, 0, 0, 0, $3)`, [id, state, at]);
  }
  const transfer = async (id: string, debit: string, credit: string, amount: number, loanId: string) =>
    db.query(`INSERT INTO ledger_transfers (tenant_id, id, debit_account_id, credit_account_id, amount, ledger, code, flags, reference, effective_on, recorded_at)
      VALUES ('t', $1, $2, $3, $4, 'CNY', 106, 0, $5, '2026-01-05', $6)`, [id, debit, credit, amount, loanId, at]);
  await transfer('r1', 'prod_bnpl_merchantPayable', 'prod_bnpl_customerWallet', 30000, 'loan-compact');
  await transfer('r2', 'prod_bnpl_feeIncome', 'prod_bnpl_customerWallet', 150, 'loan-compact');
  await transfer('r3', 'prod_bnpl_merchantPayable', 'prod_bnpl_customerWallet', 2000, 'loan-generic');
  // Money paid out of the wallet for a loan counts against its balance.
  await transfer('p1', 'prod_bnpl_customerWallet', 'prod_bnpl_fundingSource', 500, 'loan-generic');
  await transfer('x1', 'prod_bnpl_repaymentClearing', 'prod_bnpl_loansReceivable', 7000, 'loan-untouched');
}

describe(`migration ${CREDIT_BALANCE_MIGRATION}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabaseAcross(CREDIT_BALANCE_MIGRATION, seedEarlierForm);
  });
  afterAll(() => db.close());

  it('gives each loan what its transfers left in its product\'s wallet, in the column and in its state under its form\'s key', async () => {
    const rows = await db.query<{ id: string; credit_balance_minor: bigint; cb: string | null; generic: string | null }>(
      `SELECT id, credit_balance_minor, state::jsonb->>'cb' AS cb, state::jsonb->>'creditBalanceMinor' AS generic FROM lending_loans ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 'loan-compact', credit_balance_minor: 30150n, cb: '30150', generic: null },
      { id: 'loan-generic', credit_balance_minor: 1500n, cb: null, generic: '1500' },
      { id: 'loan-untouched', credit_balance_minor: 0n, cb: null, generic: null },
    ]);
  });
});
