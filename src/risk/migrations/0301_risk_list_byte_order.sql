-- List identifiers compare as bytes: a locale's collation means nothing for a phone, card or device
-- id, costs a strcoll per comparison in every index probe, and its order differs from the order an
-- import sorts its rows in (code points, which byte order of UTF-8 equals). With "C" the primary key
-- is ordered exactly as imports arrive, so a large import inserts along the index.
ALTER TABLE risk_list_entries
  ALTER COLUMN list TYPE text COLLATE "C",
  ALTER COLUMN identifier_type TYPE text COLLATE "C",
  ALTER COLUMN value TYPE text COLLATE "C";
