-- A value describes a place (the province, a city, a county); a unit reports it. And what a target says about
-- several reporters' figures and about due dates. Existing data keeps its meaning: a unit's old values describe its
-- own place (the unit itself when it is a place, else its nearest place above it: the province for a department).

-- Targets: how several reporters' figures for one place combine, and when a period's report is due.
ALTER TABLE target ADD COLUMN department_figures VARCHAR(16) NOT NULL DEFAULT 'LEAD_FIGURE';
ALTER TABLE target ADD COLUMN report_due_after VARCHAR(20);
ALTER TABLE target_revision ADD COLUMN department_figures VARCHAR(16) NOT NULL DEFAULT 'LEAD_FIGURE';
ALTER TABLE target_revision ADD COLUMN report_due_after VARCHAR(20);

-- The registry's places carry their official division code (GB/T 2260).
ALTER TABLE known_unit ADD COLUMN division_code VARCHAR(6);

-- Values: the place each describes. One row per measurement of reports-service (its id), which is unique per
-- (target, unit, place, period); a unit may now report the province and a city for the same period.
ALTER TABLE progress_data_point ADD COLUMN place_code VARCHAR(64);
WITH RECURSIVE chain (unit_code, code, type, parent_code, depth) AS (
    SELECT k.code, k.code, k.type, k.parent_code, 0 FROM known_unit k
    UNION ALL
    SELECT c.unit_code, p.code, p.type, p.parent_code, c.depth + 1
    FROM chain c JOIN known_unit p ON p.code = c.parent_code
    WHERE c.type NOT IN ('PROVINCE', 'CITY', 'COUNTY') AND c.depth < 32
), place AS (
    SELECT DISTINCT ON (unit_code) unit_code, code AS place_code
    FROM chain WHERE type IN ('PROVINCE', 'CITY', 'COUNTY')
    ORDER BY unit_code, depth
)
UPDATE progress_data_point d SET place_code = place.place_code FROM place WHERE place.unit_code = d.unit_code;
-- A unit not (yet) in the local registry: its own code, resolved through the registry when read.
UPDATE progress_data_point SET place_code = unit_code WHERE place_code IS NULL;
ALTER TABLE progress_data_point ALTER COLUMN place_code SET NOT NULL;
UPDATE progress_data_point
SET measurement_id = (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-' || substr(h, 13, 4) || '-' || substr(h, 17, 4) || '-' || substr(h, 21, 12))
FROM (SELECT id AS pid, md5(target_code || '|' || unit_code || '|' || period) AS h FROM progress_data_point) ids
WHERE measurement_id IS NULL AND ids.pid = progress_data_point.id;
ALTER TABLE progress_data_point ALTER COLUMN measurement_id SET NOT NULL;
ALTER TABLE progress_data_point DROP CONSTRAINT progress_data_point_key;
ALTER TABLE progress_data_point ADD CONSTRAINT progress_data_point_measurement UNIQUE (measurement_id);
CREATE INDEX progress_data_point_target ON progress_data_point (target_code, place_code);

-- Every value of a target is read for its roll-up now, so the per-target totals of values left out are not needed.
DROP TABLE progress_value_count;

-- The stored assessment says what its latest figure is: the period, the last day it speaks for (staleness is judged
-- against the latest period due), where it comes from, its coverage of the places below, and how many periods a
-- reconciliation flagged.
ALTER TABLE progress ADD COLUMN last_period VARCHAR(8);
ALTER TABLE progress ADD COLUMN covered_through DATE;
ALTER TABLE progress ADD COLUMN last_source VARCHAR(12);
ALTER TABLE progress ADD COLUMN places_covered INTEGER;
ALTER TABLE progress ADD COLUMN places_total INTEGER;
ALTER TABLE progress ADD COLUMN flagged_periods INTEGER NOT NULL DEFAULT 0;
-- Until the next recompute (daily, or POST /api/v1/progress/recompute): the last period end of the scope's own values.
UPDATE progress p SET covered_through = (SELECT max(d.period_end) FROM progress_data_point d
                                         WHERE d.target_code = p.target_code AND (p.scope = 'PROVINCE' OR d.unit_code = p.scope));
