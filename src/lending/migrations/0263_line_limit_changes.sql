-- A credit line's limit over time (origination/line-limits.ts), append-only: each change with the
-- new limit and its reason. A line with no row has the limit it opened with.
CREATE TABLE lending_line_limit_changes (
  tenant_id text NOT NULL,
  line_id text NOT NULL,
  seq int NOT NULL,
  limit_minor int8 NOT NULL CHECK (limit_minor > 0),
  reason text NOT NULL,
  changed_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, line_id, seq)
);

-- lending_refuse_change() comes from 0200_lending_products.
CREATE TRIGGER lending_line_limit_changes_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON lending_line_limit_changes
  FOR EACH STATEMENT EXECUTE FUNCTION lending_refuse_change();
