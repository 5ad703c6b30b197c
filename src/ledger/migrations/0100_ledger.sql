-- The double-entry ledger (TigerBeetle's model on PostgreSQL).
-- Accounts hold four counters kept by the batch writer; transfers, failed transfer ids and pending
-- resolutions are append-only: triggers refuse UPDATE, DELETE and TRUNCATE on them.

CREATE TABLE ledger_accounts (
  tenant_id text NOT NULL,
  id text NOT NULL,
  ledger text NOT NULL,
  code int NOT NULL CHECK (code > 0),
  flags int NOT NULL,
  debits_pending int8 NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),
  debits_posted int8 NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),
  credits_pending int8 NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),
  credits_posted int8 NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),
  reference text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE SEQUENCE ledger_transfer_seq CACHE 1000;

CREATE TABLE ledger_transfers (
  tenant_id text NOT NULL,
  id text NOT NULL,
  seq int8 NOT NULL DEFAULT nextval('ledger_transfer_seq'),
  debit_account_id text NOT NULL,
  credit_account_id text NOT NULL,
  amount int8 NOT NULL CHECK (amount >= 0),
  ledger text NOT NULL,
  code int NOT NULL,
  flags int NOT NULL,
  pending_id text,
  timeout_seconds int NOT NULL DEFAULT 0,
  reference text,
  effective_on date NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX ledger_transfers_debit ON ledger_transfers (tenant_id, debit_account_id, seq);
CREATE INDEX ledger_transfers_credit ON ledger_transfers (tenant_id, credit_account_id, seq);
CREATE INDEX ledger_transfers_pending ON ledger_transfers (tenant_id, pending_id) WHERE pending_id IS NOT NULL;

-- Ids whose transfer failed for a reason that depends on ledger state (a balance, a missing account):
-- they are spent, so a retry cannot succeed later and surprise the client (docs/result-codes.md).
CREATE TABLE ledger_failed_transfers (
  tenant_id text NOT NULL,
  id text NOT NULL,
  result text NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

-- One row per pending transfer once it is posted, voided or expired; the primary key makes a second
-- resolution impossible even under concurrency.
CREATE TABLE ledger_pending_resolutions (
  tenant_id text NOT NULL,
  pending_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('posted', 'voided', 'expired')),
  transfer_id text,
  effective_on date NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, pending_id)
);

-- Pending transfers with a timeout, until resolved: what the expiry sweep reads.
CREATE TABLE ledger_pending_expiries (
  tenant_id text NOT NULL,
  pending_id text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, pending_id)
);
CREATE INDEX ledger_pending_expiries_due ON ledger_pending_expiries (expires_at);

-- Balances after each transfer, for accounts flagged `history`.
CREATE TABLE ledger_account_history (
  tenant_id text NOT NULL,
  account_id text NOT NULL,
  transfer_seq int8 NOT NULL,
  transfer_id text NOT NULL,
  debits_pending int8 NOT NULL,
  debits_posted int8 NOT NULL,
  credits_pending int8 NOT NULL,
  credits_posted int8 NOT NULL,
  PRIMARY KEY (tenant_id, account_id, transfer_seq)
);

CREATE FUNCTION ledger_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'ledger rows are append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER ledger_transfers_append_only BEFORE UPDATE OR DELETE ON ledger_transfers
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_transfers_no_truncate BEFORE TRUNCATE ON ledger_transfers
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_failed_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_failed_transfers
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_resolutions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_pending_resolutions
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_account_history
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
