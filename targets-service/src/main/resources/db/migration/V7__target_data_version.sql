-- A counter of changes to each target's values (issue "[6/6] Performance"): the measurements consumer adds one in
-- the transaction that stores values of the target, under the target's row lock. Every targets-service instance
-- compares it before it answers a progress read from its in-memory cache (ProgressCache), so a value stored through
-- any instance is seen by all.
ALTER TABLE target ADD COLUMN data_version bigint NOT NULL DEFAULT 0;
