-- Responses kept for Idempotency-Key replays. A row is claimed (status_code NULL) before the handler
-- runs and completed with the response after; a claim older than the lease may be taken over.
CREATE TABLE api_idempotency_keys (
  tenant_id text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  status_code int,
  response_body text,
  claimed_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, key)
);
