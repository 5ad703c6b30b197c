-- Origination: applications with their decision, offers, credit lines (the contract: immutable terms
-- snapshot of the product version, priced at the decision's tier), drawdowns (each with its schedule), checkout holds and their
-- single resolution. Every table is append-only; state changes are new rows.

CREATE TABLE lending_applications (
  tenant_id text NOT NULL,
  id text NOT NULL,
  customer_id text NOT NULL,
  product_id text NOT NULL,
  product_version int NOT NULL,
  currency text NOT NULL,
  request jsonb NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('approve', 'reject', 'review')),
  limit_minor int8 NOT NULL CHECK (limit_minor >= 0),
  price_tier text,
  reasons jsonb NOT NULL,
  decision_id text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX lending_applications_customer ON lending_applications (tenant_id, customer_id, id);

CREATE TABLE lending_offers (
  tenant_id text NOT NULL,
  id text NOT NULL,
  application_id text NOT NULL,
  customer_id text NOT NULL,
  product_id text NOT NULL,
  product_version int NOT NULL,
  currency text NOT NULL,
  limit_minor int8 NOT NULL CHECK (limit_minor > 0),
  price_tier text,
  terms jsonb NOT NULL,
  example jsonb NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, application_id)
);

CREATE TABLE lending_credit_lines (
  tenant_id text NOT NULL,
  id text NOT NULL,
  offer_id text NOT NULL,
  customer_id text NOT NULL,
  product_id text NOT NULL,
  product_version int NOT NULL,
  currency text NOT NULL,
  limit_minor int8 NOT NULL CHECK (limit_minor > 0),
  price_tier text,
  terms jsonb NOT NULL,
  opened_on date NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, offer_id)
);
CREATE INDEX lending_credit_lines_customer ON lending_credit_lines (tenant_id, customer_id, id);

CREATE TABLE lending_drawdowns (
  tenant_id text NOT NULL,
  id text NOT NULL,
  line_id text NOT NULL,
  loan_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('cash', 'purchase')),
  hold_id text,
  merchant_id text,
  purpose text,
  principal_minor int8 NOT NULL CHECK (principal_minor > 0),
  term int NOT NULL,
  disbursed_on date NOT NULL,
  schedule jsonb NOT NULL,
  apr_percent numeric NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, loan_id)
);
CREATE INDEX lending_drawdowns_line ON lending_drawdowns (tenant_id, line_id, id);

CREATE TABLE lending_holds (
  tenant_id text NOT NULL,
  id text NOT NULL,
  line_id text NOT NULL,
  amount_minor int8 NOT NULL CHECK (amount_minor > 0),
  term int NOT NULL,
  merchant_id text NOT NULL,
  reference text,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX lending_holds_line ON lending_holds (tenant_id, line_id, id);

CREATE TABLE lending_hold_resolutions (
  tenant_id text NOT NULL,
  hold_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('captured', 'voided')),
  amount_minor int8 NOT NULL CHECK (amount_minor >= 0),
  drawdown_id text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, hold_id)
);

CREATE TRIGGER lending_customers_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON lending_customers
  FOR EACH STATEMENT EXECUTE FUNCTION lending_refuse_change();
CREATE TRIGGER lending_applications_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON lending_applications
  FOR EACH STATEMENT EXECUTE FUNCTION lending_refuse_change();
CREATE TRIGGER lending_offers_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON lending_offers
  FOR EACH STATEMENT EXECUTE FUNCTION lending_refuse_change();
CREATE TRIGGER lending_credit_lines_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON lending_credit_lines
  FOR EACH STATEMENT EXECUTE FUNCTION lending_refuse_change();
CREATE TRIGGER lending_drawdowns_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON lending_drawdowns
  FOR EACH STATEMENT EXECUTE FUNCTION lending_refuse_change();
CREATE TRIGGER lending_holds_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON lending_holds
  FOR EACH STATEMENT EXECUTE FUNCTION lending_refuse_change();
CREATE TRIGGER lending_hold_resolutions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON lending_hold_resolutions
  FOR EACH STATEMENT EXECUTE FUNCTION lending_refuse_change();
