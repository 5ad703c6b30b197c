-- A loan's terms and servicing state, and a drawdown's schedule, are documents lendcore alone writes
-- and reads whole; no query looks inside them on a hot path. As jsonb, every write parsed them into
-- PostgreSQL's binary form and every read printed them back, about half the cost of reading or
-- writing a loan row. As text (valid JSON, written by JSON.stringify) they are stored and returned
-- as they are. The few report queries that look inside cast to jsonb.
ALTER TABLE lending_loans ALTER COLUMN terms TYPE text USING terms::text, ALTER COLUMN state TYPE text USING state::text;
ALTER TABLE lending_drawdowns ALTER COLUMN schedule TYPE text USING schedule::text;
