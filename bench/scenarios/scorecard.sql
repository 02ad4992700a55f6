-- Scenario scorecard: the progress data points of the benchmark, set-based, in the targets database.
-- psql variables: unit_codes (comma-separated; read from known_unit, the units.v1 copy), periods (per target),
-- bench_plan (the synthetic plan; the targets are its targets plus the 2025 outline's).
-- Every (target, unit, period) of the benchmark targets x units x periods; a value that already exists (e.g. a
-- real submission of the propagation scenario) is left as it is. Run by scorecard.py; idempotent.
\set ON_ERROR_STOP on
SET synchronous_commit = off;
SET work_mem = '256MB';
SET maintenance_work_mem = '512MB';

CREATE TEMP TABLE bench_target AS
SELECT row_number() OVER (ORDER BY code) AS ord, code, reporting_frequency AS freq, aggregation, unit, kind
FROM target
WHERE retired_at IS NULL AND plan_code IN ('FJ-OUTLINE-2025', :'bench_plan');

CREATE TEMP TABLE bench_unit AS
SELECT row_number() OVER (ORDER BY code) AS ord, code
FROM known_unit
WHERE code = ANY (string_to_array(:'unit_codes', ','));

-- The last :periods periods of each frequency up to 2025: years 2025, 2024, ...; months 202512, 202511, ...
CREATE TEMP TABLE bench_period AS
SELECT 'YEAR'::text AS freq, n AS ord, (2025 - n)::text AS id,
       make_date(2025 - n, 1, 1) AS start_d, make_date(2025 - n, 12, 31) AS end_d
FROM generate_series(0, :periods - 1) AS n
UNION ALL
SELECT 'MONTH', n, to_char(date '2025-12-01' - make_interval(months => n), 'YYYYMM'),
       (date '2025-12-01' - make_interval(months => n))::date,
       (date '2025-12-01' - make_interval(months => n) + interval '1 month - 1 day')::date
FROM generate_series(0, :periods - 1) AS n;

-- What the values rise by towards the latest period (0.1 per period).
ALTER TABLE bench_period ADD COLUMN rise float8;
UPDATE bench_period SET rise = (:periods - ord) * 0.1;

\timing on
-- One target at a time, each in (unit, period) order (sorted in memory), so the (target, place) index grows at its
-- right edge and nothing spills to disk; one transaction.
DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT * FROM bench_target ORDER BY code LOOP
    -- place_code = the unit: the benchmark's units are places (counties, and the seeded cities), each reporting its own.
    INSERT INTO progress_data_point (target_code, unit_code, place_code, period, period_start, period_end, measurement_id,
                                     revision, value, numerator, denominator, status, status_at, submitted_at, received_at)
    SELECT t.code, u.code, u.code, p.id, p.start_d, p.end_d,
           'bench-' || t.ord || '-' || u.ord || '-' || p.ord, 1, v.value,
           CASE WHEN t.aggregation = 'RATIO' THEN v.value * 10 END,
           CASE WHEN t.aggregation = 'RATIO' THEN CASE WHEN t.unit = '%' THEN 1000.0 ELSE 10.0 END END,
           CASE WHEN (t.ord + u.ord + p.ord) % 97 = 0 THEN 'RETURNED'
                WHEN p.ord >= 3 THEN 'APPROVED' ELSE 'SUBMITTED' END,
           s.at, s.at, s.at + interval '1 second'
    FROM bench_period p
    CROSS JOIN bench_unit u
    -- 50..90 per unit and target, rising towards the latest period (inside every bound of the catalog's kinds)
    CROSS JOIN LATERAL (SELECT round((50 + mod(hashtext(u.code || t.code)::bigint + 2147483648, 400) / 10.0 + p.rise)::numeric,
                                     3)::float8 AS value) v
    CROSS JOIN LATERAL (SELECT least(p.end_d + interval '20 days', now() - interval '1 hour')::timestamptz AS at) s
    WHERE p.freq = t.freq
    ORDER BY u.code, p.id
    ON CONFLICT (measurement_id) DO NOTHING;
  END LOOP;
END $$;

-- One assessment row per (target, PROVINCE) and (target, unit) that has values, as the consumer would have made;
-- placeholders that POST /api/v1/progress/recompute (the service's own daily recompute) fills in.
INSERT INTO progress (target_code, scope, status, method, stale, computed_at)
SELECT t.code, s.scope, 'NO_DATA', 'bulk-loaded; awaiting recompute', true, now()
FROM bench_target t
CROSS JOIN (SELECT 'PROVINCE'::text AS scope UNION ALL SELECT code FROM bench_unit) s
ON CONFLICT (target_code, scope) DO NOTHING;
