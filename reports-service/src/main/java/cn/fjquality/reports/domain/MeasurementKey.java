package cn.fjquality.reports.domain;

/**
 * What identifies a measurement (the unique key of {@code measurement}): the target, the reporting unit, the place the
 * value describes (a unit code) and the period id.
 */
public record MeasurementKey(String target, String unit, String place, String period) {

    /**
     * Whose history a value is judged against: the same unit's values for the same target and place, at the same
     * frequency (a quarter's value is compared with earlier quarters, not with years; a year and its first quarter
     * also start on the same day).
     */
    public record Series(String target, String unit, String place, String frequency) {
    }
}
