package cn.fjquality.events.v1;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One revision of the value a unit reported for a target, place and period.
 *
 * @param placeCode the unit code of the place the value describes (the province, a city or a county); null in events
 *                  written before values named places, meaning the reporting unit's own place
 *                  ({@link cn.fjquality.events.places.Places#defaultPlace}) (optional field of schema version 1)
 */
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
        String submittedByKey,
        String placeCode) {
}
