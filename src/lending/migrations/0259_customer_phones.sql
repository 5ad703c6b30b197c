-- A customer's phone number changes (collections must reach the borrower where they are now) while
-- the customer row stays as registered: each change is a new version here, append-only, and a
-- customer is read with its latest (lending/customers/customers.ts).
CREATE TABLE lending_customer_phones (
  tenant_id text NOT NULL,
  customer_id text NOT NULL,
  version int NOT NULL CHECK (version > 0),
  phone text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, customer_id, version)
);

-- lending_refuse_change() comes from 0200_lending_products.
CREATE TRIGGER lending_customer_phones_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON lending_customer_phones
  FOR EACH STATEMENT EXECUTE FUNCTION lending_refuse_change();
