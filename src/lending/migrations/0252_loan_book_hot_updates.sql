-- End of day rewrites every loan it closes. Two changes let PostgreSQL do that as heap-only (HOT)
-- updates — the new row version on the same page, no index touched: no index covers a column end of
-- day changes (open_on and close_needed_on are filtered from the rows of the active-loan index), and
-- pages keep room for a new version of their rows.
DROP INDEX lending_loans_close_needed;
CREATE INDEX lending_loans_active ON lending_loans (tenant_id, id) WHERE status = 'active';
ALTER TABLE lending_loans SET (fillfactor = 60);
