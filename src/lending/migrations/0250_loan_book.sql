-- The loan book: one row per loan with its immutable contract terms and its current servicing state,
-- the receivable balances the end-of-day reconciliation sums, and an append-only journal of every
-- event applied to it. The business calendar and the end-of-day runs live here too.

CREATE TABLE lending_loans (
  tenant_id text NOT NULL,
  id text NOT NULL,
  line_id text,
  customer_id text NOT NULL,
  product_id text NOT NULL,
  product_version int NOT NULL,
  currency text NOT NULL,
  principal_minor int8 NOT NULL CHECK (principal_minor > 0),
  disbursed_on date NOT NULL,
  terms jsonb NOT NULL,
  state jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'closed', 'writtenOff')),
  -- The next business date whose events the loan accepts (every earlier date is closed for it).
  open_on date NOT NULL,
  days_past_due int NOT NULL,
  bucket text NOT NULL,
  principal_receivable_minor int8 NOT NULL,
  interest_receivable_minor int8 NOT NULL,
  fee_receivable_minor int8 NOT NULL,
  penalty_receivable_minor int8 NOT NULL,
  events int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX lending_loans_open ON lending_loans (tenant_id, open_on, id) WHERE status = 'active';
CREATE INDEX lending_loans_line ON lending_loans (tenant_id, line_id);
CREATE INDEX lending_loans_customer ON lending_loans (tenant_id, customer_id);

CREATE TABLE lending_loan_events (
  tenant_id text NOT NULL,
  loan_id text NOT NULL,
  seq int NOT NULL,
  type text NOT NULL,
  occurred_on date NOT NULL,
  amount_minor int8,
  client_id text,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, loan_id, seq)
);
CREATE UNIQUE INDEX lending_loan_events_client ON lending_loan_events (tenant_id, client_id) WHERE client_id IS NOT NULL;

-- lending_refuse_change() comes from 0200_lending_products.
CREATE TRIGGER lending_loan_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON lending_loan_events
  FOR EACH STATEMENT EXECUTE FUNCTION lending_refuse_change();

-- One row per tenant: the last business date whose end of day completed.
CREATE TABLE lending_business_calendar (
  tenant_id text NOT NULL,
  closed_through date NOT NULL,
  PRIMARY KEY (tenant_id)
);

CREATE TABLE lending_eod_runs (
  tenant_id text NOT NULL,
  business_date date NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'closed')),
  chunks int NOT NULL,
  loans int NOT NULL,
  started_at timestamptz NOT NULL,
  closed_at timestamptz,
  report jsonb,
  PRIMARY KEY (tenant_id, business_date)
);

CREATE TABLE lending_eod_chunks (
  tenant_id text NOT NULL,
  business_date date NOT NULL,
  chunk int NOT NULL,
  first_loan_id text NOT NULL,
  last_loan_id text NOT NULL,
  done boolean NOT NULL DEFAULT false,
  loans int NOT NULL DEFAULT 0,
  done_at timestamptz,
  PRIMARY KEY (tenant_id, business_date, chunk)
);
