-- Lending products: versions of a product document, append-only. A change is a new version; the
-- current version is the highest. Contracts name the version they were signed under.

CREATE FUNCTION lending_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'lending records are append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TABLE lending_product_versions (
  tenant_id text NOT NULL,
  product_id text NOT NULL,
  version int NOT NULL CHECK (version >= 1),
  type text NOT NULL,
  currency text NOT NULL,
  document jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, product_id, version)
);

CREATE TRIGGER lending_product_versions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON lending_product_versions
  FOR EACH STATEMENT EXECUTE FUNCTION lending_refuse_change();
