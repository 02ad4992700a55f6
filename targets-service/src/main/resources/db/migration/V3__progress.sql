-- The progress projection (target vs actual), fed by measurements.v1.

-- The latest accepted revision of each (target, unit, period) value; an older revision arriving late is ignored.
-- No foreign key to target: an event may name a target this service does not know (yet); it is kept, not lost.
CREATE TABLE progress_data_point (
    id             BIGSERIAL PRIMARY KEY,
    target_code    VARCHAR(48)      NOT NULL,
    unit_code      VARCHAR(64)      NOT NULL,
    period         VARCHAR(8)       NOT NULL,
    period_start   DATE             NOT NULL,
    period_end     DATE             NOT NULL,
    measurement_id VARCHAR(64),
    revision       INTEGER          NOT NULL,
    value          DOUBLE PRECISION NOT NULL,
    numerator      DOUBLE PRECISION,
    denominator    DOUBLE PRECISION,
    status         VARCHAR(16)      NOT NULL,
    -- occurredAt of the event that set the status (orders reviews of the same revision)
    status_at      TIMESTAMPTZ      NOT NULL,
    -- when reports-service accepted the revision (the "reported at" of as-of and stale)
    submitted_at   TIMESTAMPTZ      NOT NULL,
    received_at    TIMESTAMPTZ      NOT NULL,
    CONSTRAINT progress_data_point_key UNIQUE (target_code, unit_code, period)
);

-- The assessment per target and scope ('PROVINCE' or a unit code) after the last event, revision or daily run.
-- Targets without any row have no data (NO_DATA, computed on demand).
CREATE TABLE progress (
    target_code       VARCHAR(48)      NOT NULL,
    scope             VARCHAR(64)      NOT NULL,
    status            VARCHAR(24)      NOT NULL,
    actual            DOUBLE PRECISION,
    gap               DOUBLE PRECISION,
    percent_of_target DOUBLE PRECISION,
    forecast          DOUBLE PRECISION,
    progress_ratio    DOUBLE PRECISION,
    baseline          DOUBLE PRECISION,
    method            TEXT             NOT NULL,
    last_report_at    TIMESTAMPTZ,
    stale             BOOLEAN          NOT NULL,
    computed_at       TIMESTAMPTZ      NOT NULL,
    PRIMARY KEY (target_code, scope)
);
CREATE INDEX progress_status ON progress (scope, status);
