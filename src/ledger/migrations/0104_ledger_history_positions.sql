-- An account's balance history is ordered by a position of its own, drawn from the account row while
-- the write holds its lock, so the order is the order the account's changes committed in, whatever
-- connection (lane) committed them. The global transfer sequence cannot order it: on PostgreSQL each
-- connection caches its own block of sequence values. transfer_seq stays, naming the transfer's (or,
-- for an expiry, the release's) place in the sequence.
ALTER TABLE ledger_accounts ADD COLUMN history_position int8 NOT NULL DEFAULT 0;
ALTER TABLE ledger_account_history ADD COLUMN position int8;

-- Rows written before this migration keep their order: transfer_seq, numbered per account. The
-- append-only trigger is lifted for this one rewrite only.
ALTER TABLE ledger_account_history DISABLE TRIGGER ledger_history_append_only;
UPDATE ledger_account_history h SET position = n.position
FROM (SELECT tenant_id, account_id, transfer_seq,
             row_number() OVER (PARTITION BY tenant_id, account_id ORDER BY transfer_seq) AS position
      FROM ledger_account_history) n
WHERE h.tenant_id = n.tenant_id AND h.account_id = n.account_id AND h.transfer_seq = n.transfer_seq;
ALTER TABLE ledger_account_history ENABLE TRIGGER ledger_history_append_only;

UPDATE ledger_accounts a SET history_position = c.rows
FROM (SELECT tenant_id, account_id, count(*) AS rows FROM ledger_account_history GROUP BY tenant_id, account_id) c
WHERE a.tenant_id = c.tenant_id AND a.id = c.account_id;

ALTER TABLE ledger_account_history ALTER COLUMN position SET NOT NULL;
ALTER TABLE ledger_account_history DROP CONSTRAINT ledger_account_history_pkey;
ALTER TABLE ledger_account_history ADD PRIMARY KEY (tenant_id, account_id, position);
