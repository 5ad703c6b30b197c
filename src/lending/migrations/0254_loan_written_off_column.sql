-- The principal a loan's write-off took off the books, as a column beside the receivables: the
-- portfolio report and the vintage table sum it. They used to read it from inside the state document
-- under the generic form's key, which the compact stored form (stored-state.ts) names otherwise, so a
-- written-off loan in the compact form counted as nothing written off.
ALTER TABLE lending_loans ADD COLUMN written_off_principal_minor int8 NOT NULL DEFAULT 0;
UPDATE lending_loans SET written_off_principal_minor = coalesce((state::jsonb->'wo'->>0)::int8, (state::jsonb->'writtenOff'->>'principalMinor')::int8, 0)
WHERE status = 'writtenOff';
