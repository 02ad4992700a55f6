-- The four-eyes rule of review: a unit does not review what one of its keys submitted, also for a unit below it (a city's
-- subtree key reporting for its county). The unit of the REPORTER key that submitted a revision is kept from now on; null
-- for an ADMIN key (on_behalf) and for every revision stored before this migration (not known: the caller token named it,
-- the key id alone does not). ReviewRules treats a REPORTER's revision without it as possibly submitted by any unit above
-- the value's unit.
ALTER TABLE measurement ADD COLUMN submitted_by_unit VARCHAR(32);
ALTER TABLE measurement_revision ADD COLUMN submitted_by_unit VARCHAR(32);

-- Idempotency-Key answers expire after reports.idempotency.retention (IdempotencyRetention deletes them by age, in batches).
CREATE INDEX idempotency_record_created ON idempotency_record (created_at);
