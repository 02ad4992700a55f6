-- The official administrative-division code (统计用区划代码 / GB/T 2260, six digits) of a place: a unit of type
-- PROVINCE, CITY or COUNTY. Departments and agencies report for places and carry none. A unit can be looked up by
-- it, so no two units share one.
ALTER TABLE unit ADD COLUMN division_code VARCHAR(6);
ALTER TABLE unit ADD CONSTRAINT unit_division_code_digits CHECK (division_code ~ '^[0-9]{6}$');
ALTER TABLE unit ADD CONSTRAINT unit_division_code_place
    CHECK (division_code IS NULL OR type IN ('PROVINCE', 'CITY', 'COUNTY'));
CREATE UNIQUE INDEX unit_division_code ON unit (division_code) WHERE division_code IS NOT NULL;
