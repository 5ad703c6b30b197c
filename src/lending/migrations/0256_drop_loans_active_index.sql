-- End of day finds the loans a date must close through lending_loans_to_close (0253), so the index of
-- active loans by id (0252) no longer serves it. Every loan written and every rewrite that is not a
-- heap-only update (a loan waking on a due date changes sleeps_until) paid for one more index entry.
DROP INDEX lending_loans_active;
