package cn.fjquality.events.v1;

import java.math.BigDecimal;
import java.util.List;

/**
 * The state of a target at one revision, with what reports-service needs to validate measurements.
 *
 * @param departmentFigures how the figures several units report for one place combine: {@code LEAD_FIGURE} (the first
 *                          reporter in precedence order) or {@code SUM_OF_SHARES}; null in events written before the
 *                          field existed, meaning {@code LEAD_FIGURE} (optional field of schema version 1)
 * @param reportDueAfter    when a period's report is due, as an ISO-8601 period after the period's last day
 *                          ({@code P3M}, {@code P30D}); null: the default of the reporting frequency
 *                          ({@link cn.fjquality.events.period.DueDates}) (optional field of schema version 1)
 */
public record TargetPayload(
        String code,
        int revision,
        String planCode,
        int planStartYear,
        int planEndYear,
        String section,
        String nameZh,
        String nameEn,
        String kind,
        String comparator,
        BigDecimal targetValue,
        String unit,
        int deadlineYear,
        Integer baselineYear,
        BigDecimal baselineValue,
        String direction,
        String reportingFrequency,
        String aggregation,
        BigDecimal lowerBound,
        BigDecimal upperBound,
        List<String> leadUnits,
        List<String> contributingUnits,
        boolean retired,
        String departmentFigures,
        String reportDueAfter) {
}
