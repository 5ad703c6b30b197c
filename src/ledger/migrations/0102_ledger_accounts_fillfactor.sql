-- Every batch updates its accounts' counters in place. With pages packed full (the default fillfactor
-- of 100) no update finds room on its own page, so each one writes a new row version elsewhere plus a
-- new primary-key entry: three WAL records per account instead of one. Leaving half of each page free
-- lets those updates stay on their page (HOT): no index entry, a third of the WAL. Applies to pages
-- written from now on; an existing table gains it as it is rewritten (VACUUM FULL, CLUSTER).
ALTER TABLE ledger_accounts SET (fillfactor = 50);
