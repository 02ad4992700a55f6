-- A value describes a place (the province, a city or a county); the unit that reports it is another matter
-- (a provincial department reports the figure of the province and may report those of cities and counties).
-- Targets carry their base year and, where needed, their own due offset.

-- The official 6-digit division code (GB/T 2260) of a place; null for departments and agencies.
ALTER TABLE unit_copy ADD COLUMN division_code VARCHAR(6);
CREATE INDEX unit_copy_division ON unit_copy (division_code) WHERE division_code IS NOT NULL;

ALTER TABLE target_copy
    ADD COLUMN baseline_year      INT,
    -- LEAD_FIGURE or SUM_OF_SHARES; null = LEAD_FIGURE
    ADD COLUMN department_figures VARCHAR(20),
    -- ISO-8601 period after the last day of a period (P3M, P30D); null = the default of the reporting frequency
    ADD COLUMN report_due_after   VARCHAR(20);

ALTER TABLE measurement ADD COLUMN place_code VARCHAR(32);

-- Every value stored so far was reported for the reporting unit itself: it describes the default place of the unit (Places.defaultPlace
-- in event-contracts), the unit itself when it is a PROVINCE, CITY or COUNTY, else its nearest ancestor that is one.
-- The walk stops at depth 32 (a cycle in a stale copy cannot loop). When the chain reaches no place at all (a unit
-- outside the tree of the registry; the seeded registry has none), the code of the unit itself is the last resort: the
-- row must get a place, and that code is the one that names what it reported. New submissions from such a unit are
-- refused with PLACE_NOT_ALLOWED instead.
WITH RECURSIVE chain (start_code, code, type, parent_code, depth) AS (
    SELECT u.code, u.code, u.type, u.parent_code, 0
    FROM unit_copy u
    WHERE u.code IN (SELECT DISTINCT unit_code FROM measurement)
    UNION ALL
    SELECT c.start_code, p.code, p.type, p.parent_code, c.depth + 1
    FROM chain c
    JOIN unit_copy p ON p.code = c.parent_code
    WHERE c.type NOT IN ('PROVINCE', 'CITY', 'COUNTY') AND c.depth < 32
), nearest AS (
    SELECT DISTINCT ON (start_code) start_code, code
    FROM chain
    WHERE type IN ('PROVINCE', 'CITY', 'COUNTY')
    ORDER BY start_code, depth
)
UPDATE measurement m
SET place_code = coalesce(n.code, m.unit_code)
FROM (SELECT DISTINCT unit_code FROM measurement) r
LEFT JOIN nearest n ON n.start_code = r.unit_code
WHERE m.unit_code = r.unit_code;

ALTER TABLE measurement ALTER COLUMN place_code SET NOT NULL;

-- One current state per (target, unit, place, period): the province figure of a department and its figure for a city
-- are two measurements. The index of the key also serves the lookups by (target, unit[, place]) of imports and the
-- outlier history (leading columns).
ALTER TABLE measurement DROP CONSTRAINT measurement_key;
ALTER TABLE measurement ADD CONSTRAINT measurement_key UNIQUE (target_code, unit_code, place_code, period);
-- GET /api/v1/measurements?place=
CREATE INDEX measurement_place ON measurement (place_code, period_start);
