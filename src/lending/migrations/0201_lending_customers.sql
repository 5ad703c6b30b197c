-- Customers. The ID number is kept only as an HMAC-SHA256 (keyed by LENDCORE_PII_KEY) and a masked
-- form; the hash is unique per tenant and ID type, so one person is one customer.

CREATE TABLE lending_customers (
  tenant_id text NOT NULL,
  id text NOT NULL,
  id_type text NOT NULL,
  id_number_hash text NOT NULL,
  id_number_masked text NOT NULL,
  name text,
  phone text NOT NULL,
  birth_on date NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, id_type, id_number_hash)
);
