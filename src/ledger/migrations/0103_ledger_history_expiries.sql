-- Expiries in the balance history. Releasing an expired pending transfer changes its accounts' pending
-- counters, so an account flagged `history` records its balances after it, as TigerBeetle records the
-- balances after a `two_phase_expired` event. Such a row names the pending transfer that expired
-- (transfer_id) and takes its own position (transfer_seq) from ledger_transfer_seq when it expires;
-- `event` tells it from the row of the transfer that created the pending one. Existing rows are
-- transfers (the default is stored once, no row is rewritten); the check holds for every new row.
ALTER TABLE ledger_account_history ADD COLUMN event text NOT NULL DEFAULT 'transfer';
ALTER TABLE ledger_account_history ADD CONSTRAINT ledger_account_history_event CHECK (event IN ('transfer', 'expiry')) NOT VALID;

