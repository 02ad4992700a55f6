-- Plans: loaded from the versioned catalog file; catalog_hash is the hash of the file entry last applied.
CREATE TABLE plan (
    id              BIGSERIAL PRIMARY KEY,
    code            VARCHAR(32)  NOT NULL UNIQUE,
    title_zh        VARCHAR(300) NOT NULL,
    title_en        VARCHAR(500) NOT NULL,
    issuer          VARCHAR(200) NOT NULL,
    issued_date     DATE,
    start_year      INTEGER      NOT NULL,
    end_year        INTEGER      NOT NULL,
    source_document VARCHAR(200),
    catalog_hash    CHAR(64),
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT plan_horizon CHECK (start_year <= end_year)
);

-- A target: its stable identity plus the content of its current revision (a projection of the newest
-- target_revision row, kept here for filtering and paging). Later tables (e.g. the progress projection)
-- reference target (code).
CREATE TABLE target (
    id                  BIGSERIAL PRIMARY KEY,
    code                VARCHAR(48)  NOT NULL UNIQUE,
    plan_code           VARCHAR(32)  NOT NULL REFERENCES plan (code),
    revision            INTEGER      NOT NULL,
    section             VARCHAR(100) NOT NULL,
    name_zh             VARCHAR(300) NOT NULL,
    name_en             VARCHAR(500) NOT NULL,
    kind                VARCHAR(20)  NOT NULL,
    comparator          VARCHAR(2)   NOT NULL,
    target_value        NUMERIC      NOT NULL,
    unit                VARCHAR(40)  NOT NULL,
    deadline_year       INTEGER      NOT NULL,
    baseline_year       INTEGER,
    baseline_value      NUMERIC,
    direction           VARCHAR(10)  NOT NULL,
    reporting_frequency VARCHAR(10)  NOT NULL,
    aggregation         VARCHAR(20)  NOT NULL,
    lower_bound         NUMERIC,
    upper_bound         NUMERIC,
    lead_units          TEXT[]       NOT NULL,
    lead_units_assigned BOOLEAN      NOT NULL DEFAULT TRUE,
    contributing_units  TEXT[]       NOT NULL DEFAULT '{}',
    source_document     VARCHAR(200),
    source_text         TEXT,
    retired_at          TIMESTAMPTZ,
    catalog_hash        CHAR(64),
    version             BIGINT       NOT NULL DEFAULT 0,
    created_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT target_bounds_ordered CHECK (lower_bound IS NULL OR upper_bound IS NULL OR lower_bound <= upper_bound),
    CONSTRAINT target_has_lead_unit CHECK (cardinality(lead_units) > 0)
);
CREATE INDEX target_plan ON target (plan_code);
CREATE INDEX target_kind ON target (kind);
CREATE INDEX target_lead_units ON target USING GIN (lead_units);

-- Every revision of every target, never updated: revision 1, 2, 3 ... with who, when and why.
CREATE TABLE target_revision (
    id                  BIGSERIAL PRIMARY KEY,
    target_code         VARCHAR(48)  NOT NULL REFERENCES target (code),
    revision            INTEGER      NOT NULL,
    change_type         VARCHAR(20)  NOT NULL,
    change_source       VARCHAR(20)  NOT NULL,
    changed_by          VARCHAR(100) NOT NULL,
    changed_at          TIMESTAMPTZ  NOT NULL,
    change_note         VARCHAR(500),
    changed_fields      TEXT[]       NOT NULL DEFAULT '{}',
    retired             BOOLEAN      NOT NULL DEFAULT FALSE,
    plan_code           VARCHAR(32)  NOT NULL,
    section             VARCHAR(100) NOT NULL,
    name_zh             VARCHAR(300) NOT NULL,
    name_en             VARCHAR(500) NOT NULL,
    kind                VARCHAR(20)  NOT NULL,
    comparator          VARCHAR(2)   NOT NULL,
    target_value        NUMERIC      NOT NULL,
    unit                VARCHAR(40)  NOT NULL,
    deadline_year       INTEGER      NOT NULL,
    baseline_year       INTEGER,
    baseline_value      NUMERIC,
    direction           VARCHAR(10)  NOT NULL,
    reporting_frequency VARCHAR(10)  NOT NULL,
    aggregation         VARCHAR(20)  NOT NULL,
    lower_bound         NUMERIC,
    upper_bound         NUMERIC,
    lead_units          TEXT[]       NOT NULL,
    lead_units_assigned BOOLEAN      NOT NULL DEFAULT TRUE,
    contributing_units  TEXT[]       NOT NULL DEFAULT '{}',
    source_document     VARCHAR(200),
    source_text         TEXT,
    CONSTRAINT target_revision_unique UNIQUE (target_code, revision),
    CONSTRAINT target_revision_positive CHECK (revision >= 1)
);

-- The local copy of the unit registry, fed by units.v1 (the highest payload version per code wins).
CREATE TABLE known_unit (
    code        VARCHAR(32)  PRIMARY KEY,
    name_zh     VARCHAR(200),
    name_en     VARCHAR(300),
    type        VARCHAR(40),
    parent_code VARCHAR(32),
    active_from DATE,
    active_to   DATE,
    version     BIGINT       NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
