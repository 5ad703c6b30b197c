-- Optimistic batches (batch-store.ts): a batch read without locks is written by one statement that
-- refuses itself when an account it relied on changed meanwhile. This function is that refusal:
-- serialization_failure rolls the statement back, and the ledger runs the batch again under locks.

CREATE FUNCTION ledger_refuse_stale_batch(stale bigint) RETURNS bigint AS $$
BEGIN
  IF stale > 0 THEN
    RAISE EXCEPTION 'ledger batch refused: % account(s) changed since the batch read them', stale
      USING ERRCODE = 'serialization_failure';
  END IF;
  RETURN stale;
END;
$$ LANGUAGE plpgsql;
