-- End-of-day reports stored before reports carried major units hold their amounts as strings of
-- minor units, and their receivable ties as subLedgerMinor/ledgerMinor with no currency. The API's
-- report has no room for that form, so reading such a run, or a page of runs holding one, failed
-- (500). They are rewritten in the current form: a tie's currency is its product's (else the
-- report's first ledger), every amount in major units of its currency. The exponents are those of
-- lendcore's currency table (kernel/money.ts) as this migration was written: no decimals or three
-- for the currencies named below, two for every other it accepts. Breaks, human text, keep their words.
CREATE FUNCTION pg_temp.lendcore_exponent(currency text) RETURNS int AS $$
  SELECT CASE
    WHEN currency IN ('JPY', 'KRW', 'VND', 'CLP', 'ISK', 'UGX', 'XAF', 'XOF', 'PYG', 'KMF', 'GNF', 'RWF', 'VUV', 'XPF', 'BIF', 'DJF') THEN 0
    WHEN currency IN ('BHD', 'KWD', 'OMR', 'JOD', 'IQD', 'LYD', 'TND') THEN 3
    ELSE 2
  END
$$ LANGUAGE sql IMMUTABLE;

-- An amount in minor units as a decimal string in major units ('12345' in CNY: '123.45').
CREATE FUNCTION pg_temp.lendcore_major(minor text, currency text) RETURNS text AS $$
  SELECT round(minor::numeric / 10::numeric ^ pg_temp.lendcore_exponent(currency), pg_temp.lendcore_exponent(currency))::text
$$ LANGUAGE sql IMMUTABLE;

-- A trial balance's amount is in minor units where it should show decimals and does not.
CREATE FUNCTION pg_temp.lendcore_in_minor_units(amount text, currency text) RETURNS boolean AS $$
  SELECT pg_temp.lendcore_exponent(currency) > 0 AND position('.' IN amount) = 0
$$ LANGUAGE sql IMMUTABLE;

UPDATE lending_eod_runs r SET report = jsonb_build_object(
  'tied', r.report->'tied',
  'trialBalances', coalesce((
    SELECT jsonb_agg(CASE WHEN pg_temp.lendcore_in_minor_units(tb->>'debitsPosted', tb->>'ledger')
      THEN jsonb_build_object('ledger', tb->>'ledger', 'debitsPosted', pg_temp.lendcore_major(tb->>'debitsPosted', tb->>'ledger'),
        'creditsPosted', pg_temp.lendcore_major(tb->>'creditsPosted', tb->>'ledger'), 'balanced', tb->'balanced')
      ELSE tb END ORDER BY n)
    FROM jsonb_array_elements(r.report->'trialBalances') WITH ORDINALITY AS t(tb, n)), '[]'::jsonb),
  'receivables', coalesce((
    SELECT jsonb_agg(CASE WHEN tie ? 'subLedgerMinor'
      THEN jsonb_build_object('productId', tie->>'productId', 'currency', c.currency, 'role', tie->>'role',
        'subLedger', pg_temp.lendcore_major(tie->>'subLedgerMinor', c.currency), 'ledger', pg_temp.lendcore_major(tie->>'ledgerMinor', c.currency))
      ELSE tie END ORDER BY n)
    FROM jsonb_array_elements(r.report->'receivables') WITH ORDINALITY AS t(tie, n)
    CROSS JOIN LATERAL (SELECT coalesce(
      (SELECT v.currency FROM lending_product_versions v WHERE v.tenant_id = r.tenant_id AND v.product_id = tie->>'productId' ORDER BY v.version DESC LIMIT 1),
      r.report->'trialBalances'->0->>'ledger') AS currency) c), '[]'::jsonb),
  'breaks', r.report->'breaks')
WHERE r.report IS NOT NULL AND (
  EXISTS (SELECT 1 FROM jsonb_array_elements(r.report->'receivables') tie WHERE tie ? 'subLedgerMinor')
  OR EXISTS (SELECT 1 FROM jsonb_array_elements(r.report->'trialBalances') tb WHERE pg_temp.lendcore_in_minor_units(tb->>'debitsPosted', tb->>'ledger')));

DROP FUNCTION pg_temp.lendcore_in_minor_units(text, text);
DROP FUNCTION pg_temp.lendcore_major(text, text);
DROP FUNCTION pg_temp.lendcore_exponent(text);
