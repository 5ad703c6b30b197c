-- End of day touches only loans whose next close can change them (servicing's nextCloseNeededOn):
-- a current fee-priced loan sleeps until its due date. NULL once the loan is closed or written off.
ALTER TABLE lending_loans ADD COLUMN close_needed_on date;
UPDATE lending_loans SET close_needed_on = open_on WHERE status = 'active';
DROP INDEX lending_loans_open;
CREATE INDEX lending_loans_close_needed ON lending_loans (tenant_id, close_needed_on, id) WHERE status = 'active';
