-- Every credit line has an over-limit account on the ledger (origination/credit-limits.ts): what a
-- reversal put back on the line's loans beyond its available limit. New lines open with it; this
-- opens it for the lines opened before, with nothing on it. The flag 2 is creditsMustNotExceedDebits
-- (ledger/types.ts), the code 9030 LIMIT_ACCOUNT_CODES.overLimit.
INSERT INTO ledger_accounts (tenant_id, id, ledger, code, flags, reference, created_at)
SELECT tenant_id, 'limo_' || id, currency, 9030, 2, 'credit line ' || id || ' over limit', created_at
FROM lending_credit_lines
ON CONFLICT (tenant_id, id) DO NOTHING;
