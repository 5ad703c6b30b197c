-- End of day finds the loans a date must close without visiting the ones asleep. A loan that needs a
-- close every day (interest accrues, or it is overdue) has sleeps_until NULL, which stays NULL from
-- one day to the next, so its daily rewrite stays a heap-only (HOT) update although the column is
-- indexed; a current fee-priced loan sleeps until its next due date and is re-indexed only when it
-- wakes. Loans to close on D: active, and sleeps_until NULL or on or before D (close_needed_on, read
-- from the row, still leaves out a loan a resumed run already closed).
ALTER TABLE lending_loans ADD COLUMN sleeps_until date;
UPDATE lending_loans SET sleeps_until = close_needed_on WHERE status = 'active' AND close_needed_on > open_on;
CREATE INDEX lending_loans_to_close ON lending_loans (tenant_id, sleeps_until, id) WHERE status = 'active';
