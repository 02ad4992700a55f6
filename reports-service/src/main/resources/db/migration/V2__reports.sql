-- Local copies of other services' data, kept from their events (units.v1, targets.v1).
CREATE TABLE unit_copy (
    code        VARCHAR(32)  PRIMARY KEY,
    name_zh     VARCHAR(200) NOT NULL,
    name_en     VARCHAR(300),
    type        VARCHAR(40)  NOT NULL,
    parent_code VARCHAR(32),
    active_from DATE         NOT NULL,
    active_to   DATE,
    version     BIGINT       NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX unit_copy_parent ON unit_copy (parent_code);

CREATE TABLE target_copy (
    code                VARCHAR(64)  PRIMARY KEY,
    revision            INT          NOT NULL,
    plan_code           VARCHAR(64),
    plan_start_year     INT          NOT NULL,
    plan_end_year       INT          NOT NULL,
    name_zh             VARCHAR(500),
    name_en             VARCHAR(500),
    kind                VARCHAR(40),
    unit_of_measure     VARCHAR(40),
    reporting_frequency VARCHAR(10)  NOT NULL,
    aggregation         VARCHAR(20)  NOT NULL,
    lower_bound         NUMERIC,
    upper_bound         NUMERIC,
    lead_units          TEXT[]       NOT NULL DEFAULT '{}',
    contributing_units  TEXT[]       NOT NULL DEFAULT '{}',
    retired             BOOLEAN      NOT NULL DEFAULT FALSE,
    updated_at          TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- The current state of one (target, unit, period); every revision is kept in measurement_revision.
CREATE TABLE measurement (
    id                 UUID         PRIMARY KEY,
    target_code        VARCHAR(64)  NOT NULL,
    unit_code          VARCHAR(32)  NOT NULL,
    period             VARCHAR(8)   NOT NULL,
    frequency          VARCHAR(10)  NOT NULL,
    period_start       DATE         NOT NULL,
    period_end         DATE         NOT NULL,
    revision           INT          NOT NULL,
    value              NUMERIC      NOT NULL,
    numerator          NUMERIC,
    denominator        NUMERIC,
    comment            VARCHAR(1000),
    status             VARCHAR(10)  NOT NULL,
    follow_up          BOOLEAN      NOT NULL DEFAULT FALSE,
    z_score            DOUBLE PRECISION,
    first_submitted_at TIMESTAMPTZ  NOT NULL,
    submitted_at       TIMESTAMPTZ  NOT NULL,
    submitted_by_key   VARCHAR(64)  NOT NULL,
    on_behalf          BOOLEAN      NOT NULL DEFAULT FALSE,
    reviewed_at        TIMESTAMPTZ,
    reviewed_by_key    VARCHAR(64),
    review_reason      VARCHAR(1000),
    CONSTRAINT measurement_key UNIQUE (target_code, unit_code, period)
);
CREATE INDEX measurement_unit ON measurement (unit_code, period_start);
CREATE INDEX measurement_target_period ON measurement (target_code, period_start);
CREATE INDEX measurement_follow_up ON measurement (follow_up) WHERE follow_up;

CREATE TABLE measurement_revision (
    measurement_id   UUID         NOT NULL REFERENCES measurement (id),
    revision         INT          NOT NULL,
    value            NUMERIC      NOT NULL,
    numerator        NUMERIC,
    denominator      NUMERIC,
    comment          VARCHAR(1000),
    previous_value   NUMERIC,
    follow_up        BOOLEAN      NOT NULL DEFAULT FALSE,
    z_score          DOUBLE PRECISION,
    submitted_at     TIMESTAMPTZ  NOT NULL,
    submitted_by_key VARCHAR(64)  NOT NULL,
    on_behalf        BOOLEAN      NOT NULL DEFAULT FALSE,
    import_id        UUID,
    PRIMARY KEY (measurement_id, revision)
);

CREATE TABLE measurement_review (
    id             BIGSERIAL    PRIMARY KEY,
    measurement_id UUID         NOT NULL REFERENCES measurement (id),
    revision       INT          NOT NULL,
    action         VARCHAR(10)  NOT NULL,
    reason         VARCHAR(1000),
    reviewed_by_key VARCHAR(64) NOT NULL,
    on_behalf      BOOLEAN      NOT NULL DEFAULT FALSE,
    reviewed_at    TIMESTAMPTZ  NOT NULL
);
CREATE INDEX measurement_review_measurement ON measurement_review (measurement_id);

-- First answer to an Idempotency-Key, per caller (API key id).
CREATE TABLE idempotency_record (
    caller_key_id VARCHAR(64)  NOT NULL,
    idem_key      VARCHAR(200) NOT NULL,
    request_hash  CHAR(64)     NOT NULL,
    status        INT          NOT NULL,
    body          TEXT         NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (caller_key_id, idem_key)
);
