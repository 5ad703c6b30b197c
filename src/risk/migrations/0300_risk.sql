-- Risk: strategy versions and their deployment, lists, the applications velocity and the identity
-- graph are rebuilt from, and the append-only decision record.

-- Strategy documents, one row per published version; never changed once written.
CREATE TABLE risk_strategy_versions (
  tenant_id text NOT NULL,
  name text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  document jsonb NOT NULL,
  source_format text NOT NULL CHECK (source_format IN ('json', 'yaml')),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, name, version)
);

-- Which versions decide: each activation is a new row; the latest (highest seq) is in force.
CREATE TABLE risk_deployments (
  tenant_id text NOT NULL,
  seq integer NOT NULL,
  champion_name text NOT NULL,
  champion_version integer NOT NULL,
  challenger_name text,
  challenger_version integer,
  challenger_percent integer NOT NULL DEFAULT 0 CHECK (challenger_percent BETWEEN 0 AND 100),
  shadows jsonb NOT NULL DEFAULT '[]',
  activated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, seq),
  FOREIGN KEY (tenant_id, champion_name, champion_version) REFERENCES risk_strategy_versions (tenant_id, name, version),
  FOREIGN KEY (tenant_id, challenger_name, challenger_version) REFERENCES risk_strategy_versions (tenant_id, name, version)
);

-- Black, grey and white lists: the source of truth the in-memory fingerprint sets are loaded from.
CREATE TABLE risk_list_entries (
  tenant_id text NOT NULL,
  list text NOT NULL CHECK (list IN ('black', 'grey', 'white')),
  identifier_type text NOT NULL,
  value text NOT NULL,
  reason text,
  added_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, list, identifier_type, value)
);

-- Every application decided, with its normalised identity: velocity and the graph replay these.
CREATE TABLE risk_applications (
  tenant_id text NOT NULL,
  application_id text NOT NULL,
  customer_id text NOT NULL,
  applied_at timestamptz NOT NULL,
  identity jsonb NOT NULL,
  PRIMARY KEY (tenant_id, application_id)
);
CREATE INDEX risk_applications_by_time ON risk_applications (tenant_id, applied_at);

-- Decisions: append-only. The effective one (champion or challenger) is unique per application;
-- shadow decisions sit beside it with effective = false.
CREATE TABLE risk_decisions (
  tenant_id text NOT NULL,
  decision_id text NOT NULL,
  application_id text NOT NULL,
  customer_id text NOT NULL,
  role text NOT NULL CHECK (role IN ('champion', 'challenger', 'shadow')),
  effective boolean NOT NULL,
  strategy_name text NOT NULL,
  strategy_version integer NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('approve', 'review', 'reject')),
  limit_minor int8,
  currency text NOT NULL,
  price_tier text,
  score double precision NOT NULL,
  score_band text NOT NULL,
  income_band text NOT NULL,
  reason_codes jsonb NOT NULL,
  rule_hits jsonb NOT NULL,
  features jsonb NOT NULL,
  application jsonb NOT NULL,
  bucket integer NOT NULL,
  latency_micros integer NOT NULL,
  decided_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, decision_id)
);
CREATE UNIQUE INDEX risk_decisions_effective ON risk_decisions (tenant_id, application_id) WHERE effective;
CREATE INDEX risk_decisions_by_application ON risk_decisions (tenant_id, application_id);

CREATE FUNCTION risk_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% rows are append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER risk_decisions_append_only BEFORE UPDATE OR DELETE ON risk_decisions
  FOR EACH ROW EXECUTE FUNCTION risk_refuse_change();
CREATE TRIGGER risk_strategy_versions_append_only BEFORE UPDATE OR DELETE ON risk_strategy_versions
  FOR EACH ROW EXECUTE FUNCTION risk_refuse_change();
CREATE TRIGGER risk_applications_append_only BEFORE UPDATE OR DELETE ON risk_applications
  FOR EACH ROW EXECUTE FUNCTION risk_refuse_change();
CREATE TRIGGER risk_decisions_no_truncate BEFORE TRUNCATE ON risk_decisions
  FOR EACH STATEMENT EXECUTE FUNCTION risk_refuse_change();
