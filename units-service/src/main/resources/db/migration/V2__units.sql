CREATE TABLE unit (
    id            BIGSERIAL PRIMARY KEY,
    code          VARCHAR(32)  NOT NULL UNIQUE,
    name_zh       VARCHAR(200) NOT NULL,
    name_en       VARCHAR(300) NOT NULL,
    type          VARCHAR(40)  NOT NULL,
    parent_code   VARCHAR(32) REFERENCES unit (code),
    active_from   DATE         NOT NULL,
    active_to     DATE,
    aliases       TEXT[]       NOT NULL DEFAULT '{}',
    note          VARCHAR(500),
    contact_name  VARCHAR(100),
    contact_email VARCHAR(200),
    contact_phone VARCHAR(50),
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT unit_active_range CHECK (active_to IS NULL OR active_to >= active_from)
);
CREATE INDEX unit_parent ON unit (parent_code);
CREATE INDEX unit_type ON unit (type);

CREATE TABLE api_key (
    id          BIGSERIAL PRIMARY KEY,
    key_id      VARCHAR(32)  NOT NULL UNIQUE,
    secret_hash CHAR(64)     NOT NULL,
    role        VARCHAR(20)  NOT NULL,
    unit_code   VARCHAR(32) REFERENCES unit (code),
    subtree     BOOLEAN      NOT NULL DEFAULT FALSE,
    label       VARCHAR(200),
    created_by  VARCHAR(64),
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    revoked_at  TIMESTAMPTZ,
    CONSTRAINT api_key_reporter_has_unit CHECK (role <> 'REPORTER' OR unit_code IS NOT NULL)
);
CREATE INDEX api_key_unit ON api_key (unit_code);

-- Hash of the seed entry last applied to a unit: the seed updates a unit only when its own entry
-- changed, so edits made through the API survive restarts.
ALTER TABLE unit ADD COLUMN seed_hash CHAR(64);
