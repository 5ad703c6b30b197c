-- A drawdown's principal and a hold's amount carry their currency on their own row, as every other
-- amount in lendcore does, so a drawdown or hold is shown without reading its credit line. Rows
-- written before take their line's currency, which a line never changes; the append-only triggers
-- are lifted for this one backfill only, inside the migration's transaction.
ALTER TABLE lending_drawdowns ADD COLUMN currency text;
ALTER TABLE lending_drawdowns DISABLE TRIGGER lending_drawdowns_append_only;
UPDATE lending_drawdowns d SET currency = l.currency FROM lending_credit_lines l WHERE l.tenant_id = d.tenant_id AND l.id = d.line_id;
ALTER TABLE lending_drawdowns ENABLE TRIGGER lending_drawdowns_append_only;
ALTER TABLE lending_drawdowns ALTER COLUMN currency SET NOT NULL;

ALTER TABLE lending_holds ADD COLUMN currency text;
ALTER TABLE lending_holds DISABLE TRIGGER lending_holds_append_only;
UPDATE lending_holds h SET currency = l.currency FROM lending_credit_lines l WHERE l.tenant_id = h.tenant_id AND l.id = h.line_id;
ALTER TABLE lending_holds ENABLE TRIGGER lending_holds_append_only;
ALTER TABLE lending_holds ALTER COLUMN currency SET NOT NULL;
