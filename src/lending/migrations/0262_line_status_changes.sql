-- A credit line's status over time (origination/line-status.ts), append-only: frozen (no drawdown or
-- hold until it is made active again; a fraud or risk control), active again, or closed for good.
-- A line with no row is active. Loans already drawn go on as they are.
CREATE TABLE lending_line_status_changes (
  tenant_id text NOT NULL,
  line_id text NOT NULL,
  seq int NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'frozen', 'closed')),
  reason text NOT NULL,
  changed_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, line_id, seq)
);

-- lending_refuse_change() comes from 0200_lending_products.
CREATE TRIGGER lending_line_status_changes_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON lending_line_status_changes
  FOR EACH STATEMENT EXECUTE FUNCTION lending_refuse_change();
