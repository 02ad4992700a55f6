-- Per target, how many stored values count (status not RETURNED) and how many are APPROVED, kept by the consumer in the
-- transaction that changes progress_data_point. The PROVINCE series reads only its lead and contributing units' values
-- (an index range of the unique key) and takes "N value(s) of other units left out" from here, instead of loading every
-- unit's values of the target (50,000 rows per target at 1,000 units x 50 periods).
CREATE TABLE progress_value_count (
    target_code VARCHAR(48) PRIMARY KEY,
    counting    BIGINT NOT NULL DEFAULT 0,
    approved    BIGINT NOT NULL DEFAULT 0
);

INSERT INTO progress_value_count (target_code, counting, approved)
SELECT target_code, count(*) FILTER (WHERE status <> 'RETURNED'), count(*) FILTER (WHERE status = 'APPROVED')
FROM progress_data_point
GROUP BY target_code;
