-- A reversal is journaled as an event of its own that names the event it reverses (by its seq on the
-- same loan); the reversed event's row stays as it was booked. At most one reversal per event.
ALTER TABLE lending_loan_events ADD COLUMN reverses_seq int;
CREATE UNIQUE INDEX lending_loan_events_reversal ON lending_loan_events (tenant_id, loan_id, reverses_seq) WHERE reverses_seq IS NOT NULL;
