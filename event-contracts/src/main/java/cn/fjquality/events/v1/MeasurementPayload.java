package cn.fjquality.events.v1;

import java.math.BigDecimal;
import java.time.Instant;

/** One revision of the value a unit reported for a target and period. */
public record MeasurementPayload(
        String measurementId,
        int revision,
        String targetCode,
        String unitCode,
        String period,
        BigDecimal value,
        BigDecimal numerator,
        BigDecimal denominator,
        String status,
        boolean followUp,
        Instant submittedAt,
        String submittedByKey) {
}
