-- A loan's credit balance (servicing's LoanState.creditBalanceMinor): what the lender owes the
-- borrower on it, held in its product's customerWallet account, as a column beside the receivables so
-- that the reconciliation sums it and operators can find the loans to pay back. Each event keeps the
-- part of it that went to or came from the credit balance, beside its components (0258).
ALTER TABLE lending_loans ADD COLUMN credit_balance_minor int8 NOT NULL DEFAULT 0 CHECK (credit_balance_minor >= 0);
ALTER TABLE lending_loan_events ADD COLUMN credit_balance_minor int8;

-- Refunds booked before the credit balance was kept already credited the wallet: a loan's balance is
-- what its transfers (referenced by the loan's id) moved into its product's wallet less what they took
-- out, written to the column and to the state document under the key of its form (stored-state.ts's
-- compact `cb`, or the generic form's field name).
WITH moved AS (
  SELECT tenant_id, reference AS loan_id, credit_account_id AS account, amount FROM ledger_transfers WHERE credit_account_id LIKE 'prod\_%\_customerWallet'
  UNION ALL
  SELECT tenant_id, reference, debit_account_id, -amount FROM ledger_transfers WHERE debit_account_id LIKE 'prod\_%\_customerWallet'
), held AS (
  SELECT tenant_id, loan_id, account, sum(amount)::int8 AS minor FROM moved GROUP BY tenant_id, loan_id, account
)
UPDATE lending_loans l
SET credit_balance_minor = h.minor,
    state = jsonb_set(l.state::jsonb, CASE WHEN l.state::jsonb ? 'v' THEN '{cb}'::text[] ELSE '{creditBalanceMinor}'::text[] END, to_jsonb(h.minor::text))::text
FROM held h
WHERE h.tenant_id = l.tenant_id AND h.loan_id = l.id AND h.account = 'prod_' || l.product_id || '_customerWallet' AND h.minor <> 0;
