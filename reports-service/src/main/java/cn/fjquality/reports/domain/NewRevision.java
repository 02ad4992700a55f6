package cn.fjquality.reports.domain;

import cn.fjquality.events.period.Period;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One accepted row as it is stored: a revision of measurement {@code id}, and (when it is the last revision of its key
 * in a write) the measurement's new current state. Its status is always {@link Measurement#SUBMITTED}.
 *
 * @param insert        the measurement row does not exist yet
 * @param previousValue the value of the revision before, null for the first
 */
public record NewRevision(UUID id, boolean insert, String target, String unit, String place, Period period, int revision,
                          BigDecimal value, BigDecimal numerator, BigDecimal denominator, String comment, BigDecimal previousValue,
                          boolean followUp, Double zScore, Instant firstSubmittedAt) {

    public MeasurementKey key() {
        return new MeasurementKey(target, unit, place, period.id());
    }
}
